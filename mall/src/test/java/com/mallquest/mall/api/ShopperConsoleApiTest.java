package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operator console's shopper endpoints: search, coin adjustments, blocks (issue 15). */
class ShopperConsoleApiTest extends RewardsApiSupport {

  private String shopperNamed(String name) {
    String id = unique("shopper");
    Reply r =
        call(
            "POST",
            "/api/v1/shoppers",
            ADMIN_KEY,
            "{\"id\":\"" + id + "\",\"displayName\":\"" + name + "\",\"language\":\"fr\"}");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return id;
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private long scalar(String sql, String arg) {
    return jdbc.sql(sql).param(arg).query(Long.class).single();
  }

  private long coins(String shopper) {
    return scalar("SELECT coins FROM shoppers WHERE id = ?", shopper);
  }

  private long ledgerSum(String shopper) {
    return scalar("SELECT COALESCE(SUM(delta), 0) FROM coin_ledger WHERE shopper_id = ?", shopper);
  }

  private Reply adjust(String shopper, String body, String idempotencyKey) {
    return call(
        "POST",
        "/api/v1/shoppers/" + shopper + "/adjustments",
        ADMIN_KEY,
        body,
        "Idempotency-Key",
        idempotencyKey);
  }

  private static void assertProblem(Reply r, int status, String field) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    if (field != null) {
      assertThat(r.json().get("field").asString()).isEqualTo(field);
    }
  }

  // ---- search ----

  @Test
  void searchByNamePrefix_ignoresCase_pagesInNameOrder_withoutGapsOrRepeats() {
    String tag = "Zq" + UUID.randomUUID().toString().substring(0, 6);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(shopperNamed(tag + (char) ('a' + i) + " Shopper"));
    }
    shopperNamed("X" + tag); // contains the tag, does not start with it

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Reply r =
          call(
              "GET",
              "/api/v1/shoppers?namePrefix="
                  + q(tag.toLowerCase())
                  + "&limit=3"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              ADMIN_KEY,
              null);
      assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
      r.json().get("items").forEach(item -> seen.add(item.get("id").asString()));
      cursor = r.json().has("nextCursor") ? r.json().get("nextCursor").asString() : null;
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(seen).containsExactlyElementsOf(ids);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void searchByIdAndByReceipt_findTheShopper() {
    String store = createStore("1");
    String shopper = shopperNamed("Receipt Owner");
    String receipt = unique("rcpt");
    assertThat(
            call(
                    "POST",
                    "/api/v1/purchases",
                    ADMIN_KEY,
                    purchaseJson(shopper, store, receipt, 1000, "USD"))
                .status())
        .isEqualTo(201);

    Reply byId = call("GET", "/api/v1/shoppers?id=" + shopper, ADMIN_KEY, null);
    Reply byReceipt = call("GET", "/api/v1/shoppers?receiptId=" + receipt, ADMIN_KEY, null);
    Reply missing = call("GET", "/api/v1/shoppers?id=" + unique("nobody"), ADMIN_KEY, null);

    assertThat(byId.json().get("items").get(0).get("displayName").asString())
        .isEqualTo("Receipt Owner");
    assertThat(byReceipt.json().get("items")).hasSize(1);
    assertThat(byReceipt.json().get("items").get(0).get("id").asString()).isEqualTo(shopper);
    assertThat(missing.status()).isEqualTo(200);
    assertThat(missing.json().get("items")).isEmpty();
  }

