package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Leaderboards through the API on the shared context, which has no Redis: every answer comes from
 * the database. Other tests' shoppers share the database, so the assertions look at the relative
 * order of this test's shoppers, who buy the most.
 */
class LeaderboardApiTest extends RewardsApiSupport {

  private static final long BIG = 10_000_000_000L; // the largest purchase: 100,000,000 xp

  private void buy(String store, String shopper, long amountMinor) {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, unique("r"), amountMinor, "USD"));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
  }

  private static List<String> ids(JsonNode entries) {
    List<String> ids = new ArrayList<>();
    entries.forEach(e -> ids.add(e.get("shopperId").asString()));
    return ids;
  }

  @Test
  void leaderboard_orderedByXpThenEarlierReached_fromTheDatabase_withRankAndNeighbours() {
    String store = createStore("1");
    String first = createShopper();
    String early = createShopper();
    String late = createShopper();
    String refunded = createShopper();
    buy(store, early, BIG); // reaches 1e8 first
    buy(store, late, BIG); // reaches the same 1e8 later
    buy(store, first, BIG);
    buy(store, first, BIG); // 2e8: first
    Reply purchase =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(refunded, store, unique("r"), BIG, "USD"));
    assertThat(
            call(
                    "POST",
                    "/api/v1/purchases/" + purchase.json().get("purchaseId").asString() + "/refund",
                    ADMIN_KEY,
                    null)
                .status())
        .isEqualTo(200);

    for (String period : List.of("all-time", "week", "month")) {
      Reply top = call("GET", "/api/v1/leaderboards/" + period + "?limit=100", ADMIN_KEY, null);
      assertThat(top.status()).isEqualTo(200);
      JsonNode body = top.json();
      assertThat(body.get("period").asString()).isEqualTo(period);
      assertThat(body.get("source").asString()).isEqualTo("database");
      List<String> ids = ids(body.get("entries"));
      assertThat(ids).as(period).containsSubsequence(first, early, late).doesNotContain(refunded);
      JsonNode firstEntry = body.get("entries").get(ids.indexOf(first));
      assertThat(firstEntry.get("xp").asLong()).isEqualTo(200_000_000L);
      assertThat(firstEntry.get("rank").asLong()).isEqualTo(ids.indexOf(first) + 1L);
      assertThat(firstEntry.get("displayName").asString()).isEqualTo("Ada");

      JsonNode place =
          call(
                  "GET",
                  "/api/v1/leaderboards/" + period + "/shoppers/" + early + "?neighbours=1",
                  createKey("APP", null),
                  null)
              .json();
      int at = ids.indexOf(early);
      assertThat(place.get("shopper").get("rank").asLong()).isEqualTo(at + 1L);
      assertThat(place.get("shopper").get("xp").asLong()).isEqualTo(100_000_000L);
      assertThat(ids(place.get("above"))).containsExactly(ids.get(at - 1));
      assertThat(ids(place.get("below"))).containsExactly(ids.get(at + 1));
      assertThat(place.get("below").get(0).get("rank").asLong()).isEqualTo(at + 2L);
    }
    JsonNode unranked =
        call("GET", "/api/v1/leaderboards/week/shoppers/" + refunded, ADMIN_KEY, null).json();
    assertThat(unranked.get("shopper").has("rank")).isFalse();
    assertThat(unranked.get("shopper").get("xp").asLong()).isZero();
  }

  @Test
  void leaderboard_badInput_problemJson() {
    for (String path :
        List.of(
            "/api/v1/leaderboards/year",
            "/api/v1/leaderboards/week?limit=0",
            "/api/v1/leaderboards/week?limit=101",
            "/api/v1/leaderboards/week?limit=x",
            "/api/v1/leaderboards/week/shoppers/nobody-here",
            "/api/v1/leaderboards/week/shoppers/x?neighbours=-1")) {
      Reply r = call("GET", path, ADMIN_KEY, null);
      assertThat(r.status()).as(path).isIn(400, 404);
      assertThat(r.contentType()).as(path).startsWith("application/problem+json");
    }
    assertThat(
            call("GET", "/api/v1/leaderboards/week", createKey("STORE", createStore("1")), null)
                .status())
        .isEqualTo(403);
  }
}
