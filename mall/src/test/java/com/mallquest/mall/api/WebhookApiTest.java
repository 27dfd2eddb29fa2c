package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.support.WebhookReceiver;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The webhook subscription API: ADMIN only, problem+json for bad input, SSRF refusals, secret shown
 * once.
 */
class WebhookApiTest extends AccessTestSupport {

  private final WebhookReceiver receiver = new WebhookReceiver();

  @AfterEach
  void closeReceiver() {
    receiver.close();
  }

  private String body(String url, String types) {
    return "{\"url\":\"" + url + "\",\"eventTypes\":" + types + "}";
  }

  @Test
  void create_answersTheSecretOnce_andGetListAndPatchNeverShowIt() {
    Reply created =
        call(
            "POST",
            "/api/v1/webhooks",
            ADMIN_KEY,
            "{\"url\":\""
                + receiver.url()
                + "\",\"eventTypes\":[\"purchase.recorded\",\"shopper.level_up\"],"
                + "\"description\":\"crm\"}");

    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    JsonNode json = created.json();
    String id = json.get("id").asString();
    assertThat(created.header("Location")).isEqualTo("/api/v1/webhooks/" + id);
    assertThat(json.get("secret").asString()).startsWith("whsec_").hasSizeGreaterThan(40);
    assertThat(json.get("status").asString()).isEqualTo("active");
    assertThat(json.get("eventTypes").valueStream().map(JsonNode::asString).toList())
        .containsExactly("purchase.recorded", "shopper.level_up");

    Reply got = call("GET", "/api/v1/webhooks/" + id, ADMIN_KEY, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().has("secret")).isFalse();
    Reply list = call("GET", "/api/v1/webhooks", ADMIN_KEY, null);
    assertThat(list.raw().body()).contains(id).doesNotContain(json.get("secret").asString());

    Reply paused = call("PATCH", "/api/v1/webhooks/" + id, ADMIN_KEY, "{\"active\":false}");
    assertThat(paused.status()).as(paused.raw().body()).isEqualTo(200);
    assertThat(paused.json().get("status").asString()).isEqualTo("paused");
    assertThat(paused.json().has("secret")).isFalse();
    assertThat(paused.json().get("description").asString()).isEqualTo("crm");

    assertThat(call("DELETE", "/api/v1/webhooks/" + id, ADMIN_KEY, null).status()).isEqualTo(204);
    assertProblem(call("GET", "/api/v1/webhooks/" + id, ADMIN_KEY, null), 404);
    assertProblem(call("DELETE", "/api/v1/webhooks/" + id, ADMIN_KEY, null), 404);
  }

