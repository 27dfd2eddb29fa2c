package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.ShopperId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Redis and the database give the same leaderboards on the same data, ties included; a flushed
 * board is served from the database and rebuilt. The subclasses say which Redis (one, or a cluster)
 * and how to flush it.
 */
abstract class LeaderboardRedisScenario extends RewardsApiSupport {

  @Autowired LeaderboardRepository database;

  /** Deletes every key the service wrote to Redis (a flush). */
  abstract void flushRedis();

  private String shopper(String id) {
    Reply r =
        call(
            "POST",
            "/api/v1/shoppers",
            ADMIN_KEY,
            "{\"id\":\"" + id + "\",\"displayName\":\"N " + id + "\"}");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return id;
  }

  /** An xp row written as a balance change writes it: the shopper's newest, with their new xp. */
  private void xp(String shopper, long delta, Instant at) {
    int updated =
        jdbc.sql(
                "UPDATE shoppers SET xp = xp + ?, xp_at = ? WHERE id = ? AND (xp_at IS NULL OR xp_at <= ?)")
            .params(delta, at.atOffset(ZoneOffset.UTC), shopper, at.atOffset(ZoneOffset.UTC))
            .update();
    assertThat(updated).as("xp rows of %s written in time order", shopper).isEqualTo(1);
    jdbc.sql(
            "INSERT INTO xp_ledger (shopper_id, delta, xp_after, reason, reference, created_at)"
                + " SELECT id, ?, xp, 'ADJUSTMENT', 'test', xp_at FROM shoppers WHERE id = ? AND xp_at = ?")
        .params(delta, shopper, at.atOffset(ZoneOffset.UTC))
        .update();
  }

  private JsonNode top(String period) {
    return call("GET", "/api/v1/leaderboards/" + period + "?limit=100", ADMIN_KEY, null).json();
  }

  private List<LeaderboardScore> scores(JsonNode entries) {
    List<LeaderboardScore> scores = new ArrayList<>();
    entries.forEach(
        e ->
            scores.add(
                new LeaderboardScore(
                    ShopperId.of(e.get("shopperId").asString()),
                    e.get("xp").asLong(),
                    Instant.parse(e.get("reachedAt").asString()))));
    return scores;
  }

  private Instant from(String period) {
    return Instant.parse(top(period).get("from").asString());
  }

