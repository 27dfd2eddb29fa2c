package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A cached catalog entry the database does not have (a database restored under a warm cache, an
 * entry of another database) never fails a write: the write that refers to it drops the cached
 * catalogs and runs again on the database's rows.
 */
class StaleCatalogApiTest extends ApiTestSupport {

  @Test
  void missionCachedButGoneFromTheDatabase_purchaseStillRecorded_andTheCatalogReloaded() {
    String store = createStore("1");
    String mission = createOpenMission("PURCHASE_COUNT", 1000);
    String first = createShopper();
    Reply warm =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(first, store, unique("r"), 1000, "USD"));
    assertThat(warm.status()).isEqualTo(201);
    assertThat(warm.raw().body())
        .contains(mission); // its progress moved: the catalog (with it) is cached now

    // The database loses the mission behind the cache's back, as a restore from an older backup
    // would.
    jdbc.sql("DELETE FROM mission_progress WHERE mission_id = ?").param(mission).update();
    jdbc.sql("DELETE FROM mission_window_stores WHERE mission_id = ?").param(mission).update();
    jdbc.sql("DELETE FROM missions WHERE id = ?").param(mission).update();

    String second = createShopper();
    Reply purchase =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(second, store, unique("r"), 1000, "USD"));

    assertThat(purchase.status()).as(purchase.raw().body()).isEqualTo(201);
    assertThat(purchase.raw().body()).doesNotContain(mission);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM purchases WHERE shopper_id = ?")
                .param(second)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(
            jdbc.sql("SELECT coins FROM shoppers WHERE id = ?")
                .param(second)
                .query(Long.class)
                .single())
        .isEqualTo(purchase.json().get("coinsEarned").asLong());
    Reply again =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(first, store, unique("r"), 1000, "USD"));
    assertThat(again.status()).as(again.raw().body()).isEqualTo(201);
    assertThat(again.raw().body()).doesNotContain(mission);
  }
}
