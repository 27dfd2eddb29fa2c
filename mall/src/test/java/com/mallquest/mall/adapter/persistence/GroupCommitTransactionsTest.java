package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit (ADR 0023) on a real database: many callers' work in one transaction, exact totals,
 * a failing unit fails only its own caller, after-commit actions run once on the caller's thread;
 * the meters count what the writers did.
 */
class GroupCommitTransactionsTest {

  private final JdbcDataSource dataSource = h2();
  private final JdbcClient jdbc = JdbcClient.create(dataSource);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<JdbcTransactions> started = new ArrayList<>();
  // No batch of these tests counts as stalled, however slow the machine, but the stall tests'.
  private final JdbcTransactions transactions = groupCommit(2, Duration.ofMinutes(1));
  private final ExecutorService callers = Executors.newFixedThreadPool(16);

  private static JdbcDataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(
        "jdbc:h2:mem:group-commit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL");
    return ds;
  }

  GroupCommitTransactionsTest() {
    jdbc.sql("CREATE TABLE counters (id VARCHAR(20) PRIMARY KEY, n BIGINT NOT NULL)").update();
    for (int i = 0; i < 20; i++) {
      jdbc.sql("INSERT INTO counters (id, n) VALUES (:id, 0)").param("id", "c" + i).update();
    }
  }

  private JdbcTransactions groupCommit(int writers, Duration stallAfter) {
    JdbcTransactions group =
        new JdbcTransactions(new DataSourceTransactionManager(dataSource), () -> {})
            .withGroupCommit(writers, 64, stallAfter, new GroupCommitMeters(meters));
    started.add(group);
    return group;
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    started.forEach(JdbcTransactions::close);
  }

  private long total() {
    return jdbc.sql("SELECT SUM(n) FROM counters").query(Long.class).single();
  }

  private int increment(String id) {
    return jdbc.sql("UPDATE counters SET n = n + 1 WHERE id = :id").param("id", id).update();
  }

  @Test
  void manyThreads_everyUnitCommittedOnce_actionsOnTheCallersThread_badUnitsFailAlone()
      throws Exception {
    int units = 2_000;
    AtomicInteger actions = new AtomicInteger();
    Set<String> actionThreads = ConcurrentHashMap.newKeySet();
    Set<String> callerThreads = ConcurrentHashMap.newKeySet();
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < units; i++) {
      int n = i;
      results.add(
          callers.submit(
              () -> {
                callerThreads.add(Thread.currentThread().getName());
                String id = "c" + (n % 20);
                return transactions.inSharedTransaction(
                    id,
                    () -> {
                      increment(id);
                      if (n % 97 == 0) {
                        throw new IllegalStateException("bad unit " + n);
                      }
                      transactions.afterCommit(
                          () -> {
                            actions.incrementAndGet();
                            actionThreads.add(Thread.currentThread().getName());
                          });
                      return "ok " + n;
                    });
              }));
    }
    int failed = 0;
    for (int i = 0; i < units; i++) {
      try {
        assertThat(results.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("ok " + i);
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).hasMessage("bad unit " + i);
        failed++;
      }
    }
    int bad = (units + 96) / 97;
    assertThat(failed).isEqualTo(bad);
    assertThat(total()).as("every good unit exactly once, no bad one").isEqualTo(units - bad);
    assertThat(actions).hasValue(units - bad);
    assertThat(callerThreads).containsAll(actionThreads);
    assertThat(batchTimer("rolled_back").count())
        .as("a batch with a bad unit rolls back")
        .isBetween(1L, (long) bad);
  }

  @Test
  void unitsQueuedWhileABatchRuns_shareTheNextTransaction() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    // The first unit holds its writer (partition "c0") until ten more are queued behind it.
    Future<String> first = holdWriter("c0", () -> increment("c0"), release);
    List<Future<String>> queued = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String id = "c" + (2 * i); // different rows, one partition key: one writer
      queued.add(
          callers.submit(
              () ->
                  transactions.inSharedTransaction(
                      "c0",
                      () -> {
                        increment(id);
                        return "queued";
                      })));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> transactions.groupCommit().queued() == 10);
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("first");
    for (Future<String> f : queued) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("queued");
    }
    assertThat(total()).isEqualTo(11);
    assertThat(batchTimer("committed").count())
        .as("the held unit, then the ten together")
        .isEqualTo(2);
    assertThat(batchTimer("rolled_back").count()).isZero();
    var units = meters.get("mallquest.group.commit.batch.units").summary();
    assertThat(units.count()).isEqualTo(2);
    assertThat(units.totalAmount()).isEqualTo(11);
    assertThat(units.max()).isEqualTo(10);
    assertThat(meters.get("mallquest.group.commit.wait").timer().count())
        .as("every committed unit's caller")
        .isEqualTo(11);
  }

  private Timer batchTimer(String outcome) {
    return meters.get("mallquest.group.commit.batch").tag("outcome", outcome).timer();
  }

  @Test
  void aFailingUnitRollsBackItsBatch_theOthersRunAloneAndCommit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<String> first = holdWriter("p", () -> {}, release);
    AtomicInteger runs = new AtomicInteger();
    Future<String> good1 =
        callers.submit(
            () ->
                transactions.inSharedTransaction(
                    "p",
                    () -> {
                      runs.incrementAndGet();
                      increment("c1");
                      return "good";
                    }));
    await().atMost(Duration.ofSeconds(30)).until(() -> transactions.groupCommit().queued() == 1);
    Future<String> bad =
        callers.submit(
            () ->
                transactions.inSharedTransaction(
                    "p",
                    () -> {
                      increment("c2");
                      throw new IllegalArgumentException("no such shopper");
                    }));
    await().atMost(Duration.ofSeconds(30)).until(() -> transactions.groupCommit().queued() == 2);
    Future<String> good2 =
        callers.submit(
            () ->
                transactions.inSharedTransaction(
                    "p",
                    () -> {
                      increment("c3");
                      return "good";
                    }));
    await().atMost(Duration.ofSeconds(30)).until(() -> transactions.groupCommit().queued() == 3);
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(good1.get(30, TimeUnit.SECONDS)).isEqualTo("good");
    assertThat(good2.get(30, TimeUnit.SECONDS)).isEqualTo("good");
    assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(runs).as("once in the rolled-back batch, once alone").hasValue(2);
    assertThat(batchTimer("rolled_back").count()).isEqualTo(1);
    assertThat(batchTimer("committed").count()).as("the held unit's batch").isEqualTo(1);
    assertThat(meters.get("mallquest.group.commit.wait").timer().count())
        .as("units that ran again alone waited for no writer's commit")
        .isEqualTo(1);
    assertThat(jdbc.sql("SELECT id, n FROM counters WHERE n > 0 ORDER BY id").query().listOfRows())
        .extracting(r -> r.get("ID") + "=" + r.get("N"))
        .containsExactly("c1=1", "c3=1");
  }

  // ADR 0033: a unit alone in its batch first tries its one statement outside a transaction.

  @Test
  void aLoneUnit_triesItsOneStatementOutsideATransaction_committedByItself() throws Exception {
    AtomicInteger worked = new AtomicInteger();
    List<Boolean> inTransaction = new ArrayList<>();
    Set<String> actionThreads = ConcurrentHashMap.newKeySet();
    Future<String> result =
        callers.submit(
            () -> {
              String answer =
                  transactions.inSharedTransaction(
                      "c0",
                      () -> {
                        inTransaction.add(
                            TransactionSynchronizationManager.isActualTransactionActive());
                        increment("c0");
                        transactions.afterCommit(
                            () -> actionThreads.add(Thread.currentThread().getName()));
                        return Optional.of("alone");
                      },
                      () -> {
                        worked.incrementAndGet();
                        return "work";
                      });
              return answer + " on " + Thread.currentThread().getName();
            });

    String answer = result.get(30, TimeUnit.SECONDS);
    assertThat(answer).startsWith("alone on ");
    assertThat(inTransaction).containsExactly(false);
    assertThat(worked).hasValue(0);
    assertThat(total()).as("committed by its own statement").isEqualTo(1);
    assertThat(actionThreads)
        .as("its after-commit action, on the caller's thread")
        .containsExactly(answer.substring("alone on ".length()));
    assertThat(aloneCounter("committed")).isEqualTo(1);
    assertThat(aloneCounter("declined")).isZero();
  }

  @Test
  void aLoneUnitsTryThatAnswersEmpty_thenItsWorkRunsInATransaction() throws Exception {
    List<Boolean> inTransaction = new ArrayList<>();
    String answer =
        callers
            .submit(
                () ->
                    transactions.inSharedTransaction(
                        "c0",
                        Optional::<String>empty,
                        () -> {
                          inTransaction.add(
                              TransactionSynchronizationManager.isActualTransactionActive());
                          increment("c0");
                          return "work";
                        }))
            .get(30, TimeUnit.SECONDS);

    assertThat(answer).isEqualTo("work");
    assertThat(inTransaction).containsExactly(true);
    assertThat(total()).isEqualTo(1);
    assertThat(aloneCounter("declined")).isEqualTo(1);
    assertThat(aloneCounter("committed")).isZero();
  }

  @Test
  void aLoneUnitsTryThatThrows_theUnitRunsAgainInATransactionOfItsOwn() throws Exception {
    String answer =
        callers
            .submit(
                () ->
                    transactions.inSharedTransaction(
                        "c0",
                        () -> {
                          throw new IllegalStateException("the database went away");
                        },
                        () -> {
                          increment("c0");
                          return "work";
                        }))
            .get(30, TimeUnit.SECONDS);

    assertThat(answer).isEqualTo("work");
    assertThat(total()).isEqualTo(1);
    assertThat(batchTimer("rolled_back").count()).isEqualTo(1);
  }

  @Test
  void unitsSharingABatch_neverTryAlone() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<String> first = holdWriter("c0", () -> {}, release);
    AtomicInteger tried = new AtomicInteger();
    List<Future<String>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = "c" + (i + 1);
      queued.add(
          callers.submit(
              () ->
                  transactions.inSharedTransaction(
                      "c0",
                      () -> {
                        tried.incrementAndGet();
                        return Optional.of("alone");
                      },
                      () -> {
                        increment(id);
                        return "shared";
                      })));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> transactions.groupCommit().queued() == 3);
    release.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("first");
    for (Future<String> f : queued) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("shared");
    }
    assertThat(tried).hasValue(0);
    assertThat(total()).isEqualTo(3);
    assertThat(aloneCounter("committed") + aloneCounter("declined")).isZero();
  }

  @Test
  void aUnitQueuedWhileABatchRuns_runsAloneInItsNextBatch_butDoesNotTryItsOneStatement()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<String> first = holdWriter("c0", () -> {}, release);
    AtomicInteger tried = new AtomicInteger();
    Future<String> queued =
        callers.submit(
            () ->
                transactions.inSharedTransaction(
                    "c0",
                    () -> {
                      tried.incrementAndGet();
                      return Optional.of("alone");
                    },
                    () -> {
                      increment("c1");
                      return "in a transaction";
                    }));
    await().atMost(Duration.ofSeconds(30)).until(() -> transactions.groupCommit().queued() == 1);
    release.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(queued.get(30, TimeUnit.SECONDS)).isEqualTo("in a transaction");
    assertThat(tried).as("the writer was busy when it came: under load").hasValue(0);
    assertThat(batchTimer("committed").count()).as("two batches of one").isEqualTo(2);
  }

  // ADR 0034: a stalled writer (a batch waiting on a row lock held elsewhere) holds up only its
  // own batch.

  @Test
  void aStalledBatch_unitsQueuedBehindIt_andUnitsComingMeanwhile_runInTransactionsOfTheirOwn()
      throws Exception {
    // One writer: every partition key goes to it.
    JdbcTransactions group = groupCommit(1, Duration.ofMillis(50));
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // The stalled batch: its unit waits, as one waits for a row lock, until released.
    Future<String> stuck =
        callers.submit(
            () ->
                group.inSharedTransaction(
                    "locked",
                    () -> {
                      increment("c0");
                      holding.countDown();
                      hold(release);
                      return "stuck";
                    }));
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    AtomicInteger runs = new AtomicInteger();
    Set<String> ranOn = ConcurrentHashMap.newKeySet();
    List<Future<String>> others = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String id = "c" + i;
      others.add(
          callers.submit(
              () ->
                  group.inSharedTransaction(
                      "other" + id,
                      () -> {
                        runs.incrementAndGet();
                        ranOn.add(Thread.currentThread().getName());
                        increment(id);
                        return "passed";
                      })));
    }
    // The stuck unit's own partition (its shopper) waits behind it: it would wait for the same
    // lock.
    Future<String> same =
        callers.submit(
            () ->
                group.inSharedTransaction(
                    "locked",
                    () -> {
                      increment("c6");
                      return "same partition, after it on the writer: "
                          + Thread.currentThread().getName();
                    }));

    // While the stuck batch still waits, every other partition's unit commits: those that queued
    // behind it leave the queue once it has run 50 ms, those that come later do not join it.
    for (Future<String> other : others) {
      assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo("passed");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> group.groupCommit().queued() == 1);
    assertThat(stuck).isNotDone();
    assertThat(same).isNotDone();
    assertThat(total()).isEqualTo(5);
    assertThat(ranOn).noneMatch(name -> name.startsWith("group-commit-"));
    assertThat(meters.get("mallquest.group.commit.stall.passed").counter().count()).isEqualTo(5);

    release.countDown();
    assertThat(stuck.get(30, TimeUnit.SECONDS)).isEqualTo("stuck");
    assertThat(same.get(30, TimeUnit.SECONDS))
        .isEqualTo("same partition, after it on the writer: group-commit-0");
    assertThat(runs).as("no unit that left the queue runs again on the writer").hasValue(5);
    assertThat(total()).isEqualTo(7);
    assertThat(batchTimer("committed").count())
        .as("the stuck batch, then its partition's unit")
        .isEqualTo(2);
    assertThat(meters.get("mallquest.group.commit.stall.passed").counter().count()).isEqualTo(5);
  }

  private double aloneCounter(String outcome) {
    return meters.get("mallquest.group.commit.alone").tag("outcome", outcome).counter().count();
  }

  @Test
  void insideAnOpenTransaction_joinsIt() {
    String result =
        transactions.inTransaction(
            () ->
                transactions.inSharedTransaction(
                    "c0",
                    () -> {
                      increment("c0");
                      return "joined";
                    }));
    assertThat(result).isEqualTo("joined");
    assertThat(batchTimer("committed").count()).as("no writer's batch").isZero();
    assertThat(total()).isEqualTo(1);
  }

  /**
   * Queues a unit on {@code partition}'s writer that runs {@code work} and then holds the writer
   * until {@code release}; returns once it holds.
   */
  private Future<String> holdWriter(String partition, Runnable work, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch holding = new CountDownLatch(1);
    Future<String> first =
        callers.submit(
            () ->
                transactions.inSharedTransaction(
                    partition,
                    () -> {
                      work.run();
                      holding.countDown();
                      hold(release);
                      return "first";
                    }));
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    return first;
  }

  private static void hold(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
