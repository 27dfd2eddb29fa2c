package com.mallquest.mall.application.idempotency;

import com.mallquest.mall.application.port.IdempotencyRepository;
import com.mallquest.mall.application.port.IdempotencyRepository.Entry;
import com.mallquest.mall.application.port.IdempotencyRepository.StoredResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code Idempotency-Key} semantics, whatever the endpoint: the first request with a key claims it
 * and runs; its response is kept for {@link #retention()}; a later request with the same key and
 * the same request hash gets that response again, one with another hash is refused, and one that
 * arrives while the first is still running is told to retry.
 *
 * <p>Claims are rows with a primary key, so two instances racing for one key cannot both run it. A
 * claim whose request never finished (the instance died) is taken over after {@code
 * inFlightTimeout}; an entry older than the retention counts as absent even before the purge
 * deletes it.
 */
public final class IdempotentRequests {

  /** What the caller of {@link #begin} should do. */
  public sealed interface Decision permits Proceed, Replay, Mismatch, InFlight {}

  /**
   * Run the request, then {@link #finish} or {@link #abandon} with this claim.
   *
   * @param claimedAt the claim's time, which identifies it
   */
  public record Proceed(Instant claimedAt) implements Decision {}

  /**
   * Answer with the stored response; do not run the request.
   *
   * @param response what the first request answered
   */
  public record Replay(StoredResponse response) implements Decision {}

  /** The key was used with another request: refuse (422). */
  public record Mismatch() implements Decision {}

  /** The first request with this key is still running: refuse (409), the client may retry. */
  public record InFlight() implements Decision {}

  /** How often {@link #begin} retries when a stale or expired entry vanished under it. */
  private static final int ATTEMPTS = 3;

  private final IdempotencyRepository entries;
  private final Clock clock;
  private final Duration retention;
  private final Duration inFlightTimeout;

  /**
   * @param retention how long a response is replayed (e.g. 24 h)
   * @param inFlightTimeout after this a claim without a response is taken to be abandoned; longer
   *     than any request may run
   */
  public IdempotentRequests(
      IdempotencyRepository entries, Clock clock, Duration retention, Duration inFlightTimeout) {
    this.entries = Objects.requireNonNull(entries, "entries");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = requirePositive(retention, "retention");
    this.inFlightTimeout = requirePositive(inFlightTimeout, "inFlightTimeout");
  }

  /** How long responses are kept. */
  public Duration retention() {
    return retention;
  }

  /**
   * Claims {@code key} for the caller, or says why not.
   *
   * @param apiKeyId the caller's key id (keys are per caller)
   * @param key the client's Idempotency-Key
   * @param requestHash identifies the request (method, path, body)
   */
  public Decision begin(String apiKeyId, String key, String requestHash) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      if (entries.claim(apiKeyId, key, requestHash, now)) {
        return new Proceed(now);
      }
      Optional<Entry> found = entries.find(apiKeyId, key);
      if (found.isEmpty()) {
        continue;
      }
      Entry entry = found.get();
      if (!entry.createdAt().plus(retention).isAfter(now)) {
        entries.delete(apiKeyId, key, entry.createdAt());
        continue;
      }
      if (!entry.requestHash().equals(requestHash)) {
        return new Mismatch();
      }
      if (entry.response().isPresent()) {
        return new Replay(entry.response().get());
      }
      if (!entry.createdAt().plus(inFlightTimeout).isAfter(now)) {
        entries.delete(apiKeyId, key, entry.createdAt());
        continue;
      }
      return new InFlight();
    }
    return new InFlight();
  }

  /** Keeps the response of a request that {@link #begin} let proceed. */
  public void finish(String apiKeyId, String key, StoredResponse response) {
    entries.complete(apiKeyId, key, response);
  }

  /** Releases a claim whose response is not to be kept (5xx, a failure): a retry runs again. */
  public void abandon(String apiKeyId, String key, Proceed claim) {
    entries.delete(apiKeyId, key, claim.claimedAt());
  }

  /**
   * Deletes entries older than the retention.
   *
   * @return how many
   */
  public int purgeExpired() {
    return entries.deleteCreatedBefore(clock.instant().minus(retention));
  }

  private static Duration requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }
}