  private void awaitRedis(String period) {
    await("board " + period + " served from Redis")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> top(period).get("source").asString().equals("redis"));
  }

  /** Every answer from Redis equals the database's, for the top list and every shopper's place. */
  private void assertRedisEqualsDatabase(
      String period, List<String> shoppers, List<LeaderboardScore> expected) {
    JsonNode board = top(period);
    assertThat(board.get("source").asString()).isEqualTo("redis");
    Instant from = Instant.parse(board.get("from").asString());
    List<LeaderboardScore> fromDatabase = database.top(from, 100);
    assertThat(scores(board.get("entries"))).as(period).isEqualTo(fromDatabase);
    if (expected != null) {
      assertThat(fromDatabase).as(period + " by hand").isEqualTo(expected);
    }
    for (String shopper : shoppers) {
      JsonNode place =
          call(
                  "GET",
                  "/api/v1/leaderboards/" + period + "/shoppers/" + shopper + "?neighbours=2",
                  ADMIN_KEY,
                  null)
              .json();
      assertThat(place.get("source").asString()).isEqualTo("redis");
      var own = database.scoreOf(ShopperId.of(shopper), from).score();
      if (own.isEmpty()) {
        assertThat(place.get("shopper").has("rank")).as(shopper).isFalse();
        continue;
      }
      assertThat(place.get("shopper").get("rank").asLong())
          .as(shopper)
          .isEqualTo(database.countAhead(own.get(), from) + 1);
      assertThat(scores(place.get("above")))
          .as(shopper)
          .isEqualTo(database.above(own.get(), from, 2));
      assertThat(scores(place.get("below")))
          .as(shopper)
          .isEqualTo(database.below(own.get(), from, 2));
    }
  }

  @Test
  void redisAndDatabase_sameBoards_withTies_flushServedFromDatabaseAndRebuilt() {
    String p = "lb" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS).plusSeconds(3600);
    Instant old = Instant.parse("2020-01-01T00:00:00Z");
    // Ids in ASCII order: '-' < 'A' < '_' < 'a'.
    String dash = shopper(p + "-1");
    String upper = shopper(p + "A1");
    String under = shopper(p + "_1");
    String lower = shopper(p + "a1");
    String early = shopper(p + "z-early");
    String big = shopper(p + "z-big");
    String refunded = shopper(p + "z-refunded");
    String oldTimer = shopper(p + "z-old");
    String nobody = shopper(p + "z-nobody");
    for (String tie : List.of(lower, under, upper, dash)) {
      xp(tie, 200, t.minusSeconds(100));
      xp(tie, 100, t); // 300 xp, all reached at t
    }
    xp(early, 300, t.minusSeconds(1)); // 300 xp, reached earlier
    xp(big, 1_000, t.minusSeconds(5));
    xp(big, (1L << 40), t.minusSeconds(4)); // large scores stay exact
    xp(refunded, 500, t.minusSeconds(3));
    xp(refunded, -500, t.minusSeconds(2)); // net 0: not on the board
    xp(oldTimer, 10_000, old); // all-time only
    xp(oldTimer, 1, t);
    List<String> all = List.of(dash, upper, under, lower, early, big, refunded, oldTimer, nobody);

    List<LeaderboardScore> week =
        List.of(
            new LeaderboardScore(ShopperId.of(big), 1_000 + (1L << 40), t.minusSeconds(4)),
            new LeaderboardScore(ShopperId.of(early), 300, t.minusSeconds(1)),
            new LeaderboardScore(ShopperId.of(dash), 300, t),
            new LeaderboardScore(ShopperId.of(upper), 300, t),
            new LeaderboardScore(ShopperId.of(under), 300, t),
            new LeaderboardScore(ShopperId.of(lower), 300, t),
            new LeaderboardScore(ShopperId.of(oldTimer), 1, t));
    List<LeaderboardScore> allTime =
        List.of(
            week.get(0),
            new LeaderboardScore(ShopperId.of(oldTimer), 10_001, t),
            week.get(1),
            week.get(2),
            week.get(3),
            week.get(4),
            week.get(5));

    for (String period : List.of("all-time", "week", "month")) {
      JsonNode first = top(period);
      assertThat(first.get("source").asString()).as("no board yet").isEqualTo("database");
      awaitRedis(period);
      assertRedisEqualsDatabase(period, all, period.equals("all-time") ? allTime : week);
    }

    // A purchase after the build reaches Redis through the after-commit refresh.
    String store = createStore("1");
    assertThat(
            call(
                    "POST",
                    "/api/v1/purchases",
                    ADMIN_KEY,
                    purchaseJson(lower, store, "r-1", 50_000, "USD"))
                .status())
        .isEqualTo(201);
    await("purchase reflected in Redis")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                scores(top("week").get("entries")).equals(database.top(from("week"), 100))
                    && top("week").get("entries").get(1).get("shopperId").asString().equals(lower));
    assertRedisEqualsDatabase("week", all, null);

    // Flushed: served from the database with the same order, then rebuilt.
    List<LeaderboardScore> beforeFlush = scores(top("month").get("entries"));
    flushRedis();
    JsonNode afterFlush = top("month");
    assertThat(afterFlush.get("source").asString()).isEqualTo("database");
    assertThat(scores(afterFlush.get("entries"))).isEqualTo(beforeFlush);
    awaitRedis("month");
    assertRedisEqualsDatabase("month", all, null);
  }
}
