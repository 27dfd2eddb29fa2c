package com.mallquest.mall.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.application.WakeSignal;
import com.mallquest.mall.application.port.ChangeOutbox.Change;
import com.mallquest.mall.application.port.ChangeOutbox.Drained;
import com.mallquest.mall.application.port.ChangeOutbox.Kind;
import com.mallquest.mall.application.port.ChangeOutbox.Pending;
import com.mallquest.mall.application.port.ChangePublisher;
import com.mallquest.mall.support.InMemoryOutbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The relay without a database: batches, retries, wake-ups. */
class OutboxRelayTest {

  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final List<List<Pending>> delivered = Collections.synchronizedList(new ArrayList<>());

  private void append(int n) {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      changes.add(Change.of(Kind.SHOPPER, "s" + i, 1));
    }
    outbox.append(changes);
  }

  @Test
  void publishOnce_claimsAtMostTheBatchSize_oldestFirst() {
    append(12);
    PublishChanges publish = new PublishChanges(outbox, List.of(delivered::add), 5);

    assertThat(publish.publishOnce()).isEqualTo(new Drained(5, true));
    assertThat(publish.publishOnce()).isEqualTo(new Drained(5, true));
    assertThat(publish.publishOnce()).isEqualTo(new Drained(2, true));
    assertThat(publish.publishOnce()).isEqualTo(new Drained(0, true));

    assertThat(delivered).extracting(List::size).containsExactly(5, 5, 2);
    assertThat(delivered.get(0))
        .extracting(Pending::key)
        .containsExactly("s0", "s1", "s2", "s3", "s4");
  }

  @Test
  void
      publishOnce_onePublisherFailsOrThrows_theWholeBatchStaysForTheNextAttempt_andEveryPublisherSeesIt() {
    append(3);
    AtomicInteger attempts = new AtomicInteger();
    ChangePublisher flaky =
        batch -> {
          int n = attempts.incrementAndGet();
          if (n == 1) {
            return false;
          }
          if (n == 2) {
            throw new IllegalStateException("redis timeout");
          }
          return true;
        };
    PublishChanges publish = new PublishChanges(outbox, List.of(delivered::add, flaky), 10);

    assertThat(publish.publishOnce()).isEqualTo(new Drained(3, false));
    assertThat(publish.publishOnce()).isEqualTo(new Drained(3, false));
    assertThat(outbox.pending()).hasSize(3);
    assertThat(publish.publishOnce()).isEqualTo(new Drained(3, true));

    assertThat(outbox.pending()).isEmpty();
    assertThat(delivered)
        .as("the healthy publisher got the same batch each time")
        .hasSize(3)
        .allSatisfy(
            batch -> assertThat(batch).extracting(Pending::key).containsExactly("s0", "s1", "s2"));
  }

  @Test
  void drain_publishesEveryBatchUntilEmpty() {
    append(23);
    OutboxRelay relay =
        new OutboxRelay(
            new PublishChanges(outbox, List.of(delivered::add), 5),
            new WakeSignal(),
            Duration.ofSeconds(30));

    assertThat(relay.drain(Duration.ofSeconds(30))).isEqualTo(23);

    assertThat(outbox.pending()).isEmpty();
    assertThat(relay.published()).isEqualTo(23);
  }

  @Test
  void drain_stopsAtTheFirstBatchThatCannotBePublished() {
    append(8);
    OutboxRelay relay =
        new OutboxRelay(
            new PublishChanges(outbox, List.of(batch -> false), 5),
            new WakeSignal(),
            Duration.ofSeconds(30));

    assertThat(relay.drain(Duration.ofSeconds(30))).isZero();

    assertThat(outbox.pending()).hasSize(8);
    assertThat(relay.failedAttempts()).isEqualTo(1);
  }

  @Test
  void running_retriesAfterFailures_untilThePublisherRecovers() {
    append(4);
    AtomicInteger attempts = new AtomicInteger();
    ChangePublisher recovering = batch -> attempts.incrementAndGet() > 3 && delivered.add(batch);
    // A poll interval far longer than the test: only the backoff retries.
    try (OutboxRelay relay =
        new OutboxRelay(
            new PublishChanges(outbox, List.of(recovering), 10),
            new WakeSignal(),
            Duration.ofHours(1))) {
      relay.start();

      await().atMost(Duration.ofSeconds(30)).until(() -> outbox.pending().isEmpty());

      assertThat(relay.failedAttempts()).isEqualTo(3);
      assertThat(relay.published()).isEqualTo(4);
      assertThat(delivered).singleElement().satisfies(batch -> assertThat(batch).hasSize(4));
    }
  }

  @Test
  void running_aWakeUpPublishesAtOnce_withoutWaitingForThePoll() {
    WakeSignal signal = new WakeSignal();
    try (OutboxRelay relay =
        new OutboxRelay(
            new PublishChanges(outbox, List.of(delivered::add), 10), signal, Duration.ofHours(1))) {
      relay.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> outbox.offered().isEmpty());

      append(2);
      signal.wake();

      await().atMost(Duration.ofSeconds(30)).until(() -> outbox.pending().isEmpty());
      assertThat(relay.published()).isEqualTo(2);
    }
  }

  @Test
  void running_lingersAfterAWakeUp_soTheCommitsOfThatMomentShareOneBatch() {
    WakeSignal signal = new WakeSignal();
    List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
    // The pause stands for the linger: while the relay waits, three more commits arrive.
    OutboxRelay.Pause pause =
        d -> {
          pauses.add(d);
          if (pauses.size() == 1) {
            append(3);
          }
        };
    try (OutboxRelay relay =
        new OutboxRelay(
            new PublishChanges(outbox, List.of(delivered::add), 10),
            signal,
            Duration.ofHours(1),
            Duration.ofMillis(10),
            pause)) {
      // A first change, published at start: then the relay waits for a wake-up.
      append(1);
      relay.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.published() == 1);

      append(2);
      signal.wake();

      await().atMost(Duration.ofSeconds(30)).until(() -> relay.published() == 6);
      assertThat(delivered).extracting(List::size).containsExactly(1, 5);
      assertThat(pauses).containsExactly(Duration.ofMillis(10));
    }
  }

  @Test
  void lingerLongerThanThePollInterval_refused() {
    PublishChanges publish = new PublishChanges(outbox, List.of(delivered::add), 10);

    assertThatThrownBy(
            () ->
                new OutboxRelay(
                    publish,
                    new WakeSignal(),
                    Duration.ofMillis(100),
                    Duration.ofMillis(101),
                    d -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linger");
  }
}
