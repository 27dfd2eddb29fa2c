package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.smartcache.RedisServerProcess;
import com.mallquest.smartcache.RedisTestSupport;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service keeps serving when Redis dies under it, and the Redis tier comes back by itself: the
 * service runs against a {@code redis-server} of this test's own, which the test kills and
 * restarts.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RedisOutageIT extends ApiTestSupport {

  private static RedisServerProcess redis;

  @BeforeAll
  static void startRedis() {
    RedisTestSupport.require(RedisServerProcess.installed(), "redis-server is not installed");
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.kill();
    }
  }

  @DynamicPropertySource
  static void ownRedis(DynamicPropertyRegistry registry) {
    registry.add("mallquest.redis.url", () -> redis.url());
    registry.add(
        "spring.datasource.url",
        () ->
            "jdbc:h2:mem:mallquest-redis-outage;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
  }

  @Test
  void redisKilledAndRestarted_purchasesAndReadsKeepWorking_andTierResumes() {
    String store = createStore("1");
    String shopper = createShopper();
    assertThat(call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).status()).isEqualTo(200);
    assertThat(redisAvailable()).isTrue();

    redis.kill();
    long credited = 0;
    for (int i = 0; i < 40; i++) {
      Reply purchase =
          call(
              "POST",
              "/api/v1/purchases",
              ADMIN_KEY,
              purchaseJson(shopper, store, "down-" + i, 250, "USD"));
      assertThat(purchase.status()).as(purchase.raw().body()).isEqualTo(201);
      credited += purchase.json().get("coinsEarned").asLong();
      Reply read = call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.json().get("coins").asLong()).isEqualTo(credited);
    }
    assertThat(redisAvailable()).isFalse();

    redis.restart();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(this::redisAvailable);
    Reply purchase =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, store, "up-again", 250, "USD"));
    assertThat(purchase.status()).isEqualTo(201);
    credited += purchase.json().get("coinsEarned").asLong();

    long stored =
        jdbc.sql("SELECT coins FROM shoppers WHERE id = ?")
            .param(shopper)
            .query(Long.class)
            .single();
    assertThat(stored).isEqualTo(credited);
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null)
                .json()
                .get("coins")
                .asLong())
        .isEqualTo(stored);
  }

  private boolean redisAvailable() {
    return call("GET", "/api/v1/cache/stats", ADMIN_KEY, null)
        .json()
        .get("shoppers")
        .get("redisAvailable")
        .asBoolean();
  }
}
