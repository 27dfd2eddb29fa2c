package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.application.port.ChangeOutbox.Change;
import com.mallquest.mall.application.port.ChangeOutbox.Drained;
import com.mallquest.mall.application.port.ChangeOutbox.Kind;
import com.mallquest.mall.application.port.ChangeOutbox.Pending;
import com.mallquest.mall.domain.DomainEvent;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox table: written with its transaction, claimed in disjoint batches, removed only when
 * published.
 */
abstract class ChangeOutboxContract extends DatabaseContract {

  private final AtomicInteger wakeUps = new AtomicInteger();

  @BeforeEach
  void noWakeUpsYet() {
    // One instance serves the whole class (one database per class).
    wakeUps.set(0);
  }

  private JdbcChangeOutbox outbox() {
    return database.outbox(Clock.fixed(T0, ZoneOffset.UTC), wakeUps::incrementAndGet);
  }

  @Test
  void append_commitsWithItsTransaction_andWakesTheRelayAfterTheCommit() {
    JdbcChangeOutbox outbox = outbox();
    database.subscribe("wh_levels", true, "purchase.recorded", "shopper.level_up");

    database
        .transactions()
        .inTransaction(
            () -> {
              outbox.append(
                  List.of(
                      Change.of(Kind.SHOPPER, "ada", 3),
                      Change.of(Kind.LEADERBOARD, "ada", 3),
                      Change.event("ada", 3, new DomainEvent.LevelUp(1, 2), "shopper.level_up")));
              assertThat(wakeUps).as("not before the commit").hasValue(0);
              return null;
            });

    assertThat(wakeUps).hasValue(1);
    List<Pending> seen = new ArrayList<>();
    Drained drained = outbox.drain(10, seen::addAll);
    assertThat(drained).isEqualTo(new Drained(3, true));
    assertThat(seen)
        .extracting(Pending::kind)
        .containsExactly(Kind.SHOPPER, Kind.LEADERBOARD, Kind.EVENT);
    assertThat(seen).extracting(Pending::key).containsOnly("ada");
    assertThat(seen).extracting(Pending::version).containsOnly(3L);
    assertThat(seen.get(2).payload())
        .isEqualTo("{\"type\":\"level_up\",\"data\":{\"fromLevel\":1,\"toLevel\":2}}");
    assertThat(seen.get(0).createdAt()).isEqualTo(SqlValues.stored(T0));
    assertThat(outbox.backlog().pending()).isZero();
  }

  @Test
  void append_recordsAnEvent_onlyWhileAnActiveSubscriptionListsItsTopic() {
    JdbcChangeOutbox outbox = outbox();
    Change levelUp = Change.event("ada", 3, new DomainEvent.LevelUp(1, 2), "shopper.level_up");

    // Nobody subscribes: the profile's change is recorded, the event is not.
    appendInTransaction(outbox, List.of(Change.of(Kind.SHOPPER, "ada", 3), levelUp));
    assertThat(drainKinds(outbox)).containsExactly(Kind.SHOPPER);
    // A paused subscription to it, an active one to other topics (one a prefix of it): still not;
    // and with nothing recorded, the relay is not woken.
    database.subscribe("wh_paused", false, "shopper.level_up");
    database.subscribe("wh_other", true, "purchase.recorded", "shopper.level");
    wakeUps.set(0);
    appendInTransaction(outbox, List.of(levelUp));
    assertThat(wakeUps).hasValue(0);
    assertThat(drainKinds(outbox)).isEmpty();
    // An active subscription lists it, among others: recorded, in order with the other changes.
    database.subscribe("wh_levels", true, "checkin.recorded", "shopper.level_up", "x");
    appendInTransaction(outbox, List.of(levelUp, Change.of(Kind.SHOPPER, "ada", 3)));
    assertThat(wakeUps).hasValue(1);
    assertThat(drainKinds(outbox)).containsExactly(Kind.EVENT, Kind.SHOPPER);
  }

  private void appendInTransaction(JdbcChangeOutbox outbox, List<Change> changes) {
    database
        .transactions()
        .inTransaction(
            () -> {
              outbox.append(changes);
              return null;
            });
  }

