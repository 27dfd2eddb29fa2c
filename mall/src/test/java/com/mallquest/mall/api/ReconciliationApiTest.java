package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The operator's reconciliation endpoint: clean after real traffic, and it finds a corrupted row.
 */
class ReconciliationApiTest extends ApiTestSupport {

  private static final String PATH = "/api/v1/operations/reconciliation";

  @Test
  void reconciliation_afterPurchasesAndCheckIns_isClean() {
    String store = createStore("2");
    String shopper = createShopper();
    for (int i = 0; i < 5; i++) {
      assertThat(
              call(
                      "POST",
                      "/api/v1/purchases",
                      ADMIN_KEY,
                      purchaseJson(shopper, store, "r" + i, 90_000, "USD"))
                  .status())
          .isEqualTo(201);
    }
    assertThat(call("POST", "/api/v1/shoppers/" + shopper + "/check-ins", ADMIN_KEY, null).status())
        .isEqualTo(201);
    long shoppers = jdbc.sql("SELECT COUNT(*) FROM shoppers").query(Long.class).single();

    Reply r = call("GET", PATH, ADMIN_KEY, null);

    assertThat(Reconciliations.assertClean(r.status(), r.json(), shoppers)).isEqualTo(shoppers);
  }

  @Test
  void reconciliation_corruptedRow_isReportedWithExpectedAndActual() {
    String id = unique("corrupt");
    // Written behind the service's back: 70 coins with a ledger of 50, level 4 with 0 xp, Bronze
    // after a lifetime spend of 1,000,000.00 USD.
    jdbc.sql(
            "INSERT INTO shoppers (id, display_name, language, time_zone, coins, xp, level, vip_tier,"
                + " lifetime_spend_minor, login_streak, created_at, version)"
                + " VALUES (?, 'x', 'en', 'UTC', 70, 0, 4, 'BRONZE', 100000000, 0, ?, 0)")
        .params(id, OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    jdbc.sql(
            "INSERT INTO coin_ledger (shopper_id, delta, balance_after, reason, reference, created_at)"
                + " VALUES (?, 50, 50, 'PURCHASE', 'test', ?)")
        .params(id, OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    try {
      Reply r = call("GET", PATH, ADMIN_KEY, null);

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("mismatchCount").asLong()).isEqualTo(3);
      assertThat(mismatch(r.json(), id, "coins")).isEqualTo("50 / 70");
      assertThat(mismatch(r.json(), id, "level")).isEqualTo("1 / 4");
      assertThat(mismatch(r.json(), id, "vipTier")).isEqualTo("at least PLATINUM / BRONZE");
    } finally {
      // The context is shared: leave no corruption behind for the other tests' checks.
      jdbc.sql("DELETE FROM coin_ledger WHERE shopper_id = ?").param(id).update();
      jdbc.sql("DELETE FROM shoppers WHERE id = ?").param(id).update();
    }
    Reply after = call("GET", PATH, ADMIN_KEY, null);
    Reconciliations.assertClean(after.status(), after.json(), 0);
  }

  @Test
  void reconciliation_isForAdminsOnly() {
    String store = createStore("1");
    assertThat(call("GET", PATH, null, null).status()).isEqualTo(401);
    assertThat(call("GET", PATH, createKey("app", null), null).status()).isEqualTo(403);
    assertThat(call("GET", PATH, createKey("store", store), null).status()).isEqualTo(403);
  }

  @Test
  void reconciliation_withoutRedis_saysTheRedisChecksDidNotRun() {
    createShopper();

    JsonNode report = call("GET", PATH, ADMIN_KEY, null).json();

    assertThat(report.get("redisChecked").asBoolean()).isFalse();
    assertThat(report.get("boardsChecked").isEmpty()).isTrue();
  }

  @Test
  void repair_isForAdminsOnly_withProblemJsonErrors() {
    String store = createStore("1");
    for (String key : new String[] {createKey("app", null), createKey("store", store)}) {
      Reply refused = call("POST", PATH + "/repair", key, null);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.json().get("status").asInt()).isEqualTo(403);
    }
    Reply anonymous = call("POST", PATH + "/repair", null, null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.contentType()).startsWith("application/problem+json");
    Reply wrongMethod = call("PUT", PATH + "/repair", ADMIN_KEY, null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.contentType()).startsWith("application/problem+json");
  }

  @Test
  void repair_withoutRedis_runsTheCheck_andHasNothingToRepublish() {
    createShopper();
    long shoppers = jdbc.sql("SELECT COUNT(*) FROM shoppers").query(Long.class).single();

    Reply r = call("POST", PATH + "/repair", ADMIN_KEY, null);

    assertThat(r.status()).isEqualTo(200);
    JsonNode repair = r.json();
    assertThat(repair.get("shopperChanges").asLong()).isZero();
    assertThat(repair.get("leaderboardChanges").asLong()).isZero();
    assertThat(repair.get("shopperIds").isEmpty()).isTrue();
    assertThat(repair.get("remaining").asLong()).isZero();
    assertThat(repair.get("check").get("redisChecked").asBoolean()).isFalse();
    Reconciliations.assertClean(200, repair.get("check"), shoppers);
  }

  private static String mismatch(JsonNode report, String shopper, String field) {
    for (JsonNode m : report.get("mismatches")) {
      if (m.get("shopperId").asString().equals(shopper)
          && m.get("field").asString().equals(field)) {
        return m.get("expected").asString() + " / " + m.get("actual").asString();
      }
    }
    throw new AssertionError("no " + field + " mismatch for " + shopper + " in " + report);
  }
}