  @Test
  void search_badInput_400ProblemNamingTheParameter() {
    assertProblem(call("GET", "/api/v1/shoppers", ADMIN_KEY, null), 400, "id");
    assertProblem(call("GET", "/api/v1/shoppers?id=a&namePrefix=b", ADMIN_KEY, null), 400, "id");
    assertProblem(call("GET", "/api/v1/shoppers?id=" + q("no spaces"), ADMIN_KEY, null), 400, "id");
    assertProblem(
        call("GET", "/api/v1/shoppers?namePrefix=a&limit=0", ADMIN_KEY, null), 400, "limit");
    assertProblem(
        call("GET", "/api/v1/shoppers?namePrefix=a&limit=101", ADMIN_KEY, null), 400, "limit");
    assertProblem(
        call("GET", "/api/v1/shoppers?namePrefix=a&cursor=" + q("%%%"), ADMIN_KEY, null),
        400,
        "cursor");
    assertProblem(
        call("GET", "/api/v1/shoppers?namePrefix=" + "a".repeat(101), ADMIN_KEY, null),
        400,
        "namePrefix");
    assertProblem(
        call("GET", "/api/v1/shoppers?namePrefix=%20", ADMIN_KEY, null), 400, "namePrefix");
    assertProblem(
        call("GET", "/api/v1/shoppers?receiptId=" + "r".repeat(65), ADMIN_KEY, null),
        400,
        "receiptId");
    assertProblem(
        call("GET", "/api/v1/shoppers?namePrefix=a&limit=x", ADMIN_KEY, null), 400, "limit");
  }

  @Test
  void search_needsAdmin() {
    String store = createStore("1");
    assertProblem(
        call("GET", "/api/v1/shoppers?namePrefix=a", createKey("APP", null), null), 403, null);
    assertProblem(
        call("GET", "/api/v1/shoppers?namePrefix=a", createKey("STORE", store), null), 403, null);
    assertProblem(call("GET", "/api/v1/shoppers?namePrefix=a", null, null), 401, null);
  }

  // ---- adjustments ----

