package com.mallquest.mall.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.support.PostgresTestSupport;
import com.mallquest.smartcache.RedisTestSupport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service, on PostgreSQL and Redis, killed with SIGKILL at a random moment of a
 * purchase load and restarted on the same schema and Redis, five times. After each restart: every
 * purchase that got a 2xx is in the database exactly once, one that got a definite error is not,
 * one whose request lost its connection is recorded exactly once after a retry with the same
 * receipt; within 5 s of the restarted instance reporting healthy, every shopper read over HTTP
 * equals the database row (version and balances) and every board equals the database (ADR 0015:
 * what the dead process had committed but not published is published from the outbox before the new
 * one takes traffic); reconciliation reports no mismatch.
 */
class CrashRecoveryIT {

  private static final String KEY = "crash-admin-key-" + UUID.randomUUID();
  private static final String NAMESPACE = "crash-" + UUID.randomUUID().toString().substring(0, 8);
  private static final int SHOPPERS = 20;
  private static final int THREADS = 8;
  private static final int ROUNDS = 5;

  /** The bound the design promises after a restart. */
  private static final Duration BOUND = Duration.ofSeconds(5);

  private static String schema;
  private static String redisUrl;
  private static ServiceProcess service;
  private static FleetChecks checks;

  /** What a purchase request got. */
  private enum Outcome {
    ACKNOWLEDGED,
    REFUSED,
    NO_RESPONSE
  }

  @BeforeAll
  static void createSchema() {
    redisUrl = RedisTestSupport.requireRedis();
    PostgresTestSupport.requirePostgres();
    schema = PostgresTestSupport.createSchema();
    checks = new FleetChecks(schema, KEY);
  }

  @AfterAll
  static void cleanUp() throws InterruptedException {
    if (service != null) {
      service.stop();
    }
    if (schema != null) {
      PostgresTestSupport.dropSchema(schema);
    }
    if (redisUrl != null) {
      RedisTestSupport.deleteNamespace(redisUrl, NAMESPACE);
    }
  }

  private static Map<String, String> environment() {
    return Map.of(
        "SPRING_DATASOURCE_URL",
        PostgresTestSupport.urlOf(schema),
        "SPRING_DATASOURCE_USERNAME",
        "postgres",
        "SPRING_DATASOURCE_PASSWORD",
        "",
        "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE",
        "10",
        "MALLQUEST_REDIS_URL",
        redisUrl,
        "MALLQUEST_REDIS_NAMESPACE",
        NAMESPACE,
        "MALLQUEST_SECURITY_ADMIN_KEY",
        KEY);
  }

  @Test
  void
      sigkillAtRandomMoments_nothingLostOrDoubled_andEveryTierServesTheCommittedStateWithinTheBound()
          throws Exception {
    service = ServiceProcess.start(environment());
    assertThat(
            checks
                .post(
                    service,
                    "/api/v1/stores",
                    "{\"id\":\"crash-store\",\"name\":\"Crash\",\"category\":"
                        + "\"food\",\"floor\":\"G\"}")
                .statusCode())
        .isEqualTo(201);
    List<String> shoppers = new ArrayList<>();
    for (int i = 0; i < SHOPPERS; i++) {
      shoppers.add("crash-" + i);
      assertThat(
              checks.post(service, "/api/v1/shoppers", "{\"id\":\"crash-" + i + "\"}").statusCode())
          .isEqualTo(201);
    }
    checks.boardsInRedis(service);
    Map<String, Outcome> outcomes = new HashMap<>();
    AtomicLong receipts = new AtomicLong();
    for (int round = 1; round <= ROUNDS; round++) {
      outcomes.putAll(loadThenKillThenRestart(round, shoppers, receipts));
      Map<String, Long> stored = checks.purchasesPerReceipt();
      outcomes.forEach(
          (receipt, outcome) ->
              assertThat(stored.getOrDefault(receipt, 0L))
                  .as("%s (%s) in the database", receipt, outcome)
                  .isEqualTo(outcome == Outcome.REFUSED ? 0 : 1));
      assertThat(stored.keySet()).as("no purchase nobody sent").isSubsetOf(outcomes.keySet());
      checks.reconciliationClean(service, SHOPPERS);
      assertThat(checks.outboxPending()).as("outbox after round %d", round).isZero();
    }
  }

  /**
   * One round: purchases from 8 threads, SIGKILL after a random number of them, restart, retries,
   * checks.
   */
  private Map<String, Outcome> loadThenKillThenRestart(
      int round, List<String> shoppers, AtomicLong receipts) throws Exception {
    ServiceProcess victim = service;
    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    Map<String, String> bodies = new ConcurrentHashMap<>();
    AtomicLong acknowledged = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    long killAfter = ThreadLocalRandom.current().nextLong(20, 200);
    Runnable purchaser =
        () -> {
          while (!stop.get()) {
            String receipt = "K-" + receipts.incrementAndGet();
            String body =
                purchase(shoppers.get(ThreadLocalRandom.current().nextInt(SHOPPERS)), receipt);
            bodies.put(receipt, body);
            try {
              int status = checks.post(victim, "/api/v1/purchases", body).statusCode();
              outcomes.put(receipt, status / 100 == 2 ? Outcome.ACKNOWLEDGED : Outcome.REFUSED);
              acknowledged.addAndGet(status / 100 == 2 ? 1 : 0);
            } catch (IOException e) {
              outcomes.put(receipt, Outcome.NO_RESPONSE);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              outcomes.put(receipt, Outcome.NO_RESPONSE);
              return;
            }
          }
        };
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> running = new ArrayList<>();
    try {
      for (int i = 0; i < THREADS; i++) {
        running.add(threads.submit(purchaser));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() >= killAfter);
      victim.kill();
      stop.set(true);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      threads.shutdownNow();
    }
    long pendingAtDeath = checks.outboxPending();

    long restartStarted = System.nanoTime();
    service = ServiceProcess.start(environment());
    long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartStarted);
    long servedAt = System.nanoTime();
    checks.servesTheDatabase(service, shoppers, BOUND);
    long convergedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - servedAt);

    List<String> unanswered =
        outcomes.entrySet().stream()
            .filter(e -> e.getValue() == Outcome.NO_RESPONSE)
            .map(Map.Entry::getKey)
            .toList();
    int committedBeforeCrash = 0;
    for (String receipt : unanswered) {
      int status = checks.post(service, "/api/v1/purchases", bodies.get(receipt)).statusCode();
      assertThat(status).as("retry of %s", receipt).isIn(200, 201);
      committedBeforeCrash += status == 200 ? 1 : 0;
    }
    checks.servesTheDatabase(service, shoppers, BOUND);
    System.out.printf(
        "CrashRecoveryIT round %d: killed after %d acknowledged of %d sent; %d without a response"
            + " (%d of them had committed); %d outbox changes pending at death; restart to healthy %d ms;"
            + " every shopper and board as in the database %d ms after%n",
        round,
        acknowledged.get(),
        outcomes.size(),
        unanswered.size(),
        committedBeforeCrash,
        pendingAtDeath,
        restartMillis,
        convergedMillis);
    return outcomes;
  }

  private static String purchase(String shopper, String receipt) {
    long amount = 500 + ThreadLocalRandom.current().nextLong(5_000);
    return "{\"shopperId\":\""
        + shopper
        + "\",\"storeId\":\"crash-store\",\"receiptId\":\""
        + receipt
        + "\",\"amountMinor\":"
        + amount
        + ",\"currency\":\"USD\"}";
  }
}
