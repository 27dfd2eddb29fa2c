package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The walk-through of docs/API.md, asserted: store, shopper, purchase, replay, check-in, history,
 * stats.
 */
class ShopperJourneyApiTest extends ApiTestSupport {

  @Test
  void purchase_newReceipt_creditsCoinsXpAndLedger() {
    String store = createStore("1.5");
    String shopper = createShopper();

    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "r-1", 1999, "USD"));

    assertThat(r.status()).isEqualTo(201);
    JsonNode body = r.json();
    assertThat(body.get("coinsEarned").asLong()).isEqualTo(29); // floor(19.99 x 1.5 x 1.0)
    assertThat(body.get("xpEarned").asLong()).isEqualTo(19);
    assertThat(body.get("replayed").asBoolean()).isFalse();
    assertThat(body.get("shopper").get("coins").asLong()).isEqualTo(29);
    JsonNode profile = call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).json();
    assertThat(profile.get("coins").asLong()).isEqualTo(29);
    assertThat(profile.get("xp").asLong()).isEqualTo(19);
    assertThat(profile.get("lifetimeSpendMinor").asLong()).isEqualTo(1999);
    assertThat(profile.get("xpToNextLevel").asLong()).isEqualTo(283 - 19);
    JsonNode ledger =
        call("GET", "/api/v1/shoppers/" + shopper + "/ledger", ADMIN_KEY, null).json();
    assertThat(ledger.get("items")).hasSize(1);
    assertThat(ledger.get("items").get(0).get("delta").asLong()).isEqualTo(29);
    assertThat(ledger.get("items").get(0).get("balanceAfter").asLong()).isEqualTo(29);
    assertThat(ledger.get("items").get(0).get("reason").asString()).isEqualTo("purchase");
  }

  @Test
  void purchase_sameReceiptTwice_replaysAndCreditsOnce() {
    String store = createStore("1");
    String shopper = createShopper();
    Reply first =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "dup", 5000, "USD"));

    Reply second =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "dup", 5000, "USD"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("replayed").asBoolean()).isTrue();
    assertThat(second.json().get("purchaseId").asString())
        .isEqualTo(first.json().get("purchaseId").asString());
    // A time-ordered id (ADR 0036).
    assertThat(UUID.fromString(first.json().get("purchaseId").asString()).version()).isEqualTo(7);
    assertThat(second.json().get("coinsEarned").asLong()).isEqualTo(50);
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null)
                .json()
                .get("coins")
                .asLong())
        .isEqualTo(50);
  }

  @Test
  void purchase_sameReceiptOtherShopper_conflictsAndCreditsNothing() {
    String store = createStore("1");
    String alice = createShopper();
    String bob = createShopper();
    call("POST", "/api/v1/purchases", ADMIN_KEY, purchaseJson(alice, store, "taken", 1000, "USD"));

    Reply r =
        call(
            "POST", "/api/v1/purchases", ADMIN_KEY, purchaseJson(bob, store, "taken", 1000, "USD"));

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(call("GET", "/api/v1/shoppers/" + bob, ADMIN_KEY, null).json().get("coins").asLong())
        .isZero();
  }

  @Test
  void purchase_crossingThresholds_reportsLevelUpAndTierChange() {
    String store = createStore("1");
    String shopper = createShopper();

    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "big", 60000, "USD"));

    assertThat(r.status()).isEqualTo(201);
    JsonNode events = r.json().get("events");
    Set<String> types = new HashSet<>();
    events.forEach(e -> types.add(e.get("type").asString()));
    assertThat(types).contains("level_up", "tier_changed");
    assertThat(r.json().get("shopper").get("vipTier").asString()).isEqualTo("Silver");
    assertThat(r.json().get("shopper").get("level").asInt())
        .isEqualTo(3); // 600 xp: level 3 needs 520, level 4 800
  }

  @Test
  void checkIn_twiceSameDay_awardsOnceAndSaysSo() {
    String shopper = createShopper();

    Reply first = call("POST", "/api/v1/shoppers/" + shopper + "/check-ins", ADMIN_KEY, null);
    Reply second = call("POST", "/api/v1/shoppers/" + shopper + "/check-ins", ADMIN_KEY, null);

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().get("streak").asInt()).isEqualTo(1);
    assertThat(first.json().get("coinsAwarded").asLong()).isEqualTo(5);
    assertThat(first.json().get("alreadyCheckedIn").asBoolean()).isFalse();
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("alreadyCheckedIn").asBoolean()).isTrue();
    assertThat(second.json().get("coinsAwarded").asLong()).isZero();
    JsonNode profile = call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).json();
    assertThat(profile.get("coins").asLong()).isEqualTo(5);
    assertThat(profile.get("loginStreak").asInt()).isEqualTo(1);
  }

  @Test
  void purchases_paged_returnsEveryPurchaseOnceNewestFirst() {
    String store = createStore("1");
    String shopper = createShopper();
    for (int i = 0; i < 7; i++) {
      assertThat(
              call(
                      "POST",
                      "/api/v1/purchases",
                      ADMIN_KEY,
                      purchaseJson(shopper, store, "p" + i, 100 + i, "USD"))
                  .status())
          .isEqualTo(201);
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      String path =
          "/api/v1/shoppers/"
              + shopper
              + "/purchases?limit=3"
              + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = call("GET", path, ADMIN_KEY, null).json();
      page.get("items").forEach(p -> assertThat(seen.add(p.get("receiptId").asString())).isTrue());
      cursor =
          page.has("nextCursor") && !page.get("nextCursor").isNull()
              ? page.get("nextCursor").asString()
              : null;
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(seen).hasSize(7);
  }

  @Test
  void patch_profile_changesLanguageAndZone() {
    String shopper = createShopper();

    Reply r =
        call(
            "PATCH",
            "/api/v1/shoppers/" + shopper,
            ADMIN_KEY,
            "{\"language\":\"pt-BR\",\"timeZone\":\"America/Sao_Paulo\"}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("language").asString()).isEqualTo("pt-BR");
    assertThat(r.json().get("timeZone").asString()).isEqualTo("America/Sao_Paulo");
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null)
                .json()
                .get("language")
                .asString())
        .isEqualTo("pt-BR");
  }

  @Test
  void cacheStats_afterReads_reportsTheOriginalFields() {
    String shopper = createShopper();
    call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null);

    JsonNode stats = call("GET", "/api/v1/cache/stats", ADMIN_KEY, null).json();

    JsonNode shoppers = stats.get("shoppers");
    assertThat(shoppers).isNotNull();
    for (String field :
        new String[] {
          "memoryCacheSize",
          "memoryLimit",
          "redisAvailable",
          "redisKeys",
          "cacheHitRatio",
          "memoryHits",
          "redisHits",
          "sourceLoads",
          "loadFailures",
          "evictions"
        }) {
      assertThat(shoppers.has(field)).as(field).isTrue();
    }
    assertThat(shoppers.get("memoryLimit").asLong()).isEqualTo(1000);
    assertThat(shoppers.get("redisAvailable").asBoolean()).isFalse();
    assertThat(shoppers.get("memoryCacheSize").asLong()).isPositive();
  }

  @Test
  void register_createdAt_equalsTheStoredRow() {
    String id = unique("shopper");
    Reply r = call("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"id\":\"" + id + "\"}");

    java.time.OffsetDateTime stored =
        jdbc.sql("SELECT created_at FROM shoppers WHERE id = ?")
            .param(id)
            .query(java.time.OffsetDateTime.class)
            .single();

    assertThat(java.time.Instant.parse(r.json().get("createdAt").asString()))
        .isEqualTo(stored.toInstant());
  }
}
