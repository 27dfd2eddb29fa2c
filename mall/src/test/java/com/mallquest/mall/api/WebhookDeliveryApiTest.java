package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.support.WebhookReceiver;
import com.mallquest.mall.support.WebhookReceiver.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Webhook deliveries end to end in the shared API context: events committed by purchases, refunds,
 * redemptions and check-ins reach a local receiver at least once, signed (checked here with an
 * independent HMAC, as a receiver would), with the same event id on every attempt, in sequence
 * order per shopper, whatever the receiver does (fails, is slow, goes away).
 */
class WebhookDeliveryApiTest extends ApiTestSupport {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final List<WebhookReceiver> receivers = new ArrayList<>();
  private final List<String> subscriptions = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    subscriptions.forEach(id -> call("DELETE", "/api/v1/webhooks/" + id, ADMIN_KEY, null));
    receivers.forEach(WebhookReceiver::close);
  }

  private WebhookReceiver receiver() {
    WebhookReceiver r = new WebhookReceiver();
    receivers.add(r);
    return r;
  }

  /** Subscribes; returns {id, secret}. */
  private String[] subscribe(WebhookReceiver receiver, String types) {
    Reply r =
        call(
            "POST",
            "/api/v1/webhooks",
            ADMIN_KEY,
            "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":" + types + "}");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    String id = r.json().get("id").asString();
    subscriptions.add(id);
    return new String[] {id, r.json().get("secret").asString()};
  }

  private JsonNode purchase(String shopper, String store, String receipt, long amountMinor) {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, receipt, amountMinor, "USD"));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return r.json();
  }

  /** What a receiver does: HMAC-SHA256 over id.timestamp.body with the secret's key. */
  private static boolean validSignature(String secret, Received r) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      String expected =
          "v1,"
              + Base64.getEncoder()
                  .encodeToString(
                      mac.doFinal(
                          (r.id() + "." + r.timestamp() + "." + r.body())
                              .getBytes(StandardCharsets.UTF_8)));
      return expected.equals(r.signature());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(Received r) {
    return JSON.readTree(r.body());
  }

  /**
   * Accepted deliveries of one shopper's events of a type, first arrival per event id, in arrival
   * order.
   */
  private static List<JsonNode> firstAccepted(
      WebhookReceiver receiver, String shopper, String type) {
    Set<String> seen = new HashSet<>();
    List<JsonNode> out = new ArrayList<>();
    for (Received r : receiver.accepted()) {
      JsonNode e = json(r);
      if (shopper.equals(e.path("shopperId").asString(""))
          && type.equals(e.get("type").asString())
          && seen.add(r.id())) {
        out.add(e);
      }
    }
    return out;
  }

  private static void assertSignedAndStable(WebhookReceiver receiver, String secret) {
    Map<String, Set<String>> bodiesPerId = new HashMap<>();
    for (Received r : receiver.received()) {
      assertThat(validSignature(secret, r)).as("signature of %s", r.id()).isTrue();
      assertThat(json(r).get("id").asString()).isEqualTo(r.id());
      bodiesPerId.computeIfAbsent(r.id(), k -> new HashSet<>()).add(r.body());
    }
    bodiesPerId.forEach(
        (id, bodies) ->
            assertThat(bodies).as("every attempt of %s sends the same body", id).hasSize(1));
  }

  @Test
  void receiverFailingTheFirstTwoAttempts_getsEveryEventSigned_retriesCarryTheSameEventId() {
    WebhookReceiver receiver = receiver().failFirst(2);
    String[] sub =
        subscribe(
            receiver,
            "[\"purchase.recorded\",\"shopper.level_up\",\"checkin.recorded\","
                + "\"purchase.refunded\",\"reward.redeemed\"]");
    String store = createStore("1.0");
    String shopper = createShopper();
    List<String> purchaseIds = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      JsonNode p = purchase(shopper, store, unique("R"), 5_000);
      purchaseIds.add(p.get("purchaseId").asString());
      assertThat(p.get("events").toString())
          .as("the API's events list is unchanged")
          .doesNotContain("purchase_recorded")
          .doesNotContain("purchase.recorded");
    }
    Reply refund =
        call("POST", "/api/v1/purchases/" + purchaseIds.get(0) + "/refund", ADMIN_KEY, null);
    assertThat(refund.status()).as(refund.raw().body()).isIn(200, 201);
    assertThat(call("POST", "/api/v1/shoppers/" + shopper + "/check-ins", ADMIN_KEY, null).status())
        .isIn(200, 201);
    String reward = unique("reward");
    assertThat(
            call(
                    "POST",
                    "/api/v1/rewards",
                    ADMIN_KEY,
                    "{\"id\":\""
                        + reward
                        + "\",\"name\":{\"en\":\"Coffee\"},"
                        + "\"description\":{\"en\":\"A cup\"},\"priceCoins\":10,\"stock\":5}")
                .status())
        .isEqualTo(201);
    Reply redeemed =
        callWith(
            "POST",
            "/api/v1/shoppers/" + shopper + "/redemptions",
            ADMIN_KEY,
            "{\"rewardId\":\"" + reward + "\"}",
            "Idempotency-Key",
            unique("k"));
    assertThat(redeemed.status()).as(redeemed.raw().body()).isEqualTo(201);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(firstAccepted(receiver, shopper, "purchase.recorded")).hasSize(10);
              assertThat(firstAccepted(receiver, shopper, "purchase.refunded")).hasSize(1);
              assertThat(firstAccepted(receiver, shopper, "checkin.recorded")).hasSize(1);
              assertThat(firstAccepted(receiver, shopper, "reward.redeemed")).hasSize(1);
              assertThat(firstAccepted(receiver, shopper, "shopper.level_up")).isNotEmpty();
            });
    assertSignedAndStable(receiver, sub[1]);
    Map<String, Long> attempts =
        receiver.received().stream()
            .filter(r -> shopper.equals(json(r).path("shopperId").asString("")))
            .collect(Collectors.groupingBy(Received::id, Collectors.counting()));
    assertThat(attempts.values())
        .as("two refusals, then the accepted attempt")
        .allMatch(n -> n >= 3);
    List<String> recorded =
        firstAccepted(receiver, shopper, "purchase.recorded").stream()
            .map(e -> e.get("data").get("purchaseId").asString())
            .toList();
    assertThat(recorded).containsExactlyElementsOf(purchaseIds);
    JsonNode refunded = firstAccepted(receiver, shopper, "purchase.refunded").get(0);
    assertThat(refunded.get("data").get("purchaseId").asString()).isEqualTo(purchaseIds.get(0));
    assertThat(refunded.get("data").get("storeId").asString()).isEqualTo(store);
    JsonNode redemption = firstAccepted(receiver, shopper, "reward.redeemed").get(0);
    assertThat(redemption.get("data").get("code").asString())
        .isEqualTo(redeemed.json().get("code").asString());
    assertThat(redemption.get("version").asInt()).isEqualTo(1);

    JsonNode log =
        call("GET", "/api/v1/webhooks/" + sub[0] + "/deliveries?limit=200", ADMIN_KEY, null).json();
    JsonNode first = log.get("items").get(0);
    assertThat(first.get("status").asString()).isEqualTo("delivered");
    assertThat(first.get("attempts").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(first.get("lastHttpStatus").asInt()).isEqualTo(204);
    assertThat(first.has("latencyMs")).isTrue();
  }

  @Test
  void slowReceiver_pastTheTimeout_getsEveryEventAgain_withTheSameId() {
    WebhookReceiver receiver = receiver().slowFirst(1, 3_000);
    String[] sub = subscribe(receiver, "[\"purchase.recorded\"]");
    String store = createStore("1.0");
    String shopper = createShopper();
    for (int i = 0; i < 3; i++) {
      purchase(shopper, store, unique("S"), 1_000);
    }

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        call("GET", "/api/v1/webhooks/" + sub[0] + "/deliveries", ADMIN_KEY, null)
                            .json()
                            .get("items")
                            .valueStream()
                            .filter(d -> d.get("status").asString().equals("delivered"))
                            .count())
                    .isEqualTo(3));
    JsonNode items =
        call("GET", "/api/v1/webhooks/" + sub[0] + "/deliveries", ADMIN_KEY, null)
            .json()
            .get("items");
    items
        .valueStream()
        .forEach(d -> assertThat(d.get("attempts").asInt()).as("timed out once").isGreaterThan(1));
    await().atMost(WAIT).until(() -> receiver.received().size() >= 6);
    assertSignedAndStable(receiver, sub[1]);
    assertThat(firstAccepted(receiver, shopper, "purchase.recorded")).hasSize(3);
  }

  @Test
  void receiverThatGoesAway_getsEverythingOnceItIsBack() {
    WebhookReceiver receiver = receiver();
    String[] sub = subscribe(receiver, "[\"purchase.recorded\"]");
    String store = createStore("1.0");
    String shopper = createShopper();
    receiver.stop();
    for (int i = 0; i < 5; i++) {
      purchase(shopper, store, unique("G"), 1_000);
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode items =
                  call("GET", "/api/v1/webhooks/" + sub[0] + "/deliveries", ADMIN_KEY, null)
                      .json()
                      .get("items");
              assertThat(items.size()).as("fanned out").isEqualTo(5);
              JsonNode first = items.get(4);
              assertThat(first.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
              assertThat(first.get("status").asString()).isEqualTo("pending");
              assertThat(first.path("lastError").asString("")).isNotBlank();
            });

    receiver.restart();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(firstAccepted(receiver, shopper, "purchase.recorded")).hasSize(5));
    assertSignedAndStable(receiver, sub[1]);
    List<Long> sequences =
        firstAccepted(receiver, shopper, "purchase.recorded").stream()
            .map(e -> e.get("sequence").asLong())
            .toList();
    assertThat(sequences).isSorted();
  }

  @Test
  void testEvent_isDeliveredSigned_andRedeliverSendsTheSameEventAgain() {
    WebhookReceiver receiver = receiver();
    String[] sub = subscribe(receiver, "[\"shopper.level_up\"]");

    Reply test = call("POST", "/api/v1/webhooks/" + sub[0] + "/test", ADMIN_KEY, null);

    assertThat(test.status()).as(test.raw().body()).isEqualTo(202);
    String eventId = test.json().get("event").get("id").asString();
    long deliveryId = test.json().get("delivery").get("id").asLong();
    await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);
    Received got = receiver.accepted().get(0);
    assertThat(got.id()).isEqualTo(eventId);
    assertThat(json(got).get("type").asString()).isEqualTo("webhook.test");
    assertThat(json(got).get("data").get("subscriptionId").asString()).isEqualTo(sub[0]);
    assertThat(validSignature(sub[1], got)).isTrue();

    Reply again =
        call(
            "POST",
            "/api/v1/webhooks/" + sub[0] + "/deliveries/" + deliveryId + "/redeliver",
            ADMIN_KEY,
            null);

    assertThat(again.status()).as(again.raw().body()).isEqualTo(202);
    await().atMost(WAIT).until(() -> receiver.accepted().size() == 2);
    assertThat(receiver.accepted().get(1).id()).isEqualTo(eventId);
    assertThat(receiver.accepted().get(1).body()).isEqualTo(got.body());
    assertThat(validSignature(sub[1], receiver.accepted().get(1))).isTrue();
  }

  @Test
  void thousandPurchasesAcrossFiftyShoppers_eachShoppersEventsArriveInSequenceOrder()
      throws Exception {
    WebhookReceiver receiver = receiver().failFirst(1);
    String[] sub = subscribe(receiver, "[\"purchase.recorded\",\"shopper.level_up\"]");
    String store = createStore("1.0");
    List<String> shoppers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      shoppers.add(createShopper());
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        done.add(
            threads.submit(
                () -> {
                  for (int n = next.getAndIncrement(); n < 1_000; n = next.getAndIncrement()) {
                    purchase(shoppers.get(n % 50), store, "O-" + sub[0] + "-" + n, 2_000);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdown();
    }

    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () ->
                assertThat(
                        shoppers.stream()
                            .mapToInt(s -> firstAccepted(receiver, s, "purchase.recorded").size())
                            .sum())
                    .isEqualTo(1_000));
    for (String shopper : shoppers) {
      List<Long> arrived = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Received r : receiver.accepted()) {
        JsonNode e = json(r);
        if (shopper.equals(e.path("shopperId").asString("")) && seen.add(r.id())) {
          arrived.add(e.get("sequence").asLong());
        }
      }
      assertThat(arrived)
          .as("events of %s in arrival order", shopper)
          .isSortedAccordingTo(Long::compare)
          .doesNotHaveDuplicates();
      assertThat(arrived.size()).isGreaterThanOrEqualTo(20);
    }
    assertSignedAndStable(receiver, sub[1]);
  }
}