  @Test
  void onlyAdmin_mayManageWebhooks() {
    String store = createStore("1.0");
    String storeKey = createKey("STORE", store);
    String appKey = createKey("APP", null);
    String json = body(receiver.url(), "[\"purchase.recorded\"]");

    assertProblem(call("POST", "/api/v1/webhooks", null, json), 401);
    assertProblem(call("POST", "/api/v1/webhooks", storeKey, json), 403);
    assertProblem(call("POST", "/api/v1/webhooks", appKey, json), 403);
    assertProblem(call("GET", "/api/v1/webhooks", appKey, null), 403);
    assertProblem(call("GET", "/api/v1/webhooks", storeKey, null), 403);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM webhook_subscriptions WHERE target_url = :u")
                .param("u", receiver.url())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void ssrfTargets_andBadInput_areRefusedWithProblemJson_andStoreNothing() {
    long before = jdbc.sql("SELECT COUNT(*) FROM webhook_subscriptions").query(Long.class).single();
    List<String> refused =
        List.of(
            body(
                "http://93.184.216.34/hook",
                "[\"purchase.recorded\"]"), // http to a non-loopback host
            body("https://10.0.0.7/hook", "[\"purchase.recorded\"]"), // private
            body("https://192.168.1.20/hook", "[\"purchase.recorded\"]"),
            body("https://172.16.5.4/hook", "[\"purchase.recorded\"]"),
            body(
                "https://169.254.169.254/latest/meta-data",
                "[\"purchase.recorded\"]"), // cloud metadata, link-local
            body("https://100.64.0.1/hook", "[\"purchase.recorded\"]"), // carrier-grade NAT
            body("https://[fd00::1]/hook", "[\"purchase.recorded\"]"), // unique local
            body(
                "https://[::ffff:10.0.0.1]/hook", "[\"purchase.recorded\"]"), // IPv4-mapped private
            body("https://0.0.0.0/hook", "[\"purchase.recorded\"]"),
            body("ftp://127.0.0.1/hook", "[\"purchase.recorded\"]"),
            body("https://user:pw@127.0.0.1/hook", "[\"purchase.recorded\"]"),
            body("/relative", "[\"purchase.recorded\"]"),
            body("https://exa mple.com/", "[\"purchase.recorded\"]"),
            body(receiver.url(), "[]"),
            body(receiver.url(), "[\"purchase.exploded\"]"),
            body(receiver.url(), "[null]"),
            "{\"url\":\""
                + receiver.url()
                + "\",\"eventTypes\":[\"shopper.level_up\"],\"storeIds\":[\"s1\"]}",
            "{\"url\":\""
                + receiver.url()
                + "\",\"eventTypes\":[\"purchase.recorded\"],\"storeIds\":[\"bad id!\"]}",
            "{\"url\":\""
                + receiver.url()
                + "\",\"eventTypes\":[\"purchase.recorded\"],\"secret\":\"mine\"}",
            "{\"eventTypes\":[\"purchase.recorded\"]}",
            "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":\"purchase.recorded\"}",
            "{\"url\":42,\"eventTypes\":[\"purchase.recorded\"]}",
            "{\"url\":\""
                + "https://a.example/"
                + "x".repeat(3000)
                + "\",\"eventTypes\":[\"purchase.recorded\"]}",
            "not json");
    for (String json : refused) {
      Reply r = call("POST", "/api/v1/webhooks", ADMIN_KEY, json);
      assertThat(r.status()).as(json + " -> " + r.raw().body()).isEqualTo(400);
      assertThat(r.contentType()).as(json).startsWith("application/problem+json");
    }
    assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_subscriptions").query(Long.class).single())
        .isEqualTo(before);

    Reply created =
        call(
            "POST", "/api/v1/webhooks", ADMIN_KEY, body(receiver.url(), "[\"purchase.recorded\"]"));
    String id = created.json().get("id").asString();
    assertProblem(
        call("PATCH", "/api/v1/webhooks/" + id, ADMIN_KEY, "{\"url\":\"https://10.1.2.3/\"}"), 400);
    assertProblem(call("PATCH", "/api/v1/webhooks/" + id, ADMIN_KEY, "{\"eventTypes\":[]}"), 400);
    assertThat(call("GET", "/api/v1/webhooks/" + id, ADMIN_KEY, null).json().get("url").asString())
        .isEqualTo(receiver.url());
    assertProblem(
        call("GET", "/api/v1/webhooks/" + id + "/deliveries?limit=0", ADMIN_KEY, null), 400);
    assertProblem(
        call("GET", "/api/v1/webhooks/" + id + "/deliveries?limit=x", ADMIN_KEY, null), 400);
    assertProblem(
        call("POST", "/api/v1/webhooks/" + id + "/deliveries/abc/redeliver", ADMIN_KEY, null), 400);
    assertProblem(
        call("POST", "/api/v1/webhooks/" + id + "/deliveries/999999999/redeliver", ADMIN_KEY, null),
        404);
    assertProblem(call("POST", "/api/v1/webhooks/wh_nope/test", ADMIN_KEY, null), 404);
    assertProblem(call("GET", "/api/v1/webhooks/" + "x".repeat(300), ADMIN_KEY, null), 404);
    call("DELETE", "/api/v1/webhooks/" + id, ADMIN_KEY, null);
  }

  @Test
  void openApiDocument_describesTheBodyOfEveryEventType() {
    JsonNode schemas =
        call("GET", "/v3/api-docs", null, null).json().get("components").get("schemas");

    assertThat(schemas.get("WebhookEvent").get("properties").propertyNames())
        .contains("id", "type", "timestamp", "version", "shopperId", "sequence", "data");
    List<String> oneOf =
        schemas
            .get("WebhookEvent")
            .get("properties")
            .get("data")
            .get("oneOf")
            .valueStream()
            .map(ref -> ref.get("$ref").asString())
            .toList();
    assertThat(oneOf)
        .contains(
            "#/components/schemas/WebhookPurchaseRecorded",
            "#/components/schemas/WebhookPurchaseRefunded",
            "#/components/schemas/WebhookLevelUp",
            "#/components/schemas/WebhookTierChanged",
            "#/components/schemas/WebhookCheckinRecorded",
            "#/components/schemas/WebhookMissionCompleted",
            "#/components/schemas/WebhookCompanionEvolved",
            "#/components/schemas/WebhookRewardRedeemed");
    assertThat(schemas.get("WebhookPurchaseRecorded").get("properties").propertyNames())
        .contains("purchaseId", "storeId", "amountMinor", "coinsEarned", "xpEarned");
  }
}
