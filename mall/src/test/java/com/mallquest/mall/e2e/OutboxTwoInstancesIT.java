package com.mallquest.mall.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.support.PostgresTestSupport;
import com.mallquest.mall.support.TcpProxy;
import com.mallquest.smartcache.RedisTestSupport;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Two instances of the packaged service on one PostgreSQL schema and one Redis (ADR 0015). A loses
 * Redis (a proxy cut) while B is frozen (SIGSTOP), so A's committed purchases stay in the outbox:
 * neither can publish them. A is killed with SIGKILL; B is let go and publishes what A left, so
 * that within the bound B serves every shopper and board as the database has them. A then restarts
 * and publishes nothing older: both instances serve the database's state.
 */
class OutboxTwoInstancesIT {

  private static final String KEY = "two-admin-key-" + UUID.randomUUID();
  private static final String NAMESPACE = "two-" + UUID.randomUUID().toString().substring(0, 8);
  private static final int SHOPPERS = 20;
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static String schema;
  private static String redisUrl;
  private static TcpProxy redisForA;
  private static final List<ServiceProcess> started = new ArrayList<>();
  private static FleetChecks checks;

  @BeforeAll
  static void setUp() {
    redisUrl = RedisTestSupport.requireRedis();
    PostgresTestSupport.requirePostgres();
    schema = PostgresTestSupport.createSchema();
    checks = new FleetChecks(schema, KEY);
    URI redis = URI.create(redisUrl);
    redisForA = TcpProxy.start(redis.getHost(), redis.getPort());
  }

  @AfterAll
  static void cleanUp() throws InterruptedException {
    for (ServiceProcess s : started) {
      s.stop();
    }
    if (redisForA != null) {
      redisForA.close();
    }
    if (schema != null) {
      PostgresTestSupport.dropSchema(schema);
    }
    if (redisUrl != null) {
      RedisTestSupport.deleteNamespace(redisUrl, NAMESPACE);
    }
  }

  private static ServiceProcess start(String redis) throws IOException {
    ServiceProcess s =
        ServiceProcess.start(
            Map.of(
                "SPRING_DATASOURCE_URL",
                PostgresTestSupport.urlOf(schema),
                "SPRING_DATASOURCE_USERNAME",
                "postgres",
                "SPRING_DATASOURCE_PASSWORD",
                "",
                "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE",
                "8",
                "MALLQUEST_REDIS_URL",
                redis,
                "MALLQUEST_REDIS_NAMESPACE",
                NAMESPACE,
                "MALLQUEST_SECURITY_ADMIN_KEY",
                KEY));
    started.add(s);
    return s;
  }

  @Test
  void aDiesWithUnpublishedChanges_bPublishesThem_aRestartsAndPublishesNothingOlder()
      throws Exception {
    ServiceProcess a = start("redis://127.0.0.1:" + redisForA.port());
    ServiceProcess b = start(redisUrl);
    assertThat(
            checks
                .post(
                    b,
                    "/api/v1/stores",
                    "{\"id\":\"two-store\",\"name\":\"Two\",\"category\":\"food\","
                        + "\"floor\":\"G\"}")
                .statusCode())
        .isEqualTo(201);
    List<String> shoppers = new ArrayList<>();
    for (int i = 0; i < SHOPPERS; i++) {
      shoppers.add("two-" + i);
      assertThat(checks.post(b, "/api/v1/shoppers", "{\"id\":\"two-" + i + "\"}").statusCode())
          .isEqualTo(201);
    }
    checks.boardsInRedis(b);
    // B and Redis hold every profile: stale copies to be replaced once A's changes are published.
    checks.servesTheDatabase(b, shoppers, BOUND);

    b.suspend();
    redisForA.cut();
    long acknowledged = purchasesOn(a, shoppers, 60);
    long pending = checks.outboxPending();
    assertThat(pending).as("A could publish none of its changes").isPositive();
    a.kill();

    b.resume();
    long resumed = System.nanoTime();
    checks.servesTheDatabase(b, shoppers, BOUND);
    long convergedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumed);
    await("B drained A's outbox").atMost(BOUND).until(() -> checks.outboxPending() == 0);

    redisForA.restore();
    ServiceProcess restarted = start("redis://127.0.0.1:" + redisForA.port());
    checks.servesTheDatabase(restarted, shoppers, BOUND);
    checks.servesTheDatabase(b, shoppers, BOUND);
    checks.reconciliationClean(b, SHOPPERS);
    System.out.printf(
        "OutboxTwoInstancesIT: A acknowledged %d purchases without Redis, left %d outbox changes;"
            + " B served the database's state %d ms after it was let go%n",
        acknowledged, pending, convergedMillis);
  }

  /** Purchases on {@code service} from 4 threads until {@code count} were acknowledged. */
  private static long purchasesOn(ServiceProcess service, List<String> shoppers, long count)
      throws Exception {
    AtomicLong receipts = new AtomicLong();
    AtomicLong acknowledged = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<?>> running = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        running.add(
            threads.submit(
                () -> {
                  while (!stop.get() && acknowledged.get() < count) {
                    String body =
                        "{\"shopperId\":\""
                            + shoppers.get(ThreadLocalRandom.current().nextInt(shoppers.size()))
                            + "\",\"storeId\":\"two-store\",\"receiptId\":\"T-"
                            + receipts.incrementAndGet()
                            + "\",\"amountMinor\":"
                            + (500 + ThreadLocalRandom.current().nextInt(5_000))
                            + ",\"currency\":\"USD\"}";
                    int status = checks.post(service, "/api/v1/purchases", body).statusCode();
                    assertThat(status).as("purchase on A without Redis").isEqualTo(201);
                    acknowledged.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      threads.shutdownNow();
    }
    return acknowledged.get();
  }
}
