package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Refunds through the API. */
class RefundApiTest extends RewardsApiSupport {

  private record Bought(String shopper, String store, String purchaseId) {}

  private Bought buy(long amountMinor) {
    String store = createStore("1");
    String shopper = createShopper();
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, unique("r"), amountMinor, "USD"));
    assertThat(r.status()).isEqualTo(201);
    return new Bought(shopper, store, r.json().get("purchaseId").asString());
  }

  private long scalar(String sql, String shopper) {
    return jdbc.sql(sql).param(shopper).query(Long.class).single();
  }

  private long coins(String shopper) {
    return scalar("SELECT coins FROM shoppers WHERE id = ?", shopper);
  }

  private long ledgerSum(String shopper) {
    return scalar("SELECT COALESCE(SUM(delta), 0) FROM coin_ledger WHERE shopper_id = ?", shopper);
  }

  private long xpLedgerSum(String shopper) {
    return scalar("SELECT COALESCE(SUM(delta), 0) FROM xp_ledger WHERE shopper_id = ?", shopper);
  }

  @Test
  void refund_byOwnStore_reversesCoinsXpSpendTierAndReplaysSecondTime() {
    Bought b = buy(60_000); // 600 coins, 600 xp, Silver, level 3
    String storeKey = createKey("STORE", b.store());

    Reply first = call("POST", "/api/v1/purchases/" + b.purchaseId() + "/refund", storeKey, null);
    Reply second = call("POST", "/api/v1/purchases/" + b.purchaseId() + "/refund", ADMIN_KEY, null);

    assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
    JsonNode body = first.json();
    assertThat(body.get("coinsReversed").asLong()).isEqualTo(600);
    assertThat(body.get("coinsShortfall").asLong()).isZero();
    assertThat(body.get("xpReversed").asLong()).isEqualTo(600);
    assertThat(body.get("replayed").asBoolean()).isFalse();
    assertThat(body.get("shopper").get("vipTier").asString()).isEqualTo("Bronze");
    assertThat(body.get("shopper").get("level").asInt()).isEqualTo(1);
    assertThat(body.get("shopper").get("lifetimeSpendMinor").asLong()).isZero();
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("replayed").asBoolean()).isTrue();
    assertThat(second.json().get("coinsReversed").asLong()).isEqualTo(600);
    assertThat(coins(b.shopper())).isZero();
    assertThat(ledgerSum(b.shopper())).isZero();
    assertThat(
            scalar(
                "SELECT COUNT(*) FROM coin_ledger WHERE shopper_id = ? AND reason = 'REFUND'",
                b.shopper()))
        .isEqualTo(1);
    assertThat(scalar("SELECT xp FROM shoppers WHERE id = ?", b.shopper())).isZero();
    assertThat(
            call("GET", "/api/v1/shoppers/" + b.shopper(), ADMIN_KEY, null)
                .json()
                .get("coins")
                .asLong())
        .as("the cache was told")
        .isZero();
  }

  @Test
  void refund_bodyOfAnotherTypeOrAWildcardType_is415AndRefundsNothing_aReasonInJsonRefunds() {
    Bought b = buy(10_000);
    String path = "/api/v1/purchases/" + b.purchaseId() + "/refund";
    for (String type :
        List.of("application/*", "*/*", "text/plain", "application/x-www-form-urlencoded")) {
      Reply refused = call("POST", path, ADMIN_KEY, "{\"reason\":\"x\"}", type);
      assertThat(refused.status()).as("Content-Type %s", type).isEqualTo(415);
      assertThat(refused.contentType()).startsWith("application/problem+json");
    }
    assertThat(
            scalar(
                "SELECT COUNT(*) FROM refunds WHERE purchase_id IN (SELECT id FROM purchases WHERE shopper_id = ?)",
                b.shopper()))
        .as("nothing refunded")
        .isZero();
    Reply refunded = call("POST", path, ADMIN_KEY, "{\"reason\":\"customer returned the shoes\"}");
    assertThat(refunded.status()).isEqualTo(200);
    assertThat(refunded.json().get("replayed").asBoolean()).isFalse();
  }

  @Test
  void refund_otherStoresKeyOrAppKey_403AndNothingChanges() {
    Bought b = buy(10_000);
    String otherStore = createStore("1");
    Reply asOtherStore =
        call(
            "POST",
            "/api/v1/purchases/" + b.purchaseId() + "/refund",
            createKey("STORE", otherStore),
            null);
    Reply asApp =
        call(
            "POST",
            "/api/v1/purchases/" + b.purchaseId() + "/refund",
            createKey("APP", null),
            null);

    assertThat(asOtherStore.status()).isEqualTo(403);
    assertThat(asOtherStore.contentType()).startsWith("application/problem+json");
    assertThat(asApp.status()).isEqualTo(403);
    assertThat(coins(b.shopper())).isEqualTo(100);
    Reply missing = call("POST", "/api/v1/purchases/no-such-purchase/refund", ADMIN_KEY, null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
  }

  @Test
  void refund_afterCoinsWereSpent_stopsAtZeroAndRecordsShortfall() {
    Bought b = buy(100_000); // 1000 coins
    Reply reward =
        call(
            "POST",
            "/api/v1/rewards",
            ADMIN_KEY,
            "{\"id\":\""
                + unique("tv")
                + "\",\"name\":{\"en\":"
                + "\"TV\"},\"description\":{\"en\":\"A TV\"},\"priceCoins\":900}");
    String rewardId = reward.json().get("id").asString();
    Reply redeemed =
        call(
            "POST",
            "/api/v1/shoppers/" + b.shopper() + "/redemptions",
            ADMIN_KEY,
            "{\"rewardId\":\"" + rewardId + "\"}",
            "Idempotency-Key",
            unique("k"));
    assertThat(redeemed.status()).as(redeemed.raw().body()).isEqualTo(201);

    JsonNode body =
        call("POST", "/api/v1/purchases/" + b.purchaseId() + "/refund", ADMIN_KEY, null).json();

    assertThat(body.get("coinsReversed").asLong()).isEqualTo(100);
    assertThat(body.get("coinsShortfall").asLong()).isEqualTo(900);
    assertThat(coins(b.shopper())).isZero();
    assertThat(ledgerSum(b.shopper())).isZero();
    assertThat(scalar("SELECT coins_shortfall FROM refunds WHERE shopper_id = ?", b.shopper()))
        .isEqualTo(900);
  }

  @Test
  void refund_concurrentTwice_appliedOnce() throws Exception {
    Bought b = buy(25_000);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reply>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return call(
                    "POST", "/api/v1/purchases/" + b.purchaseId() + "/refund", ADMIN_KEY, null);
              }));
    }
    start.countDown();
    int applied = 0;
    for (Future<Reply> f : futures) {
      Reply r = f.get(1, TimeUnit.MINUTES);
      assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
      assertThat(r.json().get("coinsReversed").asLong()).isEqualTo(250);
      if (!r.json().get("replayed").asBoolean()) {
        applied++;
      }
    }
    pool.shutdown();

    assertThat(applied).isEqualTo(1);
    assertThat(coins(b.shopper())).isZero();
    assertThat(ledgerSum(b.shopper())).isZero();
    assertThat(xpLedgerSum(b.shopper()))
        .isEqualTo(scalar("SELECT xp FROM shoppers WHERE id = ?", b.shopper()));
    assertThat(scalar("SELECT COUNT(*) FROM refunds WHERE shopper_id = ?", b.shopper()))
        .isEqualTo(1);
  }
}
