package com.mallquest.mall.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.support.PostgresTestSupport;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged service killed with SIGKILL in the middle of a purchase load, and restarted on the
 * same PostgreSQL schema. Every purchase that got a 2xx is in the database exactly once; one that
 * got a definite error is not; one whose request lost its connection is retried with the same
 * receipt after the restart and is then recorded exactly once; coins equal the ledger for every
 * shopper (the reconciliation endpoint is clean).
 */
class CrashRecoveryIT {

  private static final String KEY = "crash-admin-key-" + UUID.randomUUID();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final int SHOPPERS = 8;
  private static String schema;
  private static ServiceProcess service;

  /** What a purchase request got. */
  private enum Outcome { ACKNOWLEDGED, REFUSED, NO_RESPONSE }

  @BeforeAll
  static void createSchema() {
    PostgresTestSupport.requirePostgres();
    schema = PostgresTestSupport.createSchema();
  }

  @AfterAll
  static void cleanUp() throws InterruptedException {
    if (service != null) {
      service.stop();
    }
    if (schema != null) {
      PostgresTestSupport.dropSchema(schema);
    }
  }

  private static Map<String, String> environment() {
    return Map.of(
        "SPRING_DATASOURCE_URL", PostgresTestSupport.urlOf(schema),
        "SPRING_DATASOURCE_USERNAME", "postgres",
        "SPRING_DATASOURCE_PASSWORD", "",
        "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", "8",
        "MALLQUEST_SECURITY_ADMIN_KEY", KEY);
  }

  @Test
  void sigkillDuringPurchases_acknowledgedOnce_refusedNever_unansweredRetriedOnce_ledgerBalances() throws Exception {
    service = ServiceProcess.start(environment());
    ServiceProcess first = service;
    assertThat(post(first, "/api/v1/stores", "{\"id\":\"crash-store\",\"name\":\"Crash\",\"category\":\"food\","
        + "\"floor\":\"G\"}").statusCode()).isEqualTo(201);
    List<String> shoppers = new ArrayList<>();
    for (int i = 0; i < SHOPPERS; i++) {
      shoppers.add("crash-" + i);
      assertThat(post(first, "/api/v1/shoppers", "{\"id\":\"crash-" + i + "\"}").statusCode()).isEqualTo(201);
    }

    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    Map<String, String> bodies = new ConcurrentHashMap<>();
    AtomicLong receipts = new AtomicLong();
    AtomicLong acknowledged = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    Runnable purchaser = () -> {
      while (!stop.get()) {
        String receipt = "K-" + receipts.incrementAndGet();
        String body = purchase(shoppers.get(ThreadLocalRandom.current().nextInt(SHOPPERS)), receipt);
        bodies.put(receipt, body);
        try {
          int status = post(first, "/api/v1/purchases", body).statusCode();
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
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<?>> running = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        running.add(threads.submit(purchaser));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() >= 40);
      first.kill();
      stop.set(true);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      threads.shutdownNow();
    }

    long restartStarted = System.nanoTime();
    service = ServiceProcess.start(environment());
    long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartStarted);
    List<String> unanswered = outcomes.entrySet().stream().filter(e -> e.getValue() == Outcome.NO_RESPONSE)
        .map(Map.Entry::getKey).toList();
    int committedBeforeCrash = 0;
    for (String receipt : unanswered) {
      int status = post(service, "/api/v1/purchases", bodies.get(receipt)).statusCode();
      assertThat(status).as("retry of %s", receipt).isIn(200, 201);
      committedBeforeCrash += status == 200 ? 1 : 0;
    }
    System.out.printf("CrashRecoveryIT: %d purchases sent, %d acknowledged before SIGKILL, %d refused, %d without"
            + " a response (%d of them had committed: replayed on retry); restart to healthy %d ms%n",
        outcomes.size(), acknowledged.get(), outcomes.values().stream().filter(o -> o == Outcome.REFUSED).count(),
        unanswered.size(), committedBeforeCrash, restartMillis);

    Map<String, Long> stored = purchasesPerReceipt();
    outcomes.forEach((receipt, outcome) -> {
      long times = stored.getOrDefault(receipt, 0L);
      assertThat(times).as("%s (%s) in the database", receipt, outcome)
          .isEqualTo(outcome == Outcome.REFUSED ? 0 : 1);
    });
    assertThat(stored.keySet()).as("no purchase nobody sent").isSubsetOf(outcomes.keySet());
    HttpResponse<String> report = get(service, "/api/v1/operations/reconciliation");
    assertThat(report.statusCode()).isEqualTo(200);
    JsonNode json = JSON.readTree(report.body());
    assertThat(json.get("mismatchCount").asLong()).as(report.body()).isZero();
    assertThat(json.get("shoppersChecked").asLong()).isEqualTo(SHOPPERS);
  }

  private static Map<String, Long> purchasesPerReceipt() throws SQLException {
    Map<String, Long> counts = new ConcurrentHashMap<>();
    try (Connection c = DriverManager.getConnection(PostgresTestSupport.urlOf(schema),
            PostgresTestSupport.connectionProperties());
        PreparedStatement s = c.prepareStatement("SELECT receipt_id, COUNT(*) FROM purchases GROUP BY receipt_id");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
    }
    return counts;
  }

  private static String purchase(String shopper, String receipt) {
    return "{\"shopperId\":\"" + shopper + "\",\"storeId\":\"crash-store\",\"receiptId\":\"" + receipt
        + "\",\"amountMinor\":1999,\"currency\":\"USD\"}";
  }

  private static HttpResponse<String> post(ServiceProcess to, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(to.uri(path)).header("X-Api-Key", KEY)
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(ServiceProcess to, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(to.uri(path)).header("X-Api-Key", KEY)
        .timeout(Duration.ofSeconds(20)).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