  private static List<Kind> drainKinds(JdbcChangeOutbox outbox) {
    List<Pending> seen = new ArrayList<>();
    outbox.drain(100, seen::addAll);
    return seen.stream().map(Pending::kind).toList();
  }

  @Test
  void append_rolledBackWithItsTransaction_leavesNothing() {
    JdbcChangeOutbox outbox = outbox();

    inRolledBackTransaction(() -> outbox.append(List.of(Change.of(Kind.SHOPPER, "ada", 3))));

    assertThat(outbox.backlog().pending()).isZero();
    assertThat(wakeUps).hasValue(0);
  }

  @Test
  void append_outsideATransaction_isRefused() {
    assertThatThrownBy(() -> outbox().append(List.of(Change.of(Kind.SHOPPER, "ada", 3))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void drain_takesTheOldestBatch_andKeepsItWhenThePublisherDeclines() {
    JdbcChangeOutbox outbox = outbox();
    appendShoppers(outbox, 5);

    List<Pending> declined = new ArrayList<>();
    assertThat(outbox.drain(3, batch -> declined.addAll(batch) && false))
        .isEqualTo(new Drained(3, false));
    assertThat(outbox.backlog().pending()).isEqualTo(5);
    assertThat(outbox.backlog().oldest()).contains(SqlValues.stored(T0));

    List<Pending> taken = new ArrayList<>();
    assertThat(outbox.drain(3, taken::addAll)).isEqualTo(new Drained(3, true));
    assertThat(taken).as("the same oldest batch again").isEqualTo(declined);
    assertThat(outbox.drain(3, taken::addAll)).isEqualTo(new Drained(2, true));
    assertThat(taken).extracting(Pending::key).containsExactly("s0", "s1", "s2", "s3", "s4");
    assertThat(outbox.drain(3, batch -> true)).isEqualTo(new Drained(0, true));
  }

  @Test
  void drain_publisherThrows_batchStaysPending() {
    JdbcChangeOutbox outbox = outbox();
    appendShoppers(outbox, 2);

    assertThatThrownBy(
            () ->
                outbox.drain(
                    10,
                    batch -> {
                      throw new IllegalStateException("redis went away");
                    }))
        .hasMessage("redis went away");

    assertThat(outbox.backlog().pending()).isEqualTo(2);
  }

  @Test
  void drain_concurrentRelays_takeDisjointBatches_andNoneIsLostOrTwice() throws Exception {
    JdbcChangeOutbox outbox = outbox();
    appendShoppers(outbox, 400);
    List<String> published = Collections.synchronizedList(new ArrayList<>());
    int relays = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(relays);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int r = 0; r < relays; r++) {
        running.add(
            pool.submit(
                () -> {
                  start.await();
                  while (true) {
                    Drained drained =
                        outbox.drain(
                            7,
                            batch -> {
                              batch.forEach(p -> published.add(p.key()));
                              return true;
                            });
                    if (drained.claimed() == 0 && outbox.backlog().pending() == 0) {
                      return null;
                    }
                  }
                }));
      }
      start.countDown();
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(published).hasSize(400).doesNotHaveDuplicates();
  }

  @Test
  void drain_aBatchHeldByOneRelay_isSkippedByAnother() throws Exception {
    JdbcChangeOutbox outbox = outbox();
    appendShoppers(outbox, 4);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Drained> first =
          pool.submit(
              () ->
                  outbox.drain(
                      2,
                      batch -> {
                        holding.countDown();
                        try {
                          return release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                      }));
      assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
      List<Pending> second = new ArrayList<>();
      assertThat(outbox.drain(10, second::addAll)).isEqualTo(new Drained(2, true));
      assertThat(second).extracting(Pending::key).containsExactly("s2", "s3");
      release.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(new Drained(2, true));
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(outbox.backlog().pending()).isZero();
  }

  private void appendShoppers(JdbcChangeOutbox outbox, int n) {
    database
        .transactions()
        .inTransaction(
            () -> {
              List<Change> changes = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                changes.add(Change.of(Kind.SHOPPER, "s" + i, i + 1));
              }
              outbox.append(changes);
              return null;
            });
  }
}
