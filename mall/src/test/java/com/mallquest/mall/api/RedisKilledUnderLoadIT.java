package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.support.Latencies;
import com.mallquest.mall.support.PostgresTestSupport;
import com.mallquest.smartcache.RedisServerProcess;
import com.mallquest.smartcache.RedisTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis killed under load, and restarted: the service (a Spring Boot context on PostgreSQL in a
 * schema of its own, pool of 8) runs against a {@code redis-server} of this test's own while
 * purchase and profile-read threads hammer it.
 *
 * <p>Asserts: every purchase answers 201 and is in the database exactly once; every read answers
 * 200; the read p99 while Redis is down is within 2x of the p99 while it was up; and no read, in
 * any phase, returns a shopper version older than one a purchase response had already reported (a
 * purchase's response is sent after the cache heard of it, so a later read must see at least that
 * version). The figures are printed (see docs/OPERATIONS.md).
 *
 * <p>The p99s are compared with a floor of {@value #FLOOR_MILLIS} ms: both are ~1-3 ms here, where
 * one scheduler hiccup on a shared 2-core machine moves a p99 by more than 2x; what the test guards
 * against is the Redis command timeout (50 ms) or a TCP connect timeout showing up in the tail,
 * which the floor does not hide.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RedisKilledUnderLoadIT extends ApiTestSupport {

  private static final double FLOOR_MILLIS = 5;
  private static final int SHOPPERS = 16;
  private static final int READS_PER_PHASE = 1500;
  private static final String NAMESPACE = "kill" + UUID.randomUUID().toString().substring(0, 8);

  private static RedisServerProcess redis;
  private static String schema;

  /** Load phases; latencies are kept per phase. */
  private enum Phase {
    WARMUP,
    UP,
    DOWN,
    RESTARTING,
    RECOVERED
  }

  @BeforeAll
  static void startRedis() {
    PostgresTestSupport.requirePostgres();
    RedisTestSupport.require(RedisServerProcess.installed(), "redis-server is not installed");
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stopRedisAndDropSchema() {
    if (redis != null) {
      redis.kill();
    }
    if (schema != null) {
      PostgresTestSupport.dropSchema(schema);
    }
  }

  private static synchronized String schema() {
    if (schema == null) {
      schema = PostgresTestSupport.createSchema();
    }
    return schema;
  }

  @DynamicPropertySource
  static void ownRedisAndSchema(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> PostgresTestSupport.urlOf(schema()));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
    registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
    registry.add("mallquest.redis.url", () -> redis.url());
    registry.add("mallquest.redis.namespace", () -> NAMESPACE);
  }

  @Test
  void redisKilledUnderLoad_noPurchaseLostOrFailed_readsStayFast_noStaleRead() throws Exception {
    String store = createStore("1");
    List<String> shoppers = new ArrayList<>();
    for (int i = 0; i < SHOPPERS; i++) {
      shoppers.add(createShopper());
    }
    AtomicLongArray acknowledged = new AtomicLongArray(SHOPPERS);
    AtomicReference<Phase> phase = new AtomicReference<>(Phase.WARMUP);
    Map<Phase, Latencies> reads = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      reads.put(p, new Latencies());
    }
    ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLong receipts = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();

    Runnable purchaser =
        () -> {
          while (!stop.get()) {
            int i = ThreadLocalRandom.current().nextInt(SHOPPERS);
            String receipt = "L-" + receipts.incrementAndGet();
            Reply r =
                call(
                    "POST",
                    "/api/v1/purchases",
                    ADMIN_KEY,
                    purchaseJson(shoppers.get(i), store, receipt, 1999, "USD"));
            if (r.status() == 201) {
              created.add(receipt);
              acknowledged.accumulateAndGet(
                  i, r.json().get("shopper").get("version").asLong(), Math::max);
            } else {
              failures.add(
                  "purchase "
                      + receipt
                      + " in "
                      + phase.get()
                      + ": "
                      + r.status()
                      + " "
                      + r.raw().body());
            }
          }
        };
    Runnable reader =
        () -> {
          while (!stop.get()) {
            int i = ThreadLocalRandom.current().nextInt(SHOPPERS);
            Phase p = phase.get();
            long known = acknowledged.get(i);
            long start = System.nanoTime();
            Reply r = call("GET", "/api/v1/shoppers/" + shoppers.get(i), ADMIN_KEY, null);
            reads.get(p).record(System.nanoTime() - start);
            if (r.status() != 200) {
              failures.add("read in " + p + ": " + r.status() + " " + r.raw().body());
            } else if (r.json().get("version").asLong() < known) {
              failures.add(
                  "stale read in "
                      + p
                      + ": version "
                      + r.json().get("version").asLong()
                      + " < "
                      + known);
            }
          }
        };

    ExecutorService threads = Executors.newFixedThreadPool(6);
    List<Future<?>> running = new ArrayList<>();
    try {
      running.add(threads.submit(purchaser));
      running.add(threads.submit(purchaser));
      for (int i = 0; i < 4; i++) {
        running.add(threads.submit(reader));
      }
      awaitReads(reads, Phase.WARMUP, 500);
      phase.set(Phase.UP);
      awaitReads(reads, Phase.UP, READS_PER_PHASE);
      assertThat(redisAvailable()).isTrue();

      long killedAt = System.nanoTime();
      redis.kill();
      phase.set(Phase.DOWN);
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> !redisAvailable());
      long detectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
      awaitReads(reads, Phase.DOWN, READS_PER_PHASE);

      phase.set(Phase.RESTARTING);
      long restartedAt = System.nanoTime();
      redis.restart();
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(20))
          .until(this::redisAvailable);
      long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
      phase.set(Phase.RECOVERED);
      awaitReads(reads, Phase.RECOVERED, READS_PER_PHASE / 2);
      stop.set(true);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }

      System.out.printf(
          "RedisKilledUnderLoadIT: %d purchases (201), reads up: %s; down: %s; restarting: %s;"
              + " recovered: %s; Redis down detected after %d ms, tier resumed %d ms after restart%n",
          created.size(),
          reads.get(Phase.UP),
          reads.get(Phase.DOWN),
          reads.get(Phase.RESTARTING),
          reads.get(Phase.RECOVERED),
          detectedMillis,
          resumedMillis);
    } finally {
      stop.set(true);
      threads.shutdownNow();
    }

    assertThat(failures).as("failed purchases, failed or stale reads").isEmpty();
    assertThat(created).hasSize((int) receipts.get());
    long stored =
        jdbc.sql("SELECT COUNT(*) FROM purchases WHERE store_id = ?")
            .param(store)
            .query(Long.class)
            .single();
    long distinct =
        jdbc.sql("SELECT COUNT(DISTINCT receipt_id) FROM purchases WHERE store_id = ?")
            .param(store)
            .query(Long.class)
            .single();
    assertThat(stored).isEqualTo(created.size()).isEqualTo(distinct);
    double up = Math.max(reads.get(Phase.UP).percentileMillis(99), FLOOR_MILLIS);
    double down = Math.max(reads.get(Phase.DOWN).percentileMillis(99), FLOOR_MILLIS);
    assertThat(down)
        .as("p99 read while Redis is down vs up (floored at %s ms)", FLOOR_MILLIS)
        .isLessThanOrEqualTo(2 * up);
    for (String shopper : shoppers) {
      long version =
          jdbc.sql("SELECT version FROM shoppers WHERE id = ?")
              .param(shopper)
              .query(Long.class)
              .single();
      Reply read = call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null);
      assertThat(read.json().get("version").asLong())
          .as("quiesced read of %s", shopper)
          .isEqualTo(version);
    }
    Reply report = call("GET", "/api/v1/operations/reconciliation", ADMIN_KEY, null);
    Reconciliations.assertClean(report.status(), report.json(), SHOPPERS);
  }

  private static void awaitReads(Map<Phase, Latencies> reads, Phase phase, int count) {
    await("" + count + " reads in " + phase)
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> reads.get(phase).count() >= count);
  }

  private boolean redisAvailable() {
    return call("GET", "/api/v1/cache/stats", ADMIN_KEY, null)
        .json()
        .get("shoppers")
        .get("redisAvailable")
        .asBoolean();
  }
}
