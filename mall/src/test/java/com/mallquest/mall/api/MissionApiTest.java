package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.port.MissionCache;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Missions through the API: definitions, progress on purchases and check-ins, one reward per
 * period.
 */
class MissionApiTest extends ApiTestSupport {

  /** Missions are mall-wide: switch off the ones a test made, so no other test sees them. */
  private final List<String> created = new ArrayList<>();

  @Autowired MissionCache missionCache;

  @AfterEach
  void deactivateMissions() {
    for (String id : created) {
      jdbc.sql("UPDATE missions SET active = FALSE, version = version + 1 WHERE id = ?")
          .param(id)
          .update();
    }
    missionCache.changed();
  }

  @Test
  void spendMission_completesOncePerPeriod_paysCoinsAndXpWithLedgerRow() {
    String store = createStore("1");
    String shopper = createShopper();
    String mission = createMission("SPEND_TOTAL", 10_000, fixedWindow(), 100, 300);

    Reply first =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "r1", 6_000, "USD"));
    Reply second =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "r2", 6_000, "USD"));
    Reply third =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "r3", 6_000, "USD"));

    assertThat(event(first.json(), "mission_progress", mission).get("progress").asLong())
        .isEqualTo(6_000);
    assertThat(event(first.json(), "mission_completed", mission)).isNull();
    JsonNode completed = event(second.json(), "mission_completed", mission);
    assertThat(completed).isNotNull();
    assertThat(completed.get("coins").asLong()).isEqualTo(100);
    assertThat(completed.get("xp").asLong()).isEqualTo(300);
    // Ready-to-show messages name the mission by its title in the shopper's language.
    assertThat(completed.get("message").asString()).isEqualTo("Mission complete: \"Spend\"!");
    assertThat(event(first.json(), "mission_progress", mission).get("message").asString())
        .isEqualTo("Mission \"Spend\": 6000 of 10000.");
    // 120 purchase coins + 100 reward; 120 purchase xp + 300 reward lifts level 1 -> 2 (283 xp).
    assertThat(second.json().get("shopper").get("coins").asLong()).isEqualTo(220);
    assertThat(second.json().get("shopper").get("xp").asLong()).isEqualTo(420);
    assertThat(second.json().get("shopper").get("level").asInt()).isEqualTo(2);
    assertThat(event(third.json(), "mission_progress", mission)).isNull();
    assertThat(third.json().get("shopper").get("coins").asLong()).isEqualTo(280);

    List<String> rewardRefs =
        jdbc.sql("SELECT reference FROM coin_ledger WHERE shopper_id = ? AND reason = ?")
            .param(shopper)
            .param("MISSION_REWARD")
            .query(String.class)
            .list();
    assertThat(rewardRefs).containsExactly("mission:" + mission + ":2020-01-01T00:00:00Z");
    assertThat(completions(mission, shopper)).isEqualTo(1);

    JsonNode listed = shopperMission(shopper, mission, null);
    assertThat(listed.get("progress").asLong()).isEqualTo(12_000);
    assertThat(listed.get("target").asLong()).isEqualTo(10_000);
    assertThat(listed.get("completed").asBoolean()).isTrue();
    assertThat(listed.get("windowEnd").asString()).isEqualTo("2100-01-01T00:00:00Z");
    assertThat(listed.get("kind").asString()).isEqualTo("SPEND_TOTAL");
  }

  @Test
  void replayedPurchase_movesNothing() {
    String store = createStore("1");
    String shopper = createShopper();
    String mission = createMission("PURCHASE_COUNT", 2, fixedWindow(), 50, 0);

    call(
        "POST", "/api/v1/purchases", ADMIN_KEY, purchaseJson(shopper, store, "same", 1_000, "USD"));
    Reply replay =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "same", 1_000, "USD"));

    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.json().get("events").size()).isZero();
    assertThat(shopperMission(shopper, mission, null).get("progress").asLong()).isEqualTo(1);
    assertThat(completions(mission, shopper)).isZero();
  }

  @Test
  void distinctStoresAndStoreVisit_countTheRightPurchases() {
    String a = createStore("1");
    String b = createStore("1");
    String shopper = createShopper();
    String distinct = createMission("DISTINCT_STORES", 2, fixedWindow(), 10, 0);
    String visit =
        createMission(
            "{\"kind\":\"STORE_VISIT\",\"target\":1,\"storeId\":\"" + b + "\"}", fixedWindow());

    call("POST", "/api/v1/purchases", ADMIN_KEY, purchaseJson(shopper, a, "1", 1_000, "USD"));
    call("POST", "/api/v1/purchases", ADMIN_KEY, purchaseJson(shopper, a, "2", 1_000, "USD"));
    assertThat(shopperMission(shopper, distinct, null).get("progress").asLong()).isEqualTo(1);
    assertThat(shopperMission(shopper, visit, null).get("progress").asLong()).isZero();

    Reply atB =
        call("POST", "/api/v1/purchases", ADMIN_KEY, purchaseJson(shopper, b, "3", 1_000, "USD"));

    assertThat(event(atB.json(), "mission_completed", distinct)).isNotNull();
    assertThat(event(atB.json(), "mission_completed", visit)).isNotNull();
  }

  @Test
  void categorySpend_countsOnlyThatCategory() {
    String fashion = createStore("1"); // ApiTestSupport's stores are fashion
    String shopper = createShopper();
    String mission =
        createMission(
            "{\"kind\":\"CATEGORY_SPEND\",\"target\":5000,\"category\":\"food\"}", fixedWindow());

    call("POST", "/api/v1/purchases", ADMIN_KEY, purchaseJson(shopper, fashion, "1", 9_000, "USD"));

    assertThat(shopperMission(shopper, mission, null).get("progress").asLong()).isZero();
  }

  @Test
  void checkInStreakMission_movesOnCheckIn() {
    String shopper = createShopper();
    String mission = createMission("CHECKIN_STREAK", 1, "\"window\":{\"kind\":\"WEEKLY\"}", 5, 0);

    Reply checkIn = call("POST", "/api/v1/shoppers/" + shopper + "/check-ins", ADMIN_KEY, null);

    assertThat(checkIn.status()).isEqualTo(201);
    assertThat(event(checkIn.json(), "mission_completed", mission)).isNotNull();
    assertThat(checkIn.json().get("shopper").get("coins").asLong())
        .isEqualTo(checkIn.json().get("coinsAwarded").asLong() + 5);
  }

  @Test
  void shopperMissions_titleInShopperLanguageElseAcceptLanguageElseEnglish() {
    String mission = createMission("PURCHASE_COUNT", 1, fixedWindow(), 1, 0);
    String es = shopperSpeaking("es-MX");
    String de = shopperSpeaking("de"); // the mission has no German text

    assertThat(shopperMission(es, mission, "fr").get("title").asString()).isEqualTo("Gasta");
    assertThat(shopperMission(de, mission, "fr-CA, it;q=0.5").get("title").asString())
        .isEqualTo("Dépense");
    assertThat(shopperMission(de, mission, "it").get("title").asString()).isEqualTo("Spend");
    assertThat(shopperMission(de, mission, null).get("title").asString()).isEqualTo("Spend");
  }

  @Test
  void ineligibleTier_doesNotSeeOrProgress() {
    String store = createStore("1");
    String shopper = createShopper();
    String mission =
        createMission(
            "{\"kind\":\"PURCHASE_COUNT\",\"target\":1}",
            fixedWindow().replace("}", "},\"eligibleTiers\":[\"gold\",\"PLATINUM\"]"));

    Reply purchase =
        call("POST", "/api/v1/purchases", ADMIN_KEY, purchaseJson(shopper, store, "1", 100, "USD"));

    assertThat(event(purchase.json(), "mission_progress", mission)).isNull();
    assertThat(shopperMission(shopper, mission, null)).isNull();
  }

  @Test
  void catalog_adminSeesAllTexts_appSeesPickedOnly_appMayNotWrite() {
    String mission = createMission("PURCHASE_COUNT", 3, fixedWindow(), 1, 0);
    String app = createKey("APP", null);

    JsonNode asAdmin = call("GET", "/api/v1/missions/" + mission, ADMIN_KEY, null).json();
    JsonNode asApp = call("GET", "/api/v1/missions/" + mission, app, null).json();
    Reply appWrite =
        call(
            "POST",
            "/api/v1/missions",
            app,
            missionJson(unique("m"), "PURCHASE_COUNT", 1, fixedWindow(), 0, 0, true));

    assertThat(asAdmin.get("titles").get("es").asString()).isEqualTo("Gasta");
    assertThat(asApp.has("titles")).isFalse();
    assertThat(asApp.get("title").asString()).isEqualTo("Spend");
    assertThat(appWrite.status()).isEqualTo(403);
  }

  @Test
  void update_changesTheDefinitionAndIsServedAtOnce() {
    String mission = createMission("PURCHASE_COUNT", 3, fixedWindow(), 1, 0);

    Reply put =
        call(
            "PUT",
            "/api/v1/missions/" + mission,
            ADMIN_KEY,
            missionJson(mission, "PURCHASE_COUNT", 7, fixedWindow(), 1, 0, true));

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().get("version").asLong()).isEqualTo(2);
    assertThat(
            call("GET", "/api/v1/missions/" + mission, ADMIN_KEY, null)
                .json()
                .get("goal")
                .get("target")
                .asLong())
        .isEqualTo(7);
  }

  @Test
  void badDefinitions_get400ProblemNamingTheField_andNothingIsStored() {
    String id = unique("bad");
    assertBad(missionJson(id, "SPEND_ALL", 1, fixedWindow(), 0, 0, true), "goal.kind");
    assertBad(missionJson(id, "SPEND_TOTAL", 0, fixedWindow(), 0, 0, true), "goal.target");
    assertBad(
        missionJson(
            id,
            "SPEND_TOTAL",
            1,
            "\"window\":{\"kind\":\"DAILY\",\"start\":\"2020-01-01T00:00:00Z\"}",
            0,
            0,
            true),
        "window.start");
    assertBad(missionJson(id, "SPEND_TOTAL", 1, fixedWindow(), -1, 0, true), "reward.coins");
    assertBad(
        missionJson(id, "SPEND_TOTAL", 1, fixedWindow(), 0, 0, true)
            .replace("\"en\":\"Spend\",", ""),
        "title");
    assertBad(
        createBody(
            id,
            "{\"kind\":\"STORE_VISIT\",\"target\":1,\"storeId\":\"no-such-store\"}",
            fixedWindow()),
        "goal.storeId");
    assertBad(
        missionJson(
            id,
            "SPEND_TOTAL",
            1,
            fixedWindow().replace("2020-01-01T00:00:00Z", "yesterday"),
            0,
            0,
            true),
        "start");
    assertBad(
        missionJson(id, "SPEND_TOTAL", 1, fixedWindow(), 0, 0, true)
            .replace("\"target\":1", "\"target\":99999999999999999999999"),
        "target");
    assertBad(
        missionJson(id, "SPEND_TOTAL", 1, fixedWindow(), 0, 0, true)
            .replace("\"reward\":{", "\"reward\":{\"companionSpeciesId\":\"no-such-species\","),
        "reward.companionSpeciesId");
    assertThat(call("GET", "/api/v1/missions/" + id, ADMIN_KEY, null).status()).isEqualTo(404);
    assertThat(
            call(
                    "PUT",
                    "/api/v1/missions/" + id,
                    ADMIN_KEY,
                    missionJson(id, "SPEND_TOTAL", 1, fixedWindow(), 0, 0, true))
                .status())
        .isEqualTo(404);
    assertThat(
            call(
                    "PUT",
                    "/api/v1/missions/" + id,
                    ADMIN_KEY,
                    missionJson("other", "SPEND_TOTAL", 1, fixedWindow(), 0, 0, true))
                .status())
        .isEqualTo(400);
  }

  @Test
  void duplicateId_is409_unknownShopper_is404() {
    String mission = createMission("PURCHASE_COUNT", 3, fixedWindow(), 1, 0);

    assertThat(
            call(
                    "POST",
                    "/api/v1/missions",
                    ADMIN_KEY,
                    missionJson(mission, "PURCHASE_COUNT", 3, fixedWindow(), 1, 0, true))
                .status())
        .isEqualTo(409);
    assertThat(call("GET", "/api/v1/shoppers/nobody-here/missions", ADMIN_KEY, null).status())
        .isEqualTo(404);
  }

  private String shopperSpeaking(String language) {
    Reply r =
        call(
            "POST",
            "/api/v1/shoppers",
            ADMIN_KEY,
            "{\"id\":\"" + unique(language) + "\",\"language\":\"" + language + "\"}");
    assertThat(r.status()).isEqualTo(201);
    return r.json().get("id").asString();
  }

  private void assertBad(String body, String field) {
    Reply r = call("POST", "/api/v1/missions", ADMIN_KEY, body);
    assertThat(r.status()).as(body).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.raw().body()).contains(field);
  }

  static String fixedWindow() {
    return "\"window\":{\"kind\":\"FIXED\",\"start\":\"2020-01-01T00:00:00Z\",\"end\":\"2100-01-01T00:00:00Z\"}";
  }

  static String missionJson(
      String id, String kind, long target, String window, long coins, long xp, boolean active) {
    return "{\"id\":\""
        + id
        + "\",\"title\":{\"en\":\"Spend\",\"es\":\"Gasta\",\"fr\":\"Dépense\"},"
        + "\"description\":{\"en\":\"Spend money\"},\"goal\":{\"kind\":\""
        + kind
        + "\",\"target\":"
        + target
        + "},"
        + window
        + ",\"reward\":{\"coins\":"
        + coins
        + ",\"xp\":"
        + xp
        + "},\"active\":"
        + active
        + "}";
  }

  private static String createBody(String id, String goal, String window) {
    return "{\"id\":\""
        + id
        + "\",\"title\":{\"en\":\"Spend\"},\"description\":{\"en\":\"d\"},\"goal\":"
        + goal
        + ","
        + window
        + ",\"reward\":{\"coins\":10}}";
  }

  private String createMission(String kind, long target, String window, long coins, long xp) {
    return created(missionJson(unique("m"), kind, target, window, coins, xp, true));
  }

  private String createMission(String goal, String window) {
    return created(createBody(unique("m"), goal, window));
  }

  private String created(String body) {
    Reply r = call("POST", "/api/v1/missions", ADMIN_KEY, body);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    String id = r.json().get("id").asString();
    created.add(id);
    return id;
  }

  private long completions(String mission, String shopper) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM mission_completions WHERE mission_id = ? AND shopper_id = ?")
        .param(mission)
        .param(shopper)
        .query(Long.class)
        .single();
  }

  private JsonNode shopperMission(String shopper, String mission, String acceptLanguage) {
    Reply r =
        acceptLanguage == null
            ? call("GET", "/api/v1/shoppers/" + shopper + "/missions", ADMIN_KEY, null)
            : callWithLanguage("/api/v1/shoppers/" + shopper + "/missions", acceptLanguage);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    for (JsonNode m : r.json()) {
      if (m.get("missionId").asString().equals(mission)) {
        return m;
      }
    }
    return null;
  }

  private Reply callWithLanguage(String path, String acceptLanguage) {
    return callWith("GET", path, ADMIN_KEY, null, "Accept-Language", acceptLanguage);
  }

  private static JsonNode event(JsonNode response, String type, String mission) {
    for (JsonNode e : response.get("events")) {
      if (e.get("type").asString().equals(type) && e.get("missionId").asString().equals(mission)) {
        return e;
      }
    }
    return null;
  }
}
