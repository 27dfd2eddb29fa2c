package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who may call what: no key 401, wrong role or another store 403, all problem+json. */
class AccessApiTest extends ApiTestSupport {

  @Test
  void anyApiCall_withoutKey_is401ProblemJson() {
    for (String[] call :
        new String[][] {
          {"GET", "/api/v1/shoppers/x"},
          {"POST", "/api/v1/purchases"},
          {"GET", "/api/v1/stores"},
          {"GET", "/api/v1/cache/stats"},
          {"POST", "/api/v1/api-keys"}
        }) {
      Reply r = call(call[0], call[1], null, call[0].equals("POST") ? "{}" : null);
      assertThat(r.status()).as(call[1]).isEqualTo(401);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  void anyApiCall_withUnknownKey_is401() {
    Reply r = call("GET", "/api/v1/stores", "mq_not-a-real-key", null);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }

  @Test
  void appKey_recordingPurchase_is403AndCreditsNothing() {
    String store = createStore("1");
    String shopper = createShopper();
    String app = createKey("app", null);

    Reply r =
        call("POST", "/api/v1/purchases", app, purchaseJson(shopper, store, "r", 1000, "USD"));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(call("GET", "/api/v1/shoppers/" + shopper, app, null).json().get("coins").asLong())
        .isZero();
  }

  @Test
  void storeKey_forOwnStore_recordsPurchase() {
    String store = createStore("1");
    String shopper = createShopper();
    String terminal = createKey("store", store);

    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            terminal,
            purchaseJson(shopper, store, "own", 1000, "USD"));

    assertThat(r.status()).isEqualTo(201);
  }

  @Test
  void storeKey_forAnotherStore_is403AndCreditsNothing() {
    String mine = createStore("1");
    String theirs = createStore("1");
    String shopper = createShopper();
    String terminal = createKey("store", mine);

    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            terminal,
            purchaseJson(shopper, theirs, "other", 1000, "USD"));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null)
                .json()
                .get("coins")
                .asLong())
        .isZero();
  }

  @Test
  void storeAndAppKeys_adminEndpoints_are403() {
    String store = createStore("1");
    for (String key : new String[] {createKey("app", null), createKey("store", store)}) {
      assertThat(
              call(
                      "POST",
                      "/api/v1/stores",
                      key,
                      "{\"name\":\"x\",\"category\":\"food\",\"floor\":\"G\"}")
                  .status())
          .isEqualTo(403);
      assertThat(call("GET", "/api/v1/cache/stats", key, null).status()).isEqualTo(403);
      assertThat(
              call("POST", "/api/v1/api-keys", key, "{\"name\":\"x\",\"role\":\"admin\"}").status())
          .isEqualTo(403);
    }
  }

  @Test
  void storeKey_shopperEndpoints_are403() {
    String store = createStore("1");
    String shopper = createShopper();
    String terminal = createKey("store", store);

    assertThat(call("GET", "/api/v1/shoppers/" + shopper, terminal, null).status()).isEqualTo(403);
    assertThat(call("POST", "/api/v1/shoppers/" + shopper + "/check-ins", terminal, null).status())
        .isEqualTo(403);
  }

  @Test
  void appKey_readsStoresAndManagesShoppers() {
    String store = createStore("1");
    String app = createKey("app", null);

    assertThat(call("GET", "/api/v1/stores/" + store, app, null).status()).isEqualTo(200);
    assertThat(call("POST", "/api/v1/shoppers", app, "{}").status()).isEqualTo(201);
  }

  @Test
  void apiKeys_areStoredHashed() {
    String secret = createKey("app", null);

    long plain =
        jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE key_hash = ?")
            .param(secret)
            .query(Long.class)
            .single();

    assertThat(plain).isZero();
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE key_hash = ?")
                .param(com.mallquest.mall.application.apikey.ApiKeys.hash(secret))
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void health_isPublic() {
    assertThat(call("GET", "/actuator/health", null, null).status()).isEqualTo(200);
  }
}
