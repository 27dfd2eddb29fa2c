package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.apikey.ApiKeys;
import com.mallquest.mall.domain.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on state-changing POSTs, whatever the endpoint. */
class IdempotencyApiTest extends AccessTestSupport {

  private static final String HEADER = "Idempotency-Key";

  @Test
  void sameKeySameBody_replaysTheFirstResponse_andRunsOnce() {
    String key = UUID.randomUUID().toString();
    long before = shoppers();

    Reply first =
        callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\":\"Ida\"}", HEADER, key);
    Reply again =
        callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\":\"Ida\"}", HEADER, key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.raw().body()).isEqualTo(first.raw().body());
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    assertThat(again.contentType()).startsWith("application/json");
    assertThat(again.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(shoppers()).isEqualTo(before + 1);
  }

  @Test
  void withoutHeader_everyRequestRuns() {
    long before = shoppers();

    Reply first = call("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\":\"Ida\"}");
    Reply second = call("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\":\"Ida\"}");

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.json().get("id").asString()).isNotEqualTo(first.json().get("id").asString());
    assertThat(shoppers()).isEqualTo(before + 2);
  }

  @Test
  void sameKeyOtherBodyOrPath_is422ProblemJson_andRunsNothing() {
    String key = UUID.randomUUID().toString();
    String shopper = createShopper();
    callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\":\"Ida\"}", HEADER, key);
    long before = shoppers();

    Reply otherBody =
        callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\":\"Eve\"}", HEADER, key);
    Reply otherPath =
        callWith(
            "POST", "/api/v1/shoppers/" + shopper + "/check-ins", ADMIN_KEY, null, HEADER, key);

    assertProblem(otherBody, 422);
    assertProblem(otherPath, 422);
    assertThat(shoppers()).isEqualTo(before);
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null)
                .json()
                .get("loginStreak")
                .asInt())
        .isZero();
  }

  @Test
  void purchaseReplay_creditsOnce_evenWithANewReceiptAbsent() {
    String store = createStore("1");
    String shopper = createShopper();
    String key = UUID.randomUUID().toString();
    String body = purchaseJson(shopper, store, "idem-r1", 10_000, "USD");

    Reply first = callWith("POST", "/api/v1/purchases", ADMIN_KEY, body, HEADER, key);
    Reply again = callWith("POST", "/api/v1/purchases", ADMIN_KEY, body, HEADER, key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.json().get("replayed").asBoolean()).isFalse();
    assertThat(coins(shopper)).isEqualTo(first.json().get("coinsEarned").asLong()).isPositive();
  }

  @Test
  void refusal_isNotKept_retryRunsAgain_andLeavesNoEntry() {
    String key = UUID.randomUUID().toString();
    String body = purchaseJson("nobody-" + key, createStore("1"), "r", 100, "USD");

    Reply first = callWith("POST", "/api/v1/purchases", ADMIN_KEY, body, HEADER, key);
    Reply again = callWith("POST", "/api/v1/purchases", ADMIN_KEY, body, HEADER, key);

    assertProblem(first, 404);
    assertProblem(again, 404);
    assertThat(again.header("Idempotent-Replayed")).isNull();
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = ?")
                .param(key)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void firstStillInFlight_is409ProblemJson_andRunsNothing() {
    String key = UUID.randomUUID().toString();
    callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{}", HEADER, key);
    // As if the first request were still running (here or on another instance): claimed, no
    // response yet.
    jdbc.sql(
            "UPDATE idempotency_keys SET status = NULL, response_body = NULL, created_at = ?"
                + " WHERE api_key_id = ? AND idempotency_key = ?")
        .params(OffsetDateTime.now(ZoneOffset.UTC), adminKeyId(), key)
        .update();
    long before = shoppers();

    Reply inFlight = callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{}", HEADER, key);

    assertProblem(inFlight, 409);
    assertThat(inFlight.header("Retry-After")).isEqualTo("1");
    assertThat(shoppers()).isEqualTo(before);
  }

  @Test
  void claimOfADeadRequest_isTakenOverAfterTheInFlightTimeout() {
    String key = UUID.randomUUID().toString();
    String hash = Sha256.hex("POST\n/api/v1/shoppers\n\n{}".getBytes(StandardCharsets.UTF_8));
    jdbc.sql(
            "INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, created_at) VALUES (?, ?, ?, ?)")
        .params(adminKeyId(), key, hash, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(2))
        .update();

    Reply r = callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{}", HEADER, key);

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Idempotent-Replayed")).isNull();
  }

  @Test
  void keyOlderThan24h_isForgotten_andTheRequestRuns() {
    String key = UUID.randomUUID().toString();
    callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\":\"Ida\"}", HEADER, key);
    jdbc.sql("UPDATE idempotency_keys SET created_at = ? WHERE idempotency_key = ?")
        .params(OffsetDateTime.now(ZoneOffset.UTC).minusHours(24).minusSeconds(1), key)
        .update();

    Reply r =
        callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\":\"Eve\"}", HEADER, key);

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Idempotent-Replayed")).isNull();
  }

  @Test
  void keysAreSeparatePerApiKey() {
    String key = UUID.randomUUID().toString();
    String app = createKey("app", null);

    Reply admin =
        callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\":\"A\"}", HEADER, key);
    Reply other = callWith("POST", "/api/v1/shoppers", app, "{\"displayName\":\"B\"}", HEADER, key);

    assertThat(admin.status()).isEqualTo(201);
    assertThat(other.status()).isEqualTo(201);
    assertThat(other.header("Idempotent-Replayed")).isNull();
  }

  @Test
  void twentyConcurrentRetries_runOnce() throws Exception {
    String key = UUID.randomUUID().toString();
    long before = shoppers();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Callable<Reply> c =
          () -> {
            start.await();
            return callWith(
                "POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\":\"Race\"}", HEADER, key);
          };
      replies.add(pool.submit(c));
    }
    start.countDown();
    List<Reply> all = new ArrayList<>();
    for (Future<Reply> f : replies) {
      all.add(f.get(1, TimeUnit.MINUTES));
    }
    pool.shutdown();

    assertThat(all).allSatisfy(r -> assertThat(r.status()).isIn(201, 409));
    assertThat(all)
        .filteredOn(r -> r.status() == 201 && r.header("Idempotent-Replayed") == null)
        .hasSize(1);
    assertThat(shoppers()).isEqualTo(before + 1);
  }

  @Test
  void emptyBodyPost_isReplayed() {
    String shopper = createShopper();
    String key = UUID.randomUUID().toString();

    Reply first =
        callWith(
            "POST", "/api/v1/shoppers/" + shopper + "/check-ins", ADMIN_KEY, null, HEADER, key);
    Reply again =
        callWith(
            "POST", "/api/v1/shoppers/" + shopper + "/check-ins", ADMIN_KEY, null, HEADER, key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
  }

  @Test
  void badIdempotencyKey_is400AndRunsNothing() {
    long before = shoppers();

    assertProblem(
        callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{}", HEADER, "x".repeat(256)), 400);
    assertProblem(callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{}", HEADER, "with space"), 400);

    assertThat(shoppers()).isEqualTo(before);
  }

  @Test
  void apiKeyCreation_neverStoresTheSecret() {
    String key = UUID.randomUUID().toString();

    Reply r =
        callWith(
            "POST",
            "/api/v1/api-keys",
            ADMIN_KEY,
            "{\"name\":\"n\",\"role\":\"app\"}",
            HEADER,
            key);

    assertThat(r.status()).isEqualTo(201);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = ?")
                .param(key)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void forbiddenRequest_isNotKept() {
    String key = UUID.randomUUID().toString();
    String app = createKey("app", null);

    assertProblem(
        callWith(
            "POST",
            "/api/v1/stores",
            app,
            "{\"name\":\"x\",\"category\":\"food\",\"floor\":\"G\"}",
            HEADER,
            key),
        403);

    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = ?")
                .param(key)
                .query(Long.class)
                .single())
        .isZero();
  }

  private String adminKeyId() {
    return jdbc.sql("SELECT id FROM api_keys WHERE key_hash = ?")
        .param(ApiKeys.hash(ADMIN_KEY))
        .query(String.class)
        .single();
  }

  private long shoppers() {
    return jdbc.sql("SELECT COUNT(*) FROM shoppers").query(Long.class).single();
  }

  private long coins(String shopper) {
    return call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).json().get("coins").asLong();
  }
}
