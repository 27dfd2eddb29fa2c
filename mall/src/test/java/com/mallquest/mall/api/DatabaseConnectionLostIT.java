package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.support.PostgresTestSupport;
import com.mallquest.mall.support.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database connection lost under load, and restored: the service (a Spring Boot context, pool
 * of 8, Hikari connection timeout 1 s) reaches PostgreSQL through a {@link TcpProxy} that the test
 * cuts, which drops every open connection mid-transaction and refuses new ones.
 *
 * <p>Asserts: while cut, requests answer 503 problem+json with {@code Retry-After} (never a 500),
 * including a key lookup in the authentication filter and the health endpoint; after the restore
 * the same context serves again without a restart; no purchase is half-applied (purchases, ledger
 * and balances agree, the reconciliation is clean); and every purchase that got a 503 and is
 * retried with its receipt is recorded exactly once (a 503 on a lost commit acknowledgement may
 * have committed: the retry replays it).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatabaseConnectionLostIT extends ApiTestSupport {

  private static final int SHOPPERS = 8;
  private static TcpProxy proxy;
  private static String schema;

  @BeforeAll
  static void startProxy() {
    PostgresTestSupport.requirePostgres();
    proxy();
  }

  @AfterAll
  static void stopProxyAndDropSchema() {
    if (proxy != null) {
      proxy.close();
    }
    if (schema != null) {
      PostgresTestSupport.dropSchema(schema);
    }
  }

  private static synchronized TcpProxy proxy() {
    if (proxy == null) {
      URI target = URI.create(PostgresTestSupport.url().substring("jdbc:".length()));
      proxy = TcpProxy.start(target.getHost(), target.getPort());
    }
    return proxy;
  }

  private static synchronized String schema() {
    if (schema == null) {
      schema = PostgresTestSupport.createSchema();
    }
    return schema;
  }

  @DynamicPropertySource
  static void throughTheProxy(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.datasource.url",
        () -> {
          URI target = URI.create(PostgresTestSupport.urlOf(schema()).substring("jdbc:".length()));
          return "jdbc:postgresql://127.0.0.1:"
              + proxy().port()
              + target.getRawPath()
              + "?"
              + target.getRawQuery();
        });
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
    registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
    registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
    registry.add("spring.datasource.hikari.validation-timeout", () -> "500");
  }

  @Test
  void connectionCutUnderLoad_answers503_neverHalfApplies_andResumesWithoutRestart()
      throws Exception {
    String store = createStore("1");
    List<String> shoppers = new ArrayList<>();
    for (int i = 0; i < SHOPPERS; i++) {
      shoppers.add(createShopper());
    }
    String appKey = createKey("app", null);
    ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> unavailable = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    AtomicLong receipts = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    Runnable purchaser =
        () -> {
          while (!stop.get()) {
            String receipt = "C-" + receipts.incrementAndGet();
            String shopper = shoppers.get(ThreadLocalRandom.current().nextInt(SHOPPERS));
            Reply r =
                call(
                    "POST",
                    "/api/v1/purchases",
                    ADMIN_KEY,
                    purchaseJson(shopper, store, receipt, 2500, "USD"));
            if (r.status() == 201) {
              created.add(receipt + " " + shopper);
            } else if (r.status() == 503 && isUnavailableProblem(r)) {
              unavailable.add(receipt + " " + shopper);
            } else {
              wrong.add(receipt + ": " + r.status() + " " + r.contentType() + " " + r.raw().body());
            }
          }
        };

    ExecutorService threads = Executors.newFixedThreadPool(3);
    List<Future<?>> running = new ArrayList<>();
    long cutAt;
    long first503Millis;
    long restoredAt;
    long firstSuccessMillis;
    try {
      for (int i = 0; i < 3; i++) {
        running.add(threads.submit(purchaser));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> created.size() >= 10);

      cutAt = System.nanoTime();
      proxy.cut();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> !unavailable.isEmpty());
      first503Millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
      await().atMost(Duration.ofSeconds(20)).until(() -> unavailable.size() >= 6);
      int createdWhileCut = created.size();

      assertUnavailable(
          call("GET", "/api/v1/shoppers/" + shoppers.get(0) + "/ledger", ADMIN_KEY, null));
      assertUnavailable(
          call("GET", "/api/v1/shoppers/" + shoppers.get(0) + "/purchases", appKey, null));
      assertUnavailable(
          call("POST", "/api/v1/shoppers/" + shoppers.get(1) + "/check-ins", ADMIN_KEY, null));
      assertThat(call("GET", "/actuator/health", null, null).status()).isEqualTo(503);
      assertThat(created.size())
          .as("no purchase succeeds while the link is cut")
          .isEqualTo(createdWhileCut);

      restoredAt = System.nanoTime();
      proxy.restore();
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> created.size() > createdWhileCut);
      firstSuccessMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restoredAt);
      await().atMost(Duration.ofSeconds(15)).until(() -> created.size() >= createdWhileCut + 10);
      stop.set(true);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      proxy.restore();
      threads.shutdownNow();
    }

    assertThat(wrong).as("answers other than 201 or 503 problem+json").isEmpty();
    assertThat(call("GET", "/actuator/health", null, null).status()).isEqualTo(200);
    int replayed = 0;
    for (String entry : unavailable) {
      String[] parts = entry.split(" ");
      Reply retry =
          call(
              "POST",
              "/api/v1/purchases",
              ADMIN_KEY,
              purchaseJson(parts[1], store, parts[0], 2500, "USD"));
      assertThat(retry.status()).as(retry.raw().body()).isIn(200, 201);
      replayed += retry.status() == 200 ? 1 : 0;
      created.add(entry);
    }
    System.out.printf(
        "DatabaseConnectionLostIT: %d purchases recorded, %d answered 503 while cut (first %d ms"
            + " after the cut), %d of them had committed (replayed on retry); first success %d ms after restore%n",
        created.size(), unavailable.size(), first503Millis, replayed, firstSuccessMillis);

    assertThat(created).hasSize((int) receipts.get());
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM purchases WHERE store_id = ?")
                .param(store)
                .query(Long.class)
                .single())
        .isEqualTo(created.size());
    assertConsistent(store);
    Reply report = call("GET", "/api/v1/operations/reconciliation", ADMIN_KEY, null);
    Reconciliations.assertClean(report.status(), report.json(), SHOPPERS);
  }

  /** Each purchase has its one ledger row; each shopper's spend is the sum of their purchases. */
  private void assertConsistent(String store) {
    assertThat(
            jdbc.sql(
                    "SELECT COUNT(*) FROM purchases p WHERE p.store_id = ? AND p.coins_earned > 0 AND"
                        + " (SELECT COUNT(*) FROM coin_ledger l WHERE l.reference = CONCAT('purchase:', p.id)"
                        + " AND l.delta = p.coins_earned) <> 1")
                .param(store)
                .query(Long.class)
                .single())
        .as("purchases without exactly one matching ledger row")
        .isZero();
    assertThat(
            jdbc.sql(
                    "SELECT COUNT(*) FROM shoppers s WHERE s.lifetime_spend_minor <>"
                        + " (SELECT COALESCE(SUM(p.amount_minor), 0) FROM purchases p WHERE p.shopper_id = s.id)")
                .query(Long.class)
                .single())
        .as("shoppers whose spend is not their purchases' sum")
        .isZero();
  }

  private static boolean isUnavailableProblem(Reply r) {
    return r.contentType() != null
        && r.contentType().startsWith("application/problem+json")
        && r.header("Retry-After") != null
        && !r.raw().body().contains("Exception");
  }

  private static void assertUnavailable(Reply r) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(503);
    assertThat(isUnavailableProblem(r))
        .as("problem+json with Retry-After: %s %s", r.raw().headers(), r.raw().body())
        .isTrue();
  }
}
