package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract with Redis: memory -> Redis -> source, on the shared Redis, in a namespace of its
 * own.
 */
class RedisContractIT extends SmartCacheContract {

  private static String url;
  private final String namespace = RedisTestSupport.uniqueNamespace("contract");

  @BeforeAll
  static void redis() {
    url = RedisTestSupport.requireRedis();
  }

  /**
   * The default command timeout (50 ms): fills may time out on a busy machine, as in production.
   * The breaker never opens here: a fill it skipped would be neither in Redis nor counted anywhere,
   * and the contract is about the tiers, not the breaker (FaultIT covers that).
   */
  @Override
  SmartCacheManager.Builder managerBuilder() {
    return SmartCacheManager.builder()
        .redisUri(url)
        .namespace(namespace)
        .breakerFailureThreshold(Integer.MAX_VALUE);
  }

  @Override
  boolean withRedis() {
    return true;
  }

  /**
   * What the design promises of asynchronous fills, not that all of them landed: a fill is best
   * effort, and one that times out (50 ms) on a busy machine is dropped and counted as a Redis
   * error. So: every fill ends, either in Redis or counted as an error (a key count runs on the
   * same connection, after every fill sent before it; a fill timed out before it was written never
   * runs); none lands twice or for a key that was not loaded; and no read was answered from Redis
   * before the source loaded the key.
   */
  @Override
  void afterFilling(SmartCache<Long, Shopper> cache, int keys) {
    assertThat(cache.stats().sourceLoads()).isEqualTo(keys);
    assertThat(cache.stats().redisHits()).isZero();
    long[] landedAndFailed = new long[2];
    Awaitility.await("each of " + keys + " fills landed or was counted as a Redis error")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              CacheStats stats = cache.stats();
              landedAndFailed[0] = stats.redisKeys();
              landedAndFailed[1] = stats.redisErrors();
              return stats.redisKeys() >= 0 && stats.redisKeys() + stats.redisErrors() >= keys;
            });
    assertThat(landedAndFailed[0]).as("keys in Redis").isLessThanOrEqualTo(keys);
    System.out.printf(
        "%d asynchronous fills: %d landed, %d Redis errors%n",
        keys, landedAndFailed[0], landedAndFailed[1]);
  }

  @AfterEach
  void cleanRedis() {
    RedisTestSupport.deleteNamespace(url, namespace);
  }
}
