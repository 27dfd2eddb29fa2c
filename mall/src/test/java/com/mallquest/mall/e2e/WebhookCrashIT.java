package com.mallquest.mall.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.support.PostgresTestSupport;
import com.mallquest.mall.support.WebhookReceiver;
import com.mallquest.mall.support.WebhookReceiver.Received;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged service on PostgreSQL, delivering webhooks to a receiver that holds every first
 * attempt past the timeout (so deliveries are always in flight), is killed with SIGKILL in the
 * middle of a purchase load and restarted on the same schema: every purchase in the database
 * reaches the receiver as a signed {@code purchase.recorded} event, and every attempt of an event
 * carries the same id and body (ADR 0020: deliveries are rows created with the outbox's commit; a
 * lease a dead worker held runs out and the delivery is sent again).
 */
class WebhookCrashIT {

  private static final String KEY = "webhook-crash-key-" + UUID.randomUUID();

  /**
   * At most this many purchases: one shopper's events go out one after another, each first attempt
   * timing out.
   */
  private static final long PURCHASES = 150;

  private static String schema;
  private static ServiceProcess service;
  private static WebhookReceiver receiver;

  @BeforeAll
  static void createSchema() {
    PostgresTestSupport.requirePostgres();
    schema = PostgresTestSupport.createSchema();
    receiver = new WebhookReceiver().slowFirst(1, 1_500);
  }

  @AfterAll
  static void cleanUp() throws InterruptedException {
    if (service != null) {
      service.stop();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (schema != null) {
      PostgresTestSupport.dropSchema(schema);
    }
  }

  private static Map<String, String> environment() {
    return Map.ofEntries(
        Map.entry("SPRING_DATASOURCE_URL", PostgresTestSupport.urlOf(schema)),
        Map.entry("SPRING_DATASOURCE_USERNAME", "postgres"),
        Map.entry("SPRING_DATASOURCE_PASSWORD", ""),
        Map.entry("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", "10"),
        Map.entry("MALLQUEST_SECURITY_ADMIN_KEY", KEY),
        Map.entry("MALLQUEST_WEBHOOKS_ALLOW_HTTP_LOOPBACK", "true"),
        Map.entry("MALLQUEST_WEBHOOKS_REQUEST_TIMEOUT", "500ms"),
        Map.entry("MALLQUEST_WEBHOOKS_LEASE", "2s"),
        Map.entry("MALLQUEST_WEBHOOKS_INITIAL_BACKOFF", "20ms"),
        Map.entry("MALLQUEST_WEBHOOKS_MAX_BACKOFF", "200ms"),
        Map.entry("MALLQUEST_WEBHOOKS_POLL_INTERVAL", "100ms"));
  }

  @Test
  void sigkillMidDelivery_losesNoEvent() throws Exception {
    FleetChecks http = new FleetChecks(schema, KEY);
    service = ServiceProcess.start(environment());
    var created =
        http.post(
            service,
            "/api/v1/webhooks",
            "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[\"purchase.recorded\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String secret = FleetChecks.JSON.readTree(created.body()).get("secret").asString();
    assertThat(
            http.post(
                    service,
                    "/api/v1/stores",
                    "{\"id\":\"hook-store\",\"name\":\"Hook\",\"category\":"
                        + "\"food\",\"floor\":\"G\"}")
                .statusCode())
        .isEqualTo(201);
    List<String> shoppers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      shoppers.add("hook-" + i);
      assertThat(http.post(service, "/api/v1/shoppers", "{\"id\":\"hook-" + i + "\"}").statusCode())
          .isEqualTo(201);
    }

    ServiceProcess victim = service;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong receipts = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      threads.submit(
          () -> {
            for (long n = receipts.incrementAndGet();
                !stop.get() && n <= PURCHASES;
                n = receipts.incrementAndGet()) {
              try {
                http.post(
                    victim,
                    "/api/v1/purchases",
                    "{\"shopperId\":\""
                        + shoppers.get((int) (n % 10))
                        + "\",\"storeId\":\"hook-store\",\"receiptId\":\"H-"
                        + n
                        + "\",\"amountMinor\":1500,"
                        + "\"currency\":\"USD\"}");
              } catch (IOException e) {
                return; // the service died under this request
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
          });
    }
    // Mid-delivery: attempts are being held by the receiver while purchases keep coming.
    await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= 10);
    victim.kill();
    stop.set(true);
    threads.shutdown();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    Set<String> committed = purchaseIds();
    assertThat(committed).hasSizeGreaterThan(10);
    assertThat(acceptedPurchaseIds())
        .as("not all delivered before the kill")
        .isNotEqualTo(committed);

    service = ServiceProcess.start(environment());

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(acceptedPurchaseIds()).containsAll(committed));
    Map<String, Set<String>> bodies = new HashMap<>();
    for (Received r : receiver.received()) {
      assertThat(validSignature(secret, r)).as("signature of %s", r.id()).isTrue();
      bodies.computeIfAbsent(r.id(), k -> new HashSet<>()).add(r.body());
    }
    bodies.forEach((id, b) -> assertThat(b).as("attempts of %s", id).hasSize(1));
  }

  private static Set<String> acceptedPurchaseIds() {
    Set<String> ids = new HashSet<>();
    for (Received r : receiver.accepted()) {
      JsonNode event = FleetChecks.JSON.readTree(r.body());
      ids.add(event.get("data").get("purchaseId").asString());
    }
    return ids;
  }

  private static Set<String> purchaseIds() throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection c =
            DriverManager.getConnection(
                PostgresTestSupport.urlOf(schema), PostgresTestSupport.connectionProperties());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM purchases")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static boolean validSignature(String secret, Received r) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    return ("v1,"
            + Base64.getEncoder()
                .encodeToString(
                    mac.doFinal(
                        (r.id() + "." + r.timestamp() + "." + r.body())
                            .getBytes(StandardCharsets.UTF_8))))
        .equals(r.signature());
  }
}
