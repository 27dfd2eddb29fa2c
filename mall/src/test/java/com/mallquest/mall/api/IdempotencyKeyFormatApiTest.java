package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One Idempotency-Key format wherever a key is taken: the generic layer of every POST, companion
 * purchases and redemptions accept the same keys and refuse the same keys with the same 400.
 */
class IdempotencyKeyFormatApiTest extends ApiTestSupport {

  private static final String RULE =
      "Idempotency-Key must be 1-128 visible ASCII characters (no spaces), such as a UUID";

  /** Keys every endpoint must take: the edges of the format. */
  private static final List<String> GOOD =
      List.of("k", "x".repeat(128), "a/b+c=d?e&f!~{}\"<>", "3f1c2a9e-0b7d-4c55");

  /** Keys every endpoint must refuse alike. */
  private static final List<String> BAD =
      List.of("x".repeat(129), "x".repeat(255), "has space", "tab\tkey");

  @Test
  void everyEndpoint_acceptsTheSameKeys_andRefusesTheSameKeysWithOneText() {
    String store = createStore("1");
    String species = unique("fox");
    assertThat(
            call(
                    "POST",
                    "/api/v1/companions/species",
                    ADMIN_KEY,
                    "{\"id\":\""
                        + species
                        + "\",\"name\":{\"en\":\"Fox\"},\"rarity\":\"rare\",\"priceCoins\":1,"
                        + "\"stages\":[{\"name\":{\"en\":\"Kit\"},\"xpRequired\":0}]}")
                .status())
        .isEqualTo(201);
    String reward = unique("reward");
    assertThat(
            call(
                    "POST",
                    "/api/v1/rewards",
                    ADMIN_KEY,
                    "{\"id\":\""
                        + reward
                        + "\",\"name\":{\"en\":\"Coffee\"},\"description\":{\"en\":\"A cup\"},\"priceCoins\":1,\"stock\":100}")
                .status())
        .isEqualTo(201);

    // Each endpoint with its own fresh API key: Idempotency-Keys are per API key, so the same keys
    // can be tried on every endpoint (and on every run against the shared database).
    Map<String, Function<String, Reply>> endpoints = new LinkedHashMap<>();
    String generic = createKey("admin", null);
    endpoints.put(
        "generic layer (POST /shoppers)",
        key ->
            callWith(
                "POST",
                "/api/v1/shoppers",
                generic,
                "{\"displayName\":\"Ada\"}",
                "Idempotency-Key",
                key));
    String companions = createKey("admin", null);
    endpoints.put(
        "companion purchase",
        key ->
            callWith(
                "POST",
                "/api/v1/shoppers/" + richShopper(store) + "/companions",
                companions,
                "{\"speciesId\":\"" + species + "\"}",
                "Idempotency-Key",
                key));
    String redemptions = createKey("admin", null);
    endpoints.put(
        "redemption",
        key ->
            callWith(
                "POST",
                "/api/v1/shoppers/" + richShopper(store) + "/redemptions",
                redemptions,
                "{\"rewardId\":\"" + reward + "\"}",
                "Idempotency-Key",
                key));

    endpoints.forEach(
        (what, post) -> {
          for (String key : GOOD) {
            Reply r = post.apply(key);
            assertThat(r.status()).as(what + " key " + key + ": " + r.raw().body()).isEqualTo(201);
          }
          for (String key : BAD) {
            Reply r = post.apply(key);
            assertThat(r.status()).as(what + " key " + key + ": " + r.raw().body()).isEqualTo(400);
            assertThat(r.contentType()).as(what).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asString()).as(what + " key " + key).isEqualTo(RULE);
            assertThat(r.json().get("field").asString()).as(what).isEqualTo("Idempotency-Key");
          }
        });
  }

  @Test
  void requiredKeyMissing_saysItIsRequired_andTheFormat() {
    String store = createStore("1");
    Reply r =
        call(
            "POST",
            "/api/v1/shoppers/" + richShopper(store) + "/redemptions",
            ADMIN_KEY,
            "{\"rewardId\":\"any\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("detail").asString())
        .contains("Idempotency-Key header is required")
        .contains(RULE);
  }

  /** A new shopper with 100 coins. */
  private String richShopper(String store) {
    String shopper = createShopper();
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, unique("r"), 10_000, "USD"));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return shopper;
  }
}
