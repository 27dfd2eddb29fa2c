package com.mallquest.mall.adapter.outbox;

import com.mallquest.mall.application.outbox.OutboxRelay;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.ChangeOutbox.Backlog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The outbox's figures for operators: depth, oldest pending age, published so far. The backlog is
 * one {@code COUNT(*)}/{@code MIN} over a table that holds only pending rows, read at most once a
 * second however many scrapes and health checks ask.
 */
public final class OutboxMonitor {

  private static final Duration REFRESH = Duration.ofSeconds(1);

  /**
   * A reading.
   *
   * @param pending changes waiting; -1 if the database could not be asked
   * @param oldestAge the oldest pending change's age; zero if none
   * @param published changes this instance's relay published since start
   * @param failedAttempts relay steps that could not publish since start
   */
  public record Reading(long pending, Duration oldestAge, long published, long failedAttempts) {}

  private final ChangeOutbox outbox;
  private final OutboxRelay relay;
  private final Clock clock;
  private final Duration staleAfter;
  private volatile Instant readAt = Instant.MIN;
  private volatile Backlog backlog = new Backlog(0, Optional.empty());
  private volatile boolean reachable = true;

  OutboxMonitor(ChangeOutbox outbox, OutboxRelay relay, Clock clock, Duration staleAfter) {
    this.outbox = outbox;
    this.relay = relay;
    this.clock = clock;
    this.staleAfter = staleAfter;
  }

  /** The current figures (the backlog at most a second old). */
  public Reading read() {
    Instant now = clock.instant();
    if (Duration.between(readAt, now).compareTo(REFRESH) >= 0) {
      synchronized (this) {
        if (Duration.between(readAt, now).compareTo(REFRESH) >= 0) {
          try {
            backlog = outbox.backlog();
            reachable = true;
          } catch (RuntimeException e) {
            reachable = false;
          }
          readAt = now;
        }
      }
    }
    Duration age =
        backlog
            .oldest()
            .map(oldest -> Duration.between(oldest, now))
            .filter(d -> !d.isNegative())
            .orElse(Duration.ZERO);
    return new Reading(
        reachable ? backlog.pending() : -1, age, relay.published(), relay.failedAttempts());
  }

  /** A pending change older than this makes health DEGRADED. */
  public Duration staleAfter() {
    return staleAfter;
  }
}
