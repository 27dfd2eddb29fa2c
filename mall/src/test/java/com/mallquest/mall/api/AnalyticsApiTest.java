package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Analytics through the API, against figures computed by hand. The shared database holds other
 * tests' data too, so store figures use this test's own stores, and the overview is compared as the
 * difference between a reading before and after this test's activity (test classes run one at a
 * time).
 */
class AnalyticsApiTest extends RewardsApiSupport {

  private String buy(String shopper, String store, long amountMinor) {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, unique("r"), amountMinor, "USD"));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return r.json().get("purchaseId").asString();
  }

  private JsonNode overview(LocalDate from, LocalDate to) {
    Reply r = call("GET", "/api/v1/analytics/overview?from=" + from + "&to=" + to, ADMIN_KEY, null);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.json();
  }

  private static long diff(JsonNode after, JsonNode before, String field) {
    return after.get(field).asLong() - before.get(field).asLong();
  }

  @Test
  void analytics_storesAndOverview_matchHandComputedFigures() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC); // the test context's mall zone is UTC
    LocalDate yesterday = today.minusDays(1);
    JsonNode before = overview(yesterday, today);

    String fashion = createStore("2"); // coins = floor(major x 2) at Bronze
    String food = createStore("1");
    String quiet = createStore("1");
    String ann = createShopper();
    String bob = createShopper();
    String cat = createShopper(); // registers and checks in only
    buy(ann, fashion, 10_000); // 100.00 -> 200 coins
    buy(ann, fashion, 2_550); // 25.50 -> 51 coins
    String refunded = buy(bob, fashion, 5_000); // 50.00 -> 100 coins, refunded below
    buy(bob, food, 1_999); // 19.99 -> 19 coins
    assertThat(call("POST", "/api/v1/purchases/" + refunded + "/refund", ADMIN_KEY, null).status())
        .isEqualTo(200);
    Reply checkIn = call("POST", "/api/v1/shoppers/" + cat + "/check-ins", ADMIN_KEY, null);
    assertThat(checkIn.status()).isEqualTo(201);
    long checkInCoins = checkIn.json().get("coinsAwarded").asLong();
    Reply reward =
        call(
            "POST",
            "/api/v1/rewards",
            ADMIN_KEY,
            "{\"id\":\""
                + unique("mug")
                + "\",\"name\":{\"en\":"
                + "\"Mug\"},\"description\":{\"en\":\"A mug\"},\"priceCoins\":120}");
    assertThat(
            call(
                    "POST",
                    "/api/v1/shoppers/" + ann + "/redemptions",
                    ADMIN_KEY,
                    "{\"rewardId\":\"" + reward.json().get("id").asString() + "\"}",
                    "Idempotency-Key",
                    "a1")
                .status())
        .isEqualTo(201);

    JsonNode stores =
        call("GET", "/api/v1/analytics/stores?from=" + today + "&to=" + today, ADMIN_KEY, null)
            .json();
    JsonNode fashionRow = row(stores, fashion);
    assertThat(fashionRow.get("salesMinor").asLong()).isEqualTo(17_550);
    assertThat(fashionRow.get("purchases").asLong()).isEqualTo(3);
    assertThat(fashionRow.get("uniqueShoppers").asLong()).isEqualTo(2);
    assertThat(fashionRow.get("coinsIssued").asLong()).isEqualTo(351);
    assertThat(fashionRow.get("refunds").asLong()).isEqualTo(1);
    assertThat(fashionRow.get("category").asString()).isEqualTo("fashion");
    JsonNode foodRow = row(stores, food);
    assertThat(
            List.of(
                foodRow.get("salesMinor").asLong(),
                foodRow.get("purchases").asLong(),
                foodRow.get("uniqueShoppers").asLong(),
                foodRow.get("coinsIssued").asLong(),
                foodRow.get("refunds").asLong()))
        .containsExactly(1_999L, 1L, 1L, 19L, 0L);
    assertThat(row(stores, quiet).get("purchases").asLong()).isZero();
    JsonNode yesterdayStores =
        call(
                "GET",
                "/api/v1/analytics/stores?from=" + yesterday + "&to=" + yesterday,
                ADMIN_KEY,
                null)
            .json();
    assertThat(row(yesterdayStores, fashion).get("salesMinor").asLong()).isZero();

    JsonNode after = overview(yesterday, today);
    assertThat(after.get("from").asString()).isEqualTo(yesterday.toString());
    assertThat(after.get("days")).hasSize(2);
    JsonNode day = after.get("days").get(1);
    JsonNode dayBefore = before.get("days").get(1);
    assertThat(day.get("date").asString()).isEqualTo(today.toString());
    assertThat(diff(day, dayBefore, "newShoppers")).isEqualTo(3);
    assertThat(diff(day, dayBefore, "activeShoppers")).isEqualTo(3);
    assertThat(diff(day, dayBefore, "purchases")).isEqualTo(4);
    assertThat(diff(day, dayBefore, "salesMinor")).isEqualTo(19_549);
    assertThat(diff(day, dayBefore, "coinsIssued")).isEqualTo(370 + checkInCoins);
    assertThat(diff(day, dayBefore, "coinsRedeemed")).isEqualTo(120);
    assertThat(diff(day, dayBefore, "missionsCompleted")).isZero();
    assertThat(after.get("days").get(0)).isEqualTo(before.get("days").get(0));
    JsonNode totals = after.get("totals");
    assertThat(diff(totals, before.get("totals"), "shoppers")).isEqualTo(3);
    assertThat(diff(totals, before.get("totals"), "activeShoppers")).isEqualTo(3);
    assertThat(diff(totals, before.get("totals"), "coinsIssued")).isEqualTo(370 + checkInCoins);
    assertThat(diff(totals, before.get("totals"), "coinsRedeemed")).isEqualTo(120);
  }

  @Test
  void analytics_badRangesAndRoles_problemJson() {
    for (String query :
        List.of(
            "",
            "?from=2026-11-02&to=2026-11-01",
            "?from=2026-13-01&to=2026-12-01",
            "?from=2020-01-01&to=2026-01-01",
            "?from=x&to=y")) {
      for (String path : List.of("/api/v1/analytics/stores", "/api/v1/analytics/overview")) {
        Reply r = call("GET", path + query, ADMIN_KEY, null);
        assertThat(r.status()).as(path + query).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
      }
    }
    assertThat(
            call(
                    "GET",
                    "/api/v1/analytics/overview?from=2026-11-01&to=2026-11-01",
                    createKey("APP", null),
                    null)
                .status())
        .isEqualTo(403);
  }

  private static JsonNode row(JsonNode report, String storeId) {
    for (JsonNode row : report.get("stores")) {
      if (row.get("storeId").asString().equals(storeId)) {
        return row;
      }
    }
    throw new AssertionError("store " + storeId + " not in " + report);
  }
}
