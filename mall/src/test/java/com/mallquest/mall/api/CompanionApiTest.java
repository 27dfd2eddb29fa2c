package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.port.MissionCache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Companions through the API: catalog, buying with coins, growth, activation, mission rewards. */
class CompanionApiTest extends ApiTestSupport {

  @Autowired MissionCache missionCache;

  @Test
  void buy_debitsOnce_perIdempotencyKey_firstIsActive_ledgerMatches() {
    String species = createSpecies(50L);
    String shopper = shopperWithCoins(100);

    String key = "buy-" + shopper;
    Reply bought = buyCompanion(shopper, species, key);
    Reply replay = buyCompanion(shopper, species, key);

    assertThat(bought.status()).as(bought.raw().body()).isEqualTo(201);
    assertThat(bought.json().get("shopper").get("coins").asLong()).isEqualTo(50);
    assertThat(bought.json().get("companion").get("active").asBoolean()).isTrue();
    assertThat(bought.json().get("companion").get("name").asString()).isEqualTo("Fox");
    assertThat(bought.json().get("events").get(0).get("type").asString())
        .isEqualTo("companion_acquired");
    // The Idempotency-Key layer answers the retry with the kept response (ADR 0006).
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.json().get("companion").get("companionId").asString())
        .isEqualTo(bought.json().get("companion").get("companionId").asString());
    assertThat(coins(shopper)).isEqualTo(50);
    assertThat(ledgerSum(shopper)).isEqualTo(50);
    assertThat(
            jdbc.sql(
                    "SELECT reference FROM coin_ledger WHERE shopper_id = ? AND reason = 'COMPANION_PURCHASE'")
                .param(shopper)
                .query(String.class)
                .list())
        .containsExactly(
            "companion:" + bought.json().get("companion").get("companionId").asString());
  }

  @Test
  void buy_tooFewCoins_is409AndNothingChanges_noKey_is400_unknownSpecies_is404() {
    String species = createSpecies(500L);
    String notForSale = createSpecies(null);
    String shopper = shopperWithCoins(100);

    Reply poor = buyCompanion(shopper, species, "k1-" + shopper);
    Reply noKey =
        call(
            "POST",
            "/api/v1/shoppers/" + shopper + "/companions",
            ADMIN_KEY,
            "{\"speciesId\":\"" + species + "\"}");
    Reply unknown = buyCompanion(shopper, "no-such-species", "k2-" + shopper);
    Reply notSold = buyCompanion(shopper, notForSale, "k3-" + shopper);

    assertThat(poor.status()).isEqualTo(409);
    assertThat(poor.contentType()).startsWith("application/problem+json");
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(notSold.status()).isEqualTo(409);
    assertThat(coins(shopper)).isEqualTo(100);
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper + "/companions", ADMIN_KEY, null)
                .json()
                .size())
        .isZero();
  }

  @Test
  void buy_concurrentWithDistinctKeys_neverOverspends() throws Exception {
    String species = createSpecies(30L);
    String shopper = shopperWithCoins(100);
    int threads = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        String key = "concurrent-" + shopper + "-" + t;
        statuses.add(
            pool.submit(
                () -> {
                  start.await();
                  return buyCompanion(shopper, species, key).status();
                }));
      }
      start.countDown();
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> f : statuses) {
        codes.add(f.get(1, TimeUnit.MINUTES));
      }
      assertThat(codes).filteredOn(c -> c == 201).hasSize(3);
      assertThat(codes).filteredOn(c -> c == 409).hasSize(threads - 3);
    } finally {
      pool.shutdownNow();
    }
    assertThat(coins(shopper)).isEqualTo(10);
    assertThat(ledgerSum(shopper)).isEqualTo(10);
    JsonNode list =
        call("GET", "/api/v1/shoppers/" + shopper + "/companions", ADMIN_KEY, null).json();
    assertThat(list.size()).isEqualTo(3);
    long active = 0;
    for (JsonNode c : list) {
      active += c.get("active").asBoolean() ? 1 : 0;
    }
    assertThat(active).isEqualTo(1);
  }

  @Test
  void activeCompanion_growsWithPurchaseXpAndCheckIns_andEvolves() {
    String species = createSpecies(10L);
    String store = createStore("1");
    String shopper = shopperAfterPurchase(store, 1_000);
    buyCompanion(shopper, species, "grow-" + shopper);

    Reply purchase =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "big", 10_000, "USD"));
    Reply checkIn = call("POST", "/api/v1/shoppers/" + shopper + "/check-ins", ADMIN_KEY, null);

    JsonNode evolved = null;
    for (JsonNode e : purchase.json().get("events")) {
      if (e.get("type").asString().equals("companion_evolved")) {
        evolved = e;
      }
    }
    assertThat(evolved).isNotNull();
    assertThat(evolved.get("fromStage").asInt()).isZero();
    assertThat(evolved.get("toStage").asInt()).isEqualTo(1);
    assertThat(checkIn.status()).isEqualTo(201);
    JsonNode companion =
        call("GET", "/api/v1/shoppers/" + shopper + "/companions", ADMIN_KEY, null).json().get(0);
    assertThat(companion.get("xp").asLong()).isEqualTo(100 + 10);
    assertThat(companion.get("stage").asInt()).isEqualTo(1);
    assertThat(companion.get("stageName").asString()).isEqualTo("Fox");
    assertThat(companion.get("nextStageXp").asLong()).isEqualTo(300);
  }

  @Test
  void activate_switchesTheActiveCompanion_unknownIs404() {
    String species = createSpecies(10L);
    String shopper = shopperWithCoins(100);
    String first =
        buyCompanion(shopper, species, "a-" + shopper)
            .json()
            .get("companion")
            .get("companionId")
            .asString();
    Reply second = buyCompanion(shopper, species, "b-" + shopper);
    String secondId = second.json().get("companion").get("companionId").asString();
    assertThat(second.json().get("companion").get("active").asBoolean()).isFalse();

    Reply activated =
        call(
            "POST",
            "/api/v1/shoppers/" + shopper + "/companions/" + secondId + "/activate",
            ADMIN_KEY,
            null);
    Reply unknown =
        call("POST", "/api/v1/shoppers/" + shopper + "/companions/nope/activate", ADMIN_KEY, null);

    assertThat(activated.status()).isEqualTo(200);
    assertThat(activated.json().get("active").asBoolean()).isTrue();
    assertThat(unknown.status()).isEqualTo(404);
    JsonNode list =
        call("GET", "/api/v1/shoppers/" + shopper + "/companions", ADMIN_KEY, null).json();
    for (JsonNode c : list) {
      assertThat(c.get("active").asBoolean())
          .isEqualTo(c.get("companionId").asString().equals(secondId));
    }
    assertThat(first).isNotEqualTo(secondId);
  }

  @Test
  void missionReward_grantsTheCompanionOnce() {
    String species = createSpecies(null);
    String store = createStore("1");
    String shopper = createShopper();
    String mission = unique("m");
    Reply created =
        call(
            "POST",
            "/api/v1/missions",
            ADMIN_KEY,
            "{\"id\":\""
                + mission
                + "\",\"title\":{\"en\":\"T\"},"
                + "\"description\":{\"en\":\"D\"},\"goal\":{\"kind\":\"STORE_VISIT\",\"target\":1,\"storeId\":\""
                + store
                + "\"},"
                + MissionApiTest.fixedWindow()
                + ",\"reward\":{\"companionSpeciesId\":\""
                + species
                + "\"}}");
    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    try {
      Reply first =
          call(
              "POST",
              "/api/v1/purchases",
              ADMIN_KEY,
              purchaseJson(shopper, store, "1", 100, "USD"));
      call("POST", "/api/v1/purchases", ADMIN_KEY, purchaseJson(shopper, store, "2", 100, "USD"));

      assertThat(first.json().get("events").toString()).contains("companion_acquired");
      JsonNode list =
          call("GET", "/api/v1/shoppers/" + shopper + "/companions", ADMIN_KEY, null).json();
      assertThat(list.size()).isEqualTo(1);
      assertThat(list.get(0).get("source").asString()).isEqualTo("mission");
      assertThat(list.get(0).get("active").asBoolean()).isTrue();
    } finally {
      jdbc.sql("UPDATE missions SET active = FALSE, version = version + 1 WHERE id = ?")
          .param(mission)
          .update();
      missionCache.changed();
    }
  }

  @Test
  void catalog_appReadsPickedNames_appMayNotWrite_badSpeciesIs400() {
    String species = createSpecies(10L);
    String app = createKey("APP", null);

    JsonNode asApp = call("GET", "/api/v1/companions/species", app, null).json();
    Reply write = call("POST", "/api/v1/companions/species", app, speciesJson(unique("s"), 5L));
    Reply bad =
        call(
            "POST",
            "/api/v1/companions/species",
            ADMIN_KEY,
            speciesJson(unique("s"), 5L).replace("\"xpRequired\":0", "\"xpRequired\":7"));

    boolean found = false;
    for (JsonNode s : asApp) {
      if (s.get("id").asString().equals(species)) {
        found = true;
        assertThat(s.has("names")).isFalse();
        assertThat(s.get("stages").size()).isEqualTo(3);
      }
    }
    assertThat(found).isTrue();
    assertThat(write.status()).isEqualTo(403);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.raw().body()).contains("stages");
  }

  /**
   * A shopper with exactly {@code coins} coins, earned by one purchase at a x1 store (1 coin per
   * 1.00).
   */
  private String shopperWithCoins(long coins) {
    return shopperAfterPurchase(createStore("1"), coins * 100);
  }

  private String shopperAfterPurchase(String store, long amountMinor) {
    String shopper = createShopper();
    if (amountMinor > 0) {
      Reply r =
          call(
              "POST",
              "/api/v1/purchases",
              ADMIN_KEY,
              purchaseJson(shopper, store, unique("r"), amountMinor, "USD"));
      assertThat(r.status()).isEqualTo(201);
    }
    return shopper;
  }

  private long coins(String shopper) {
    return call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).json().get("coins").asLong();
  }

  private long ledgerSum(String shopper) {
    return jdbc.sql("SELECT COALESCE(SUM(delta), 0) FROM coin_ledger WHERE shopper_id = ?")
        .param(shopper)
        .query(Long.class)
        .single();
  }
}
