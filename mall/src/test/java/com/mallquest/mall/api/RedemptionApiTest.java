package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rewards catalog and redemptions through the API. */
class RedemptionApiTest extends RewardsApiSupport {

  /** A shopper with {@code coins} coins (earned by one purchase at a x1 store). */
  private String shopperWithCoins(String store, long coins) {
    String shopper = createShopper();
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, unique("r"), coins * 100, "USD"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("coinsEarned").asLong()).isEqualTo(coins);
    return shopper;
  }

  private String createReward(String extra) {
    String id = unique("reward");
    Reply r =
        call(
            "POST",
            "/api/v1/rewards",
            ADMIN_KEY,
            "{\"id\":\""
                + id
                + "\",\"name\":{\"en\":\"Coffee\","
                + "\"es\":\"Café\"},\"description\":{\"en\":\"A cup\"}"
                + extra
                + "}");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return id;
  }

  private Reply redeem(String shopper, String reward, String key) {
    return call(
        "POST",
        "/api/v1/shoppers/" + shopper + "/redemptions",
        ADMIN_KEY,
        "{\"rewardId\":\"" + reward + "\"}",
        "Idempotency-Key",
        key);
  }

  private long coins(String shopper) {
    return jdbc.sql("SELECT coins FROM shoppers WHERE id = ?")
        .param(shopper)
        .query(Long.class)
        .single();
  }

  private long ledgerSum(String shopper) {
    return jdbc.sql("SELECT COALESCE(SUM(delta), 0) FROM coin_ledger WHERE shopper_id = ?")
        .param(shopper)
        .query(Long.class)
        .single();
  }

  private long stock(String reward) {
    return jdbc.sql("SELECT stock FROM rewards WHERE id = ?")
        .param(reward)
        .query(Long.class)
        .single();
  }

  private static void assertProblem(Reply r, int status) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }

  @Test
  void redeem_50concurrentFor10InStock_exactly10SucceedAndBalancesExact() throws Exception {
    String store = createStore("1");
    String reward = createReward(",\"priceCoins\":100,\"stock\":10");
    List<String> shoppers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      shoppers.add(shopperWithCoins(store, 1000));
    }
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reply>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String shopper = shoppers.get(i % shoppers.size());
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return redeem(shopper, reward, UUID.randomUUID().toString());
              }));
    }
    start.countDown();
    Map<String, Integer> successes = new HashMap<>();
    Set<String> codes = new HashSet<>();
    int created = 0;
    for (Future<Reply> f : futures) {
      Reply r = f.get(2, TimeUnit.MINUTES);
      if (r.status() == 201) {
        created++;
        JsonNode body = r.json();
        codes.add(body.get("code").asString());
        successes.merge(body.get("shopper").get("id").asString(), 1, Integer::sum);
      } else {
        assertProblem(r, 409);
      }
    }
    pool.shutdown();

    assertThat(created).isEqualTo(10);
    assertThat(codes).hasSize(10);
    assertThat(stock(reward)).isZero();
    for (String shopper : shoppers) {
      long expected = 1000 - 100L * successes.getOrDefault(shopper, 0);
      assertThat(coins(shopper)).isEqualTo(expected);
      assertThat(ledgerSum(shopper)).isEqualTo(expected);
    }
    long redemptionRows =
        jdbc.sql(
                "SELECT COUNT(*) FROM coin_ledger WHERE reason = 'REDEMPTION' AND"
                    + " reference LIKE 'redemption:%' AND shopper_id IN (:ids)")
            .param("ids", shoppers)
            .query(Long.class)
            .single();
    assertThat(redemptionRows).isEqualTo(10);
    assertThat(
            call("GET", "/api/v1/shoppers/" + shoppers.get(0), ADMIN_KEY, null)
                .json()
                .get("coins")
                .asLong())
        .as("the cache was told")
        .isEqualTo(coins(shoppers.get(0)));
  }

  @Test
  void redeem_tooFewCoins_409AndNothingChanges() {
    String store = createStore("1");
    String reward = createReward(",\"priceCoins\":100,\"stock\":3");
    String shopper = shopperWithCoins(store, 99);

    assertProblem(redeem(shopper, reward, unique("k")), 409);

    assertThat(coins(shopper)).isEqualTo(99);
    assertThat(ledgerSum(shopper)).isEqualTo(99);
    assertThat(stock(reward)).isEqualTo(3);
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper + "/redemptions", ADMIN_KEY, null)
                .json()
                .get("items"))
        .isEmpty();
  }

  @Test
  void redeem_sameKeyTwice_replaysAndChargesOnce_otherRewardWithSameKey422() {
    String store = createStore("1");
    String reward = createReward(",\"priceCoins\":100,\"stock\":5");
    String other = createReward(",\"priceCoins\":10");
    String shopper = shopperWithCoins(store, 500);

    String key = unique("key");
    String appKey = createKey("app", null);
    Reply first = redeem(shopper, reward, key);
    // The same caller retrying: the Idempotency-Key layer replays the kept response (ADR 0006).
    Reply again = redeem(shopper, reward, key);
    // Another caller with the same key reaches the redemption itself, which replays from its own
    // row.
    Reply otherCaller =
        call(
            "POST",
            "/api/v1/shoppers/" + shopper + "/redemptions",
            appKey,
            "{\"rewardId\":\"" + reward + "\"}",
            "Idempotency-Key",
            key);
    Reply misuse = redeem(shopper, other, key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().get("replayed").asBoolean()).isFalse();
    assertThat(first.json().get("shopper").get("coins").asLong()).isEqualTo(400);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.json().get("code").asString()).isEqualTo(first.json().get("code").asString());
    assertThat(otherCaller.status()).as(otherCaller.raw().body()).isEqualTo(200);
    assertThat(otherCaller.json().get("replayed").asBoolean()).isTrue();
    assertThat(otherCaller.json().get("redemptionId").asString())
        .isEqualTo(first.json().get("redemptionId").asString());
    assertThat(otherCaller.json().get("code").asString())
        .isEqualTo(first.json().get("code").asString());
    assertProblem(misuse, 422);
    assertThat(coins(shopper)).isEqualTo(400);
    assertThat(ledgerSum(shopper)).isEqualTo(400);
    assertThat(stock(reward)).isEqualTo(4);
    JsonNode page =
        call("GET", "/api/v1/shoppers/" + shopper + "/redemptions", ADMIN_KEY, null).json();
    assertThat(page.get("items")).hasSize(1);
    assertThat(page.get("items").get(0).get("code").asString())
        .isEqualTo(first.json().get("code").asString());
  }

  @Test
  void redeem_missingIdempotencyKey_400() {
    String store = createStore("1");
    String reward = createReward(",\"priceCoins\":10");
    String shopper = shopperWithCoins(store, 50);
    assertProblem(redeem(shopper, reward, null), 400);
    assertThat(coins(shopper)).isEqualTo(50);
  }

  @Test
  void redeem_tierTooLowOutsideWindowOrInactive_409() {
    String store = createStore("1");
    String shopper = shopperWithCoins(store, 100);
    String gold = createReward(",\"priceCoins\":10,\"minTier\":\"GOLD\"");
    String later = createReward(",\"priceCoins\":10,\"availableFrom\":\"2999-01-01T00:00:00Z\"");
    String ended = createReward(",\"priceCoins\":10,\"availableUntil\":\"2000-01-01T00:00:00Z\"");
    String inactive = createReward(",\"priceCoins\":10,\"active\":false");

    for (String reward : List.of(gold, later, ended, inactive)) {
      assertProblem(redeem(shopper, reward, unique("k")), 409);
    }
    assertProblem(redeem(shopper, "no-such-reward", unique("k")), 404);
    assertThat(coins(shopper)).isEqualTo(100);
  }

  @Test
  void rewards_catalog_adminWritesAppReadsPickedLanguage() {
    String reward = createReward(",\"priceCoins\":300,\"stock\":10,\"minTier\":\"silver\"");
    String app = createKey("APP", null);

    JsonNode asApp =
        call("GET", "/api/v1/rewards/" + reward, app, null, "Accept-Language", "es-MX, en;q=0.5")
            .json();
    assertThat(asApp.get("name").asString()).isEqualTo("Café");
    assertThat(asApp.get("description").asString()).isEqualTo("A cup");
    assertThat(asApp.has("names")).isFalse();
    assertThat(asApp.get("minTier").asString()).isEqualTo("SILVER");

    JsonNode asAdmin = call("GET", "/api/v1/rewards/" + reward, ADMIN_KEY, null).json();
    assertThat(asAdmin.get("name").asString()).isEqualTo("Coffee");
    assertThat(asAdmin.get("names").get("es").asString()).isEqualTo("Café");

    assertProblem(
        call(
            "POST",
            "/api/v1/rewards",
            app,
            "{\"id\":\"x\",\"name\":{\"en\":\"X\"},"
                + "\"description\":{\"en\":\"X\"},\"priceCoins\":1}"),
        403);
    assertProblem(
        call(
            "POST",
            "/api/v1/rewards",
            ADMIN_KEY,
            "{\"id\":\""
                + reward
                + "\",\"name\":{\"en\":\"X\"},"
                + "\"description\":{\"en\":\"X\"},\"priceCoins\":1}"),
        409);
    assertProblem(
        call(
            "POST",
            "/api/v1/rewards",
            ADMIN_KEY,
            "{\"id\":\"y\",\"name\":{\"es\":\"X\"},"
                + "\"description\":{\"en\":\"X\"},\"priceCoins\":1}"),
        400);
    assertProblem(
        call(
            "POST",
            "/api/v1/rewards",
            ADMIN_KEY,
            "{\"id\":\"y\",\"name\":{\"en\":\"X\"},"
                + "\"description\":{\"en\":\"X\"},\"priceCoins\":0}"),
        400);

    Reply replaced =
        call(
            "PUT",
            "/api/v1/rewards/" + reward,
            ADMIN_KEY,
            "{\"name\":{\"en\":\"Tea\"},"
                + "\"description\":{\"en\":\"A pot\"},\"priceCoins\":50}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().get("name").asString()).isEqualTo("Tea");
    assertThat(replaced.json().has("stock")).as("unlimited now").isFalse();
    assertThat(replaced.json().get("version").asLong()).isEqualTo(1);
    assertProblem(
        call(
            "PUT",
            "/api/v1/rewards/nope",
            ADMIN_KEY,
            "{\"name\":{\"en\":\"Tea\"},"
                + "\"description\":{\"en\":\"A pot\"},\"priceCoins\":50}"),
        404);
  }
}
