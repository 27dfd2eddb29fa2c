package com.mallquest.mall.application.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.application.idempotency.IdempotentRequests.InFlight;
import com.mallquest.mall.application.idempotency.IdempotentRequests.Mismatch;
import com.mallquest.mall.application.idempotency.IdempotentRequests.Proceed;
import com.mallquest.mall.application.idempotency.IdempotentRequests.Replay;
import com.mallquest.mall.application.port.IdempotencyRepository;
import com.mallquest.mall.application.port.IdempotencyRepository.StoredResponse;
import com.mallquest.mall.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Idempotency-Key semantics without Spring or a database; time is a clock the test moves. */
class IdempotentRequestsTest {

  private static final StoredResponse CREATED =
      new StoredResponse(
          201, Optional.of("application/json"), Optional.of("/api/v1/x/1"), "{\"id\":1}");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
  private final InMemoryEntries entries = new InMemoryEntries();
  private final IdempotentRequests requests =
      new IdempotentRequests(entries, clock, Duration.ofHours(24), Duration.ofSeconds(60));

  @Test
  void begin_newKey_proceeds() {
    assertThat(requests.begin("k", "i1", "h1")).isInstanceOf(Proceed.class);
  }

  @Test
  void begin_afterFinish_sameHash_replaysTheResponse() {
    finished("k", "i1", "h1");

    assertThat(requests.begin("k", "i1", "h1")).isEqualTo(new Replay(CREATED));
  }

  @Test
  void begin_afterFinish_otherHash_isMismatch() {
    finished("k", "i1", "h1");

    assertThat(requests.begin("k", "i1", "h2")).isInstanceOf(Mismatch.class);
  }

  @Test
  void begin_whileFirstInFlight_isInFlight_otherHashIsMismatch() {
    requests.begin("k", "i1", "h1");
    clock.advance(Duration.ofSeconds(59));

    assertThat(requests.begin("k", "i1", "h1")).isInstanceOf(InFlight.class);
    assertThat(requests.begin("k", "i1", "h2")).isInstanceOf(Mismatch.class);
  }

  @Test
  void begin_claimAbandonedByADeadInstance_isTakenOverAfterTheTimeout() {
    requests.begin("k", "i1", "h1");
    clock.advance(Duration.ofSeconds(60));

    assertThat(requests.begin("k", "i1", "h1")).isInstanceOf(Proceed.class);
  }

  @Test
  void begin_sameIdempotencyKeyOtherApiKey_isIndependent() {
    finished("k", "i1", "h1");

    assertThat(requests.begin("other", "i1", "h2")).isInstanceOf(Proceed.class);
  }

  @Test
  void abandon_letsTheRetryRunAgain() {
    Proceed claim = (Proceed) requests.begin("k", "i1", "h1");

    requests.abandon("k", "i1", claim);

    assertThat(requests.begin("k", "i1", "h1")).isInstanceOf(Proceed.class);
  }

  @Test
  void begin_responseKept24h_thenTheKeyIsNew() {
    finished("k", "i1", "h1");

    clock.advance(Duration.ofHours(24).minusSeconds(1));
    assertThat(requests.begin("k", "i1", "h2")).isInstanceOf(Mismatch.class);
    clock.advance(Duration.ofSeconds(1));
    assertThat(requests.begin("k", "i1", "h2")).isInstanceOf(Proceed.class);
  }

  @Test
  void purgeExpired_deletesOnlyEntriesOlderThanTheRetention() {
    finished("k", "old", "h1");
    clock.advance(Duration.ofHours(23));
    finished("k", "young", "h1");
    clock.advance(Duration.ofHours(1).plusSeconds(1));

    assertThat(requests.purgeExpired()).isEqualTo(1);

    assertThat(entries.rows.keySet()).containsExactly(List.of("k", "young"));
    assertThat(requests.begin("k", "young", "h1")).isEqualTo(new Replay(CREATED));
  }

  @Test
  void constructor_nonPositiveDurations_areRefused() {
    assertThatThrownBy(
            () -> new IdempotentRequests(entries, clock, Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention");
    assertThatThrownBy(
            () ->
                new IdempotentRequests(entries, clock, Duration.ofHours(1), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inFlightTimeout");
  }

  private void finished(String apiKey, String key, String hash) {
    assertThat(requests.begin(apiKey, key, hash)).isInstanceOf(Proceed.class);
    requests.finish(apiKey, key, CREATED);
  }

  private static final class InMemoryEntries implements IdempotencyRepository {
    final Map<List<String>, Entry> rows = new HashMap<>();

    @Override
    public boolean claim(String apiKeyId, String key, String requestHash, Instant now) {
      return rows.putIfAbsent(
              List.of(apiKeyId, key), new Entry(apiKeyId, key, requestHash, Optional.empty(), now))
          == null;
    }

    @Override
    public Optional<Entry> find(String apiKeyId, String key) {
      return Optional.ofNullable(rows.get(List.of(apiKeyId, key)));
    }

    @Override
    public void complete(String apiKeyId, String key, StoredResponse response) {
      rows.computeIfPresent(
          List.of(apiKeyId, key),
          (k, e) ->
              new Entry(
                  e.apiKeyId(), e.key(), e.requestHash(), Optional.of(response), e.createdAt()));
    }

    @Override
    public void delete(String apiKeyId, String key, Instant createdAt) {
      rows.computeIfPresent(
          List.of(apiKeyId, key), (k, e) -> e.createdAt().equals(createdAt) ? null : e);
    }

    @Override
    public int deleteCreatedBefore(Instant cutoff) {
      int before = rows.size();
      rows.values().removeIf(e -> e.createdAt().isBefore(cutoff));
      return before - rows.size();
    }
  }
}
