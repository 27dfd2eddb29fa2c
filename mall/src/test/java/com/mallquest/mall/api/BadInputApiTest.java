package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets a 4xx problem+json naming the field, and changes nothing. */
class BadInputApiTest extends ApiTestSupport {

  private String store;
  private String shopper;

  @BeforeEach
  void setUp() {
    store = createStore("1");
    shopper = createShopper();
  }

  private void assertProblem(Reply r, int status) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.raw().body())
        .doesNotContain("Exception")
        .doesNotContain("SELECT")
        .doesNotContain("at com.");
  }

  private void assertNothingCredited() {
    var profile = call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).json();
    assertThat(profile.get("coins").asLong()).isZero();
    assertThat(profile.get("version").asLong()).isZero();
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM purchases WHERE shopper_id = ?")
                .param(shopper)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void purchase_malformedJson_is400() {
    assertProblem(call("POST", "/api/v1/purchases", ADMIN_KEY, "{\"shopperId\": "), 400);
    assertNothingCredited();
  }

  @Test
  void purchase_unknownField_is400NamingIt() {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            "{\"shopperId\":\""
                + shopper
                + "\",\"storeId\":\""
                + store
                + "\",\"receiptId\":\"a\",\"amountMinor\":100,\"currency\":\"USD\",\"coins\":1000000}");
    assertProblem(r, 400);
    assertThat(r.json().get("field").asString()).isEqualTo("coins");
    assertNothingCredited();
  }

  @Test
  void purchase_wrongType_is400NamingTheField() {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            "{\"shopperId\":\""
                + shopper
                + "\",\"storeId\":\""
                + store
                + "\",\"receiptId\":\"a\",\"amountMinor\":\"lots\",\"currency\":\"USD\"}");
    assertProblem(r, 400);
    assertThat(r.json().get("field").asString()).isEqualTo("amountMinor");
    assertNothingCredited();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"100\"", "\"12999\"", "\"\"", "\" 100\"", "\"1e3\""})
  void purchase_amountAsJsonString_is400NamingTheField(String amount) {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            "{\"shopperId\":\""
                + shopper
                + "\",\"storeId\":\""
                + store
                + "\",\"receiptId\":\"a\",\"amountMinor\":"
                + amount
                + ",\"currency\":\"USD\"}");
    assertProblem(r, 400);
    assertThat(r.json().get("field").asString()).isEqualTo("amountMinor");
    assertThat(r.json().get("detail").asString()).contains("amountMinor");
    assertNothingCredited();
  }

  @Test
  void numericFieldsAsJsonStrings_are400EverywhereAndCreateNothing() {
    String storeId = unique("store");
    Reply storeReply =
        call(
            "POST",
            "/api/v1/stores",
            ADMIN_KEY,
            "{\"id\":\""
                + storeId
                + "\",\"name\":\"S\",\"category\":\"fashion\",\"floor\":\"L2\",\"coinMultiplier\":\"1.5\"}");
    assertProblem(storeReply, 400);
    assertThat(storeReply.json().get("field").asString()).isEqualTo("coinMultiplier");
    assertThat(call("GET", "/api/v1/stores/" + storeId, ADMIN_KEY, null).status()).isEqualTo(404);

    Reply patch = call("PATCH", "/api/v1/stores/" + store, ADMIN_KEY, "{\"coinMultiplier\":\"9\"}");
    assertProblem(patch, 400);
    assertThat(
            call("GET", "/api/v1/stores/" + store, ADMIN_KEY, null)
                .json()
                .get("coinMultiplier")
                .asDouble())
        .isEqualTo(1.0);

    Reply key =
        call(
            "POST",
            "/api/v1/api-keys",
            ADMIN_KEY,
            "{\"name\":\"k-strings\",\"role\":\"app\",\"rateLimitPerMinute\":\"60\"}");
    assertProblem(key, 400);
    assertThat(key.json().get("field").asString()).isEqualTo("rateLimitPerMinute");

    String mission = unique("m");
    Reply missionReply =
        call(
            "POST",
            "/api/v1/missions",
            ADMIN_KEY,
            "{\"id\":\""
                + mission
                + "\",\"title\":{\"en\":\"T\"},\"goal\":{\"kind\":\"PURCHASE_COUNT\",\"target\":\"3\"},"
                + "\"window\":{\"kind\":\"DAILY\"},\"reward\":{\"coins\":10},\"active\":true}");
    assertProblem(missionReply, 400);
    assertThat(missionReply.json().get("field").asString()).isEqualTo("goal.target");
    assertThat(call("GET", "/api/v1/missions/" + mission, ADMIN_KEY, null).status()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -100000, 1_000_000_000_001L, Long.MAX_VALUE})
  void purchase_absurdAmount_is400(long amount) {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "a", amount, "USD"));
    assertProblem(r, 400);
    assertThat(r.json().get("field").asString()).isEqualTo("amountMinor");
    assertNothingCredited();
  }

  @Test
  void purchase_hugeNumber_is400() {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            "{\"shopperId\":\""
                + shopper
                + "\",\"storeId\":\""
                + store
                + "\",\"receiptId\":\"a\",\"amountMinor\":99999999999999999999999999,\"currency\":\"USD\"}");
    assertProblem(r, 400);
    assertNothingCredited();
  }

  @ParameterizedTest
  @ValueSource(strings = {"EUR", "XXX", "usd1", ""})
  void purchase_wrongCurrency_is400(String currency) {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "a", 100, currency));
    assertProblem(r, 400);
    assertThat(r.json().get("field").asString()).isEqualTo("currency");
    assertNothingCredited();
  }

  @Test
  void purchase_missingField_is400() {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            "{\"shopperId\":\""
                + shopper
                + "\",\"storeId\":\""
                + store
                + "\",\"receiptId\":\"a\",\"currency\":\"USD\"}");
    assertProblem(r, 400);
    assertNothingCredited();
  }

  @ParameterizedTest
  @ValueSource(strings = {"x'); DROP TABLE shoppers; --", "a b", "ünïcode", "1 OR 1=1", "r\nid"})
  void purchase_oddReceiptId_is400(String receipt) {
    String body =
        JSON.writeValueAsString(
            java.util.Map.of(
                "shopperId",
                shopper,
                "storeId",
                store,
                "receiptId",
                receipt,
                "amountMinor",
                100,
                "currency",
                "USD"));
    Reply r = call("POST", "/api/v1/purchases", ADMIN_KEY, body);
    assertProblem(r, 400);
    assertThat(r.json().get("field").asString()).isEqualTo("receiptId");
    assertNothingCredited();
    assertThat(jdbc.sql("SELECT COUNT(*) FROM shoppers").query(Long.class).single()).isPositive();
  }

  @Test
  void shopper_idTooLong_is400() {
    Reply r = call("GET", "/api/v1/shoppers/" + "a".repeat(65), ADMIN_KEY, null);
    assertProblem(r, 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a'--", "a%20OR%201=1", "%27%3B%20DROP%20TABLE%20shoppers"})
  void shopper_oddId_is400(String id) {
    Reply r = call("GET", "/api/v1/shoppers/" + id, ADMIN_KEY, null);
    assertProblem(r, 400);
  }

  @Test
  void shopper_unknownId_is404() {
    assertProblem(call("GET", "/api/v1/shoppers/nobody-here", ADMIN_KEY, null), 404);
  }

  @Test
  void purchase_unknownShopper_is404() {
    assertProblem(
        call("POST", "/api/v1/purchases", ADMIN_KEY, purchaseJson("ghost", store, "a", 100, "USD")),
        404);
  }

  @Test
  void purchase_hugeBody_is413() {
    String body = "{\"shopperId\":\"" + "x".repeat(40_000) + "\"}";
    assertProblem(call("POST", "/api/v1/purchases", ADMIN_KEY, body), 413);
    assertNothingCredited();
  }

  @Test
  void purchase_wrongContentType_is415() {
    assertProblem(
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "a", 100, "USD"),
            "text/plain"),
        415);
    assertNothingCredited();
  }

  @Test
  void patch_badLanguageOrZone_is400NamingTheField() {
    Reply lang =
        call("PATCH", "/api/v1/shoppers/" + shopper, ADMIN_KEY, "{\"language\":\"english!\"}");
    Reply zone =
        call("PATCH", "/api/v1/shoppers/" + shopper, ADMIN_KEY, "{\"timeZone\":\"Mars/Olympus\"}");

    assertProblem(lang, 400);
    assertThat(lang.json().get("field").asString()).isEqualTo("language");
    assertProblem(zone, 400);
    assertThat(zone.json().get("field").asString()).isEqualTo("timeZone");
    assertNothingCredited();
  }

  @Test
  void store_badFields_are400NamingTheField() {
    Reply multiplier =
        call(
            "POST",
            "/api/v1/stores",
            ADMIN_KEY,
            "{\"name\":\"x\",\"category\":\"food\",\"floor\":\"G\",\"coinMultiplier\":11}");
    Reply category =
        call(
            "POST",
            "/api/v1/stores",
            ADMIN_KEY,
            "{\"name\":\"x\",\"category\":\"casino\",\"floor\":\"G\"}");
    Reply floor =
        call(
            "POST",
            "/api/v1/stores",
            ADMIN_KEY,
            "{\"name\":\"x\",\"category\":\"food\",\"floor\":\"L 2\"}");

    assertProblem(multiplier, 400);
    assertThat(multiplier.json().get("field").asString()).isEqualTo("coinMultiplier");
    assertProblem(category, 400);
    assertThat(category.json().get("field").asString()).isEqualTo("category");
    assertProblem(floor, 400);
    assertThat(floor.json().get("field").asString()).isEqualTo("floor");
  }

  @Test
  void listing_badLimitOrCursor_is400() {
    assertProblem(
        call("GET", "/api/v1/shoppers/" + shopper + "/purchases?limit=0", ADMIN_KEY, null), 400);
    assertProblem(
        call("GET", "/api/v1/shoppers/" + shopper + "/purchases?limit=abc", ADMIN_KEY, null), 400);
    assertProblem(
        call("GET", "/api/v1/shoppers/" + shopper + "/ledger?cursor=%25%25", ADMIN_KEY, null), 400);
    assertProblem(
        call(
            "GET",
            "/api/v1/shoppers/" + shopper + "/ledger?cursor=bm90LWEtY3Vyc29y",
            ADMIN_KEY,
            null),
        400);
  }

  @Test
  void store_duplicateKey_is400AndCreatesNothing() {
    long before = jdbc.sql("SELECT COUNT(*) FROM stores").query(Long.class).single();

    Reply r =
        call(
            "POST",
            "/api/v1/stores",
            ADMIN_KEY,
            "{\"name\":\"x\",\"name\":\"y\",\"category\":\"food\",\"floor\":\"G\"}");

    assertProblem(r, 400);
    assertThat(r.json().get("detail").asString()).contains("name");
    assertThat(jdbc.sql("SELECT COUNT(*) FROM stores").query(Long.class).single())
        .isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a%2Fb", "a%00b", "a%5Cb"})
  void path_refusedByTheContainer_isProblemJsonToo(String id) {
    assertProblem(call("GET", "/api/v1/shoppers/" + id, ADMIN_KEY, null), 400);
  }

  @Test
  void shopper_deeplyNestedJson_is400() {
    String deep = "{\"displayName\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertProblem(call("POST", "/api/v1/shoppers", ADMIN_KEY, deep), 400);
  }
}
