package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Operators manage stores; changes are served at once (the cache hears of every commit). */
class StoreApiTest extends ApiTestSupport {

  @Test
  void patch_store_isServedAtOnceAndBumpsTheVersion() {
    String store = createStore("1");
    assertThat(
            call("GET", "/api/v1/stores/" + store, ADMIN_KEY, null).json().get("version").asLong())
        .isZero();

    Reply r =
        call(
            "PATCH",
            "/api/v1/stores/" + store,
            ADMIN_KEY,
            "{\"coinMultiplier\":2.5,\"floor\":\"B1\"}");

    assertThat(r.status()).isEqualTo(200);
    JsonNode read = call("GET", "/api/v1/stores/" + store, ADMIN_KEY, null).json();
    assertThat(read.get("coinMultiplier").decimalValue()).isEqualByComparingTo("2.5");
    assertThat(read.get("floor").asString()).isEqualTo("B1");
    assertThat(read.get("version").asLong()).isEqualTo(1);
  }

  @Test
  void purchase_atDeactivatedStore_is409AndCreditsNothing() {
    String store = createStore("1");
    String shopper = createShopper();
    assertThat(call("PATCH", "/api/v1/stores/" + store, ADMIN_KEY, "{\"active\":false}").status())
        .isEqualTo(200);

    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "closed", 1000, "USD"));

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null)
                .json()
                .get("coins")
                .asLong())
        .isZero();
  }

  @Test
  void purchase_afterMultiplierChange_usesTheNewMultiplier() {
    String store = createStore("1");
    String shopper = createShopper();
    call("GET", "/api/v1/stores/" + store, ADMIN_KEY, null);
    call("PATCH", "/api/v1/stores/" + store, ADMIN_KEY, "{\"coinMultiplier\":3}");

    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "x3", 1000, "USD"));

    assertThat(r.json().get("coinsEarned").asLong()).isEqualTo(30);
  }

  @Test
  void list_paged_returnsEveryStoreOnce() {
    for (int i = 0; i < 5; i++) {
      createStore("1");
    }
    Set<String> seen = new HashSet<>();
    String after = null;
    int pages = 0;
    do {
      JsonNode page =
          call(
                  "GET",
                  "/api/v1/stores?limit=2" + (after == null ? "" : "&after=" + after),
                  ADMIN_KEY,
                  null)
              .json();
      page.get("items").forEach(s -> assertThat(seen.add(s.get("id").asString())).isTrue());
      after =
          page.has("nextCursor") && !page.get("nextCursor").isNull()
              ? page.get("nextCursor").asString()
              : null;
      pages++;
    } while (after != null && pages < 1000);
    long total = jdbc.sql("SELECT COUNT(*) FROM stores").query(Long.class).single();
    assertThat(seen).hasSize((int) total);
  }

  @Test
  void create_duplicateId_is409() {
    String store = createStore("1");

    Reply r =
        call(
            "POST",
            "/api/v1/stores",
            ADMIN_KEY,
            "{\"id\":\"" + store + "\",\"name\":\"Again\",\"category\":\"food\",\"floor\":\"G\"}");

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }
}