  @Test
  void adjust_creditsAndDebits_withAdjustmentLedgerRows_andNeverBelowZero() {
    String shopper = createShopper();

    Reply credit =
        adjust(
            shopper,
            "{\"deltaCoins\":100,\"reason\":\"goodwill after a lost receipt\"}",
            unique("k"));
    Reply debit = adjust(shopper, "{\"deltaCoins\":-30,\"reason\":\"double credit\"}", unique("k"));
    Reply tooMuch = adjust(shopper, "{\"deltaCoins\":-71,\"reason\":\"too much\"}", unique("k"));

    assertThat(credit.status()).as(credit.raw().body()).isEqualTo(201);
    assertThat(credit.json().get("entry").get("reason").asString()).isEqualTo("adjustment");
    assertThat(credit.json().get("entry").get("reference").asString())
        .isEqualTo("goodwill after a lost receipt");
    assertThat(credit.json().get("shopper").get("coins").asLong()).isEqualTo(100);
    assertThat(debit.json().get("entry").get("balanceAfter").asLong()).isEqualTo(70);
    assertProblem(tooMuch, 409, null);
    assertThat(coins(shopper)).isEqualTo(70);
    assertThat(ledgerSum(shopper)).isEqualTo(70);
    assertThat(
            scalar(
                "SELECT COUNT(*) FROM coin_ledger WHERE shopper_id = ? AND reason = 'ADJUSTMENT'",
                shopper))
        .isEqualTo(2);
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null)
                .json()
                .get("coins")
                .asLong())
        .as("the cache was told")
        .isEqualTo(70);
  }

  @Test
  void adjust_sameIdempotencyKey_appliesOnce_andReplays() {
    String shopper = createShopper();
    String key = unique("adj");
    String body = "{\"deltaCoins\":25,\"reason\":\"retry me\"}";

    Reply first = adjust(shopper, body, key);
    Reply retry = adjust(shopper, body, key);
    Reply otherBody = adjust(shopper, "{\"deltaCoins\":26,\"reason\":\"retry me\"}", key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.json().get("entry").get("id").asLong())
        .isEqualTo(first.json().get("entry").get("id").asLong());
    assertProblem(otherBody, 422, null);
    assertThat(coins(shopper)).isEqualTo(25);
    assertThat(scalar("SELECT COUNT(*) FROM coin_ledger WHERE shopper_id = ?", shopper))
        .isEqualTo(1);
  }

  @Test
  void adjust_badInput_400NamingTheField_andNothingChanges() {
    String shopper = createShopper();
    assertProblem(
        call(
            "POST",
            "/api/v1/shoppers/" + shopper + "/adjustments",
            ADMIN_KEY,
            "{\"deltaCoins\":5,\"reason\":\"no key\"}"),
        400,
        "Idempotency-Key");
    assertProblem(
        adjust(shopper, "{\"deltaCoins\":0,\"reason\":\"zero\"}", unique("k")), 400, "deltaCoins");
    assertProblem(adjust(shopper, "{\"reason\":\"none\"}", unique("k")), 400, "deltaCoins");
    assertProblem(
        adjust(shopper, "{\"deltaCoins\":1.5,\"reason\":\"fraction\"}", unique("k")),
        400,
        "deltaCoins");
    assertProblem(
        adjust(shopper, "{\"deltaCoins\":\"ten\",\"reason\":\"text\"}", unique("k")),
        400,
        "deltaCoins");
    assertProblem(
        adjust(shopper, "{\"deltaCoins\":1000000001,\"reason\":\"huge\"}", unique("k")),
        400,
        "deltaCoins");
    assertProblem(
        adjust(shopper, "{\"deltaCoins\":-9223372036854775808,\"reason\":\"min\"}", unique("k")),
        400,
        "deltaCoins");
    assertProblem(adjust(shopper, "{\"deltaCoins\":5}", unique("k")), 400, "reason");
    assertProblem(
        adjust(shopper, "{\"deltaCoins\":5,\"reason\":\"   \"}", unique("k")), 400, "reason");
    assertProblem(
        adjust(shopper, "{\"deltaCoins\":5,\"reason\":\"" + "r".repeat(129) + "\"}", unique("k")),
        400,
        "reason");
    assertProblem(
        adjust(shopper, "{\"deltaCoins\":5,\"reason\":\"ok\",\"extra\":1}", unique("k")),
        400,
        "extra");
    assertProblem(adjust(shopper, "not json", unique("k")), 400, null);
    assertProblem(
        adjust(unique("nobody"), "{\"deltaCoins\":5,\"reason\":\"who\"}", unique("k")), 404, null);
    assertThat(coins(shopper)).isZero();
    assertThat(scalar("SELECT COUNT(*) FROM coin_ledger WHERE shopper_id = ?", shopper)).isZero();
  }

  @Test
  void adjust_needsAdmin() {
    String shopper = createShopper();
    String store = createStore("1");
    String body = "{\"deltaCoins\":5,\"reason\":\"not yours\"}";
    assertProblem(
        call(
            "POST",
            "/api/v1/shoppers/" + shopper + "/adjustments",
            createKey("APP", null),
            body,
            "Idempotency-Key",
            unique("k")),
        403,
        null);
    assertProblem(
        call(
            "POST",
            "/api/v1/shoppers/" + shopper + "/adjustments",
            createKey("STORE", store),
            body,
            "Idempotency-Key",
            unique("k")),
        403,
        null);
    assertThat(coins(shopper)).isZero();
  }

  @Test
  void adjust_20Concurrent_sumExactly_andTheLedgerAgrees() throws Exception {
    String shopper = createShopper();
    assertThat(
            adjust(shopper, "{\"deltaCoins\":1000,\"reason\":\"opening balance\"}", unique("k"))
                .status())
        .isEqualTo(201);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reply>> futures = new ArrayList<>();
    long expected = 1000;
    for (int i = 0; i < 20; i++) {
      long delta = i % 2 == 0 ? 7 + i : -(3 + i);
      expected += delta;
      String body = "{\"deltaCoins\":" + delta + ",\"reason\":\"concurrent " + i + "\"}";
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return adjust(shopper, body, UUID.randomUUID().toString());
              }));
    }
    start.countDown();
    for (Future<Reply> f : futures) {
      Reply r = f.get(60, TimeUnit.SECONDS);
      assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    }
    pool.shutdown();

    assertThat(coins(shopper)).isEqualTo(expected);
    assertThat(ledgerSum(shopper)).isEqualTo(expected);
    // Serialized by the row lock: in id order, each row's balance is the one before plus its delta.
    List<long[]> rows =
        jdbc.sql("SELECT delta, balance_after FROM coin_ledger WHERE shopper_id = ? ORDER BY id")
            .param(shopper)
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .list();
    assertThat(rows).hasSize(21);
    long running = 0;
    for (long[] row : rows) {
      running += row[0];
      assertThat(row[1]).isEqualTo(running);
    }
    assertThat(running).isEqualTo(expected);
  }

  @Test
  void adjust_20ConcurrentDebitsOfAShortBalance_exactlyThoseThatFitSucceed() throws Exception {
    String shopper = createShopper();
    assertThat(
            adjust(shopper, "{\"deltaCoins\":100,\"reason\":\"opening balance\"}", unique("k"))
                .status())
        .isEqualTo(201);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reply>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return adjust(
                    shopper,
                    "{\"deltaCoins\":-15,\"reason\":\"debit\"}",
                    UUID.randomUUID().toString());
              }));
    }
    start.countDown();
    int ok = 0;
    for (Future<Reply> f : futures) {
      Reply r = f.get(60, TimeUnit.SECONDS);
      if (r.status() == 201) {
        ok++;
      } else {
        assertProblem(r, 409, null);
      }
    }
    pool.shutdown();

    assertThat(ok).isEqualTo(6);
    assertThat(coins(shopper)).isEqualTo(10);
    assertThat(ledgerSum(shopper)).isEqualTo(10);
  }

  // ---- blocks ----

  @Test
  void blockedShopper_earnsNothing_cannotRedeem_403NamingTheBlock_untilUnblocked() {
    String store = createStore("1");
    String shopper = createShopper();
    assertThat(adjust(shopper, "{\"deltaCoins\":500,\"reason\":\"seed\"}", unique("k")).status())
        .isEqualTo(201);
    Reply reward =
        call(
            "POST",
            "/api/v1/rewards",
            ADMIN_KEY,
            "{\"id\":\""
                + unique("reward")
                + "\",\"name\":{\"en\":\"Mug\"},\"description\":{\"en\":\"A mug\"},\"priceCoins\":100}");
    assertThat(reward.status()).as(reward.raw().body()).isEqualTo(201);
    String rewardId = reward.json().get("id").asString();

    Reply block =
        call(
            "POST",
            "/api/v1/shoppers/" + shopper + "/block",
            ADMIN_KEY,
            "{\"reason\":\"fraud review\"}");
    Reply again =
        call("POST", "/api/v1/shoppers/" + shopper + "/block", ADMIN_KEY, "{\"reason\":\"twice\"}");
    Reply purchase =
        call(
            "POST",
            "/api/v1/purchases",
            createKey("STORE", store),
            purchaseJson(shopper, store, unique("r"), 5000, "USD"));
    Reply checkIn = call("POST", "/api/v1/shoppers/" + shopper + "/check-ins", ADMIN_KEY, null);
    Reply redeem =
        call(
            "POST",
            "/api/v1/shoppers/" + shopper + "/redemptions",
            ADMIN_KEY,
            "{\"rewardId\":\"" + rewardId + "\"}",
            "Idempotency-Key",
            unique("red"));

    assertThat(block.status()).as(block.raw().body()).isEqualTo(200);
    assertThat(block.json().get("blocked").asBoolean()).isTrue();
    assertThat(block.json().get("changed").asBoolean()).isTrue();
    assertThat(again.json().get("changed").asBoolean()).isFalse();
    assertThat(again.json().get("reason").asString()).isEqualTo("fraud review");
    for (Reply refused : List.of(purchase, checkIn, redeem)) {
      assertProblem(refused, 403, null);
      assertThat(refused.json().get("title").asString()).isEqualTo("Shopper blocked");
      assertThat(refused.json().get("detail").asString()).contains(shopper).contains("blocked");
      assertThat(refused.json().get("block").get("shopperId").asString()).isEqualTo(shopper);
      assertThat(refused.json().get("detail").asString()).doesNotContain("fraud review");
    }
    assertThat(coins(shopper)).isEqualTo(500);
    assertThat(scalar("SELECT COUNT(*) FROM purchases WHERE shopper_id = ?", shopper)).isZero();
    assertThat(scalar("SELECT COUNT(*) FROM redemptions WHERE shopper_id = ?", shopper)).isZero();
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper + "/block", ADMIN_KEY, null)
                .json()
                .get("blocked")
                .asBoolean())
        .isTrue();

    Reply unblock =
        call(
            "POST",
            "/api/v1/shoppers/" + shopper + "/unblock",
            ADMIN_KEY,
            "{\"reason\":\"cleared\"}");
    Reply after =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, unique("r"), 5000, "USD"));

    assertThat(unblock.status()).isEqualTo(200);
    assertThat(unblock.json().get("blocked").asBoolean()).isFalse();
    assertThat(after.status()).as(after.raw().body()).isEqualTo(201);
    assertThat(coins(shopper)).isEqualTo(550);
  }

  @Test
  void block_badInputOrRole_refused_andNothingChanges() {
    String shopper = createShopper();
    assertProblem(
        call("POST", "/api/v1/shoppers/" + shopper + "/block", ADMIN_KEY, "{}"), 400, "reason");
    assertProblem(
        call(
            "POST",
            "/api/v1/shoppers/" + shopper + "/block",
            ADMIN_KEY,
            "{\"reason\":\"" + "x".repeat(201) + "\"}"),
        400,
        "reason");
    assertProblem(
        call("POST", "/api/v1/shoppers/" + shopper + "/unblock", ADMIN_KEY, "{}"), 400, "reason");
    assertProblem(
        call(
            "POST",
            "/api/v1/shoppers/" + unique("nobody") + "/block",
            ADMIN_KEY,
            "{\"reason\":\"who\"}"),
        404,
        null);
    assertProblem(
        call(
            "POST",
            "/api/v1/shoppers/" + shopper + "/block",
            createKey("APP", null),
            "{\"reason\":\"app may not\"}"),
        403,
        null);
    assertProblem(
        call("GET", "/api/v1/shoppers/" + shopper + "/block", createKey("APP", null), null),
        403,
        null);
    assertThat(scalar("SELECT COUNT(*) FROM shopper_blocks WHERE shopper_id = ?", shopper))
        .isZero();
  }

  // ---- audit ----

  @Test
  void audit_recordsAdminWritesWithKeyNameActionTargetAndReason_newestFirst() {
    String shopper = createShopper();
    String store = createStore("1");
    Reply bought =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, unique("r"), 2000, "USD"));
    String purchaseId = bought.json().get("purchaseId").asString();
    adjust(shopper, "{\"deltaCoins\":40,\"reason\":\"welcome gift\"}", unique("k"));
    call(
        "POST", "/api/v1/shoppers/" + shopper + "/block", ADMIN_KEY, "{\"reason\":\"chargeback\"}");
    call(
        "POST", "/api/v1/shoppers/" + shopper + "/unblock", ADMIN_KEY, "{\"reason\":\"resolved\"}");
    call(
        "POST",
        "/api/v1/shoppers/" + shopper + "/adjustments",
        ADMIN_KEY,
        "{\"deltaCoins\":0,\"reason\":\"refused\"}",
        "Idempotency-Key",
        unique("k"));
    Reply refund =
        call(
            "POST",
            "/api/v1/purchases/" + purchaseId + "/refund",
            ADMIN_KEY,
            "{\"reason\":\"returned the shoes\"}");
    assertThat(refund.status()).as(refund.raw().body()).isEqualTo(200);

    Reply log = call("GET", "/api/v1/audit?target=shopper:" + shopper, ADMIN_KEY, null);
    Reply storeLog = call("GET", "/api/v1/audit?target=store:" + store, ADMIN_KEY, null);
    Reply refundLog = call("GET", "/api/v1/audit?target=purchase:" + purchaseId, ADMIN_KEY, null);

    assertThat(log.status()).isEqualTo(200);
    JsonNode items = log.json().get("items");
    assertThat(items)
        .hasSize(3); // the refused adjustment, the purchase and the registration are not audited
    assertThat(items.get(0).get("action").asString())
        .isEqualTo("POST /api/v1/shoppers/{id}/unblock");
    assertThat(items.get(0).get("reason").asString()).isEqualTo("resolved");
    assertThat(items.get(1).get("action").asString()).isEqualTo("POST /api/v1/shoppers/{id}/block");
    assertThat(items.get(2).get("action").asString())
        .isEqualTo("POST /api/v1/shoppers/{id}/adjustments");
    assertThat(items.get(2).get("reason").asString()).isEqualTo("welcome gift");
    assertThat(items.get(2).get("status").asInt()).isEqualTo(201);
    assertThat(items.get(2).get("keyName").asString()).isEqualTo("configured admin");
    assertThat(items.get(2).get("keyId").asString()).isNotBlank();
    assertThat(items.get(2).get("at").asString()).isNotBlank();
    assertThat(storeLog.json().get("items")).hasSize(1);
    assertThat(storeLog.json().get("items").get(0).get("action").asString())
        .isEqualTo("POST /api/v1/stores");
    assertThat(refundLog.json().get("items").get(0).get("reason").asString())
        .isEqualTo("returned the shoes");
  }

  @Test
  void audit_keysCreatedAndRevoked_nameTheKey_andPagesWithTheCursor() {
    Reply created =
        call("POST", "/api/v1/api-keys", ADMIN_KEY, "{\"name\":\"till 9\",\"role\":\"app\"}");
    String keyId = created.json().get("id").asString();
    assertThat(call("DELETE", "/api/v1/api-keys/" + keyId, ADMIN_KEY, null).status())
        .isEqualTo(204);

    Reply first = call("GET", "/api/v1/audit?limit=1&target=api-key:" + keyId, ADMIN_KEY, null);
    Reply second =
        call(
            "GET",
            "/api/v1/audit?limit=1&target=api-key:"
                + keyId
                + "&cursor="
                + first.json().get("nextCursor").asString(),
            ADMIN_KEY,
            null);

    assertThat(first.json().get("items").get(0).get("action").asString())
        .isEqualTo("DELETE /api/v1/api-keys/{id}");
    assertThat(second.json().get("items").get(0).get("action").asString())
        .isEqualTo("POST /api/v1/api-keys");
    assertThat(created.raw().body()).contains(created.json().get("key").asString());
    assertThat(call("GET", "/api/v1/audit?limit=200", ADMIN_KEY, null).raw().body())
        .doesNotContain(created.json().get("key").asString());
  }

  @Test
  void audit_badInputOrRole_refused() {
    assertProblem(call("GET", "/api/v1/audit?limit=0", ADMIN_KEY, null), 400, "limit");
    assertProblem(call("GET", "/api/v1/audit?limit=201", ADMIN_KEY, null), 400, "limit");
    assertProblem(call("GET", "/api/v1/audit?cursor=abc", ADMIN_KEY, null), 400, "cursor");
    assertProblem(
        call("GET", "/api/v1/audit?target=" + "t".repeat(201), ADMIN_KEY, null), 400, "target");
    assertProblem(call("GET", "/api/v1/audit", createKey("APP", null), null), 403, null);
    assertProblem(call("GET", "/api/v1/audit", null, null), 401, null);
  }
}
