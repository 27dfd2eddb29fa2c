package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The contract with Redis: memory -> Redis -> source, on the shared Redis, in a namespace of its own. */
class RedisContractIT extends SmartCacheContract {

  private static String url;
  private final String namespace = RedisTestSupport.uniqueNamespace("contract");

  @BeforeAll
  static void redis() {
    url = RedisTestSupport.requireRedis();
  }

  @Override
  SmartCacheManager.Builder managerBuilder() {
    return SmartCacheManager.builder().redisUri(url).namespace(namespace);
  }

  @Override
  boolean withRedis() {
    return true;
  }

  @Override
  void afterFilling(SmartCache<Long, Shopper> cache, int keys) {
    Awaitility.await("asynchronous fills of " + keys + " keys").atMost(Duration.ofSeconds(20))
        .until(() -> cache.stats().redisKeys() == keys);
    long sourceLoads = cache.stats().sourceLoads();
    long redisHits = cache.stats().redisHits();
    assertThat(sourceLoads).isEqualTo(keys);
    assertThat(redisHits).isZero();
  }

  @AfterEach
  void cleanRedis() {
    RedisTestSupport.deleteNamespace(url, namespace);
  }
}
