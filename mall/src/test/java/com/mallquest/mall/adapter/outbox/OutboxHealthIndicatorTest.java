package com.mallquest.mall.adapter.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.WakeSignal;
import com.mallquest.mall.application.outbox.OutboxRelay;
import com.mallquest.mall.application.outbox.PublishChanges;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The outbox's health component: UP with its figures while changes are published promptly, DEGRADED
 * (not DOWN) once a pending change is older than {@code mallquest.outbox.stale-after}, UNKNOWN when
 * the table cannot be read; the backlog is read at most once a second.
 */
class OutboxHealthIndicatorTest {

  private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
  private static final Duration STALE_AFTER = Duration.ofSeconds(30);

  /** An outbox whose backlog the test sets; counts how often it is read. */
  private static final class Backlogs implements ChangeOutbox {
    Backlog backlog = new Backlog(0, Optional.empty());
    boolean unreachable;
    int reads;

    @Override
    public void append(List<Change> changes) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Drained drain(int limit, Predicate<List<Pending>> publish) {
      return new Drained(0, true);
    }

    @Override
    public Backlog backlog() {
      reads++;
      if (unreachable) {
        throw new IllegalStateException("database unreachable");
      }
      return backlog;
    }
  }

  private final Backlogs outbox = new Backlogs();
  private final MutableClock clock = new MutableClock(T0);
  private final OutboxRelay relay =
      new OutboxRelay(
          new PublishChanges(outbox, List.of(), 10), new WakeSignal(), Duration.ofSeconds(1));
  private final OutboxHealthIndicator health =
      new OutboxHealthIndicator(new OutboxMonitor(outbox, relay, clock, STALE_AFTER));

  @Test
  void nothingPending_isUp_withItsFigures() {
    Health h = health.health();

    assertThat(h.getStatus()).isEqualTo(Status.UP);
    assertThat(h.getDetails())
        .containsEntry("pending", 0L)
        .containsEntry("oldestPendingAgeMillis", 0L)
        .containsEntry("published", 0L)
        .containsEntry("staleAfterMillis", 30_000L);
  }

  @Test
  void aPendingChangeYoungerThanStaleAfter_isUp_olderIsDegraded() {
    outbox.backlog = new ChangeOutbox.Backlog(4, Optional.of(T0.minusSeconds(30)));

    Health atTheLimit = health.health();
    assertThat(atTheLimit.getStatus()).isEqualTo(Status.UP);
    assertThat(atTheLimit.getDetails())
        .containsEntry("pending", 4L)
        .containsEntry("oldestPendingAgeMillis", 30_000L);

    clock.advance(Duration.ofMillis(1));
    Health stale = health.health();
    assertThat(stale.getStatus()).isEqualTo(OutboxHealthIndicator.DEGRADED);
    assertThat(stale.getStatus().getCode()).isEqualTo("DEGRADED");
    assertThat(stale.getDetails())
        .containsEntry("pending", 4L)
        .containsEntry("oldestPendingAgeMillis", 30_001L);

    // Published meanwhile: seen at the next read of the table, at most a second later.
    outbox.backlog = new ChangeOutbox.Backlog(0, Optional.empty());
    clock.advance(Duration.ofSeconds(1));
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void theTableIsReadAtMostOnceASecond() {
    for (int i = 0; i < 5; i++) {
      health.health();
    }
    assertThat(outbox.reads).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    health.health();
    assertThat(outbox.reads).isEqualTo(2);
  }

  @Test
  void theTableUnreadable_isUnknown_notDown() {
    outbox.unreachable = true;

    Health h = health.health();

    assertThat(h.getStatus()).isEqualTo(Status.UNKNOWN);
  }
}
