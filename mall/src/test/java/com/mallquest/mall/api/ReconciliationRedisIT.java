package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.smartcache.RedisTestSupport;
import com.mallquest.smartcache.SmartCacheManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The reconciliation with the Redis tier on (the shared Redis, a namespace of this class's own,
 * deleted afterwards; an H2 database of its own): after real traffic it compares the cached
 * shoppers and the three boards and finds nothing; a cached shopper set back to an older version
 * and a board entry given a wrong score behind the service's back are reported, the repair queues
 * them through the outbox, and once the relay has published them the check is clean again.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReconciliationRedisIT extends ApiTestSupport {

  private static final String PATH = "/api/v1/operations/reconciliation";
  private static final String NAMESPACE =
      "t-reconcile-" + UUID.randomUUID().toString().substring(0, 8);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static String redisUrl;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void requireRedis() {
    redisUrl = RedisTestSupport.requireRedis();
    client = RedisClient.create(redisUrl);
    connection = client.connect();
  }

  @AfterAll
  static void cleanUp() {
    if (connection != null) {
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
    if (redisUrl != null) {
      RedisTestSupport.deleteNamespace(redisUrl, NAMESPACE);
    }
  }

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("mallquest.redis.url", RedisTestSupport::redisUrl);
    registry.add("mallquest.redis.namespace", () -> NAMESPACE);
    // What this test checks is what the reconciliation reports, not how Redis timeouts behave: on a
    // loaded machine 50 ms is sometimes not enough for a page's MGET, and the check then (rightly)
    // reports redisChecked=false.
    registry.add("mallquest.redis.command-timeout", () -> "2s");
    registry.add(
        "spring.datasource.url",
        () ->
            "jdbc:h2:mem:mallquest-reconcile-redis;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
  }

  @Autowired private SmartCacheManager manager;

  private static RedisCommands<String, String> redis() {
    return connection.sync();
  }

  private JsonNode check() {
    Reply r = call("GET", PATH, ADMIN_KEY, null);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.json();
  }

  private long pendingChanges() {
    return jdbc.sql("SELECT COUNT(*) FROM change_outbox").query(Long.class).single();
  }

  /**
   * The namespace the service derived from the configured one (ADR 0016: installation id and
   * epoch).
   */
  private String namespace() {
    return manager.namespace();
  }

  /** The cached shopper's stored bytes: {@code <version>|V<json>}. */
  private String cached(String shopper) {
    return redis().get(namespace() + ":shoppers:" + shopper);
  }

  private String weekBoard() {
    List<String> boards = redis().keys(namespace() + ":lb:week:*:ready");
    assertThat(boards).hasSize(1);
    return boards.get(0).substring(0, boards.get(0).length() - ":ready".length());
  }

  @Test
  void
      staleCachedShopperAndWrongBoardEntry_areReported_repairedThroughTheOutbox_thenTheCheckIsClean() {
    String store = createStore("1");
    List<String> shoppers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String shopper = createShopper();
      shoppers.add(shopper);
      for (int p = 0; p <= i; p++) {
        Reply purchase =
            call(
                "POST",
                "/api/v1/purchases",
                ADMIN_KEY,
                purchaseJson(shopper, store, unique("r"), 20_000 + 1_000 * i, "USD"));
        assertThat(purchase.status()).as(purchase.raw().body()).isEqualTo(201);
      }
      assertThat(call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).status())
          .isEqualTo(200);
    }
    // Every board read once, so each is rebuilt and READY in Redis.
    for (String period : List.of("all-time", "week", "month")) {
      await("board " + period + " ready in Redis")
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  call("GET", "/api/v1/leaderboards/" + period, ADMIN_KEY, null)
                      .json()
                      .get("source")
                      .asString()
                      .equals("redis"));
    }
    await("outbox drained")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> pendingChanges() == 0);

    JsonNode clean = check();
    Reconciliations.assertClean(200, clean, shoppers.size());
    assertThat(clean.get("redisChecked").asBoolean()).isTrue();
    assertThat(clean.get("boardsChecked").valueStream().map(JsonNode::asString))
        .containsExactly("all-time", "week", "month");

    // A cached shopper set back one version, as a crash between commit and publish used to leave
    // it.
    String stale = shoppers.get(1);
    String value = cached(stale);
    assertThat(value).as("the shopper is cached in Redis").isNotNull();
    long version = Long.parseLong(value.substring(0, value.indexOf('|')));
    assertThat(version).isPositive();
    redis()
        .set(
            namespace() + ":shoppers:" + stale,
            (version - 1) + value.substring(value.indexOf('|')));
    // A board entry given a wrong score (its version left as it is).
    String wrong = shoppers.get(2);
    String board = weekBoard();
    String entry = redis().hget(board + ":v", wrong);
    String member = entry.substring(entry.indexOf('|') + 1);
    double score = redis().zscore(board, member);
    long xp = -(long) score;
    redis().zadd(board, ZAddArgs.Builder.xx(), score - 1_000, member);

    JsonNode found = check();
    assertThat(found.get("mismatchCount").asLong()).as(found.toString()).isEqualTo(2);
    assertThat(found.get("redisChecked").asBoolean()).isTrue();
    assertThat(mismatch(found, stale))
        .isEqualTo("CACHED_SHOPPER_STALE cachedVersion " + version + " / " + (version - 1));
    assertThat(mismatch(found, wrong))
        .isEqualTo("BOARD_ENTRY_WRONG board.week " + xp + " / " + (xp + 1_000));

    Reply repaired = call("POST", PATH + "/repair", ADMIN_KEY, null);
    assertThat(repaired.status()).as(repaired.raw().body()).isEqualTo(200);
    JsonNode repair = repaired.json();
    assertThat(repair.get("shopperChanges").asLong()).isEqualTo(1);
    assertThat(repair.get("leaderboardChanges").asLong()).isEqualTo(1);
    assertThat(repair.get("shopperIds").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrder(stale, wrong);
    assertThat(repair.get("notRepairable").asLong()).isZero();
    assertThat(repair.get("check").get("mismatchCount").asLong()).isEqualTo(2);

    await("repairs published")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> check().get("mismatchCount").asLong() == 0);
    assertThat(cached(stale)).startsWith(version + "|V");
    assertThat(redis().zscore(board, member)).isEqualTo(score);
    Reconciliations.assertClean(200, check(), shoppers.size());
  }

  private static String mismatch(JsonNode report, String shopper) {
    for (JsonNode m : report.get("mismatches")) {
      if (m.get("shopperId").asString().equals(shopper)) {
        return m.get("kind").asString()
            + " "
            + m.get("field").asString()
            + " "
            + m.get("expected").asString()
            + " / "
            + m.get("actual").asString();
      }
    }
    throw new AssertionError("no mismatch for " + shopper + " in " + report);
  }
}
