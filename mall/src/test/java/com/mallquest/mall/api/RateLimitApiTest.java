package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Per-key rate limits: over the limit 429 problem+json with Retry-After; other keys unaffected. */
class RateLimitApiTest extends AccessTestSupport {

  @Test
  void keyWithOwnLimit_overIt_is429WithRetryAfter_otherKeysUnaffected() {
    // 3 a minute: one token every 20 s, so the four calls below cannot be refilled in between.
    String slow =
        createKeyJson("{\"name\":\"slow\",\"role\":\"app\",\"rateLimitPerMinute\":3}")
            .json()
            .get("key")
            .asString();

    for (int i = 0; i < 3; i++) {
      assertThat(call("GET", "/api/v1/stores", slow, null).status()).isEqualTo(200);
    }
    Reply limited = call("GET", "/api/v1/stores", slow, null);

    assertProblem(limited, 429);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(limited.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(call("GET", "/api/v1/stores", ADMIN_KEY, null).status()).isEqualTo(200);
    assertThat(call("GET", "/api/v1/stores", createKey("app", null), null).status()).isEqualTo(200);
  }

  @Test
  void limitedKey_refusedWrite_changesNothing() {
    String shopper = createShopper();
    String slow =
        createKeyJson("{\"name\":\"slow\",\"role\":\"app\",\"rateLimitPerMinute\":1}")
            .json()
            .get("key")
            .asString();
    assertThat(call("GET", "/api/v1/shoppers/" + shopper, slow, null).status()).isEqualTo(200);

    assertProblem(call("POST", "/api/v1/shoppers/" + shopper + "/check-ins", slow, null), 429);

    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null)
                .json()
                .get("loginStreak")
                .asInt())
        .isZero();
  }
}
