package com.mallquest.smartcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.smartcache.RedisTestSupport;
import com.mallquest.smartcache.SmartCacheManager;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Two application instances on the shared Redis: a put or an eviction on one is seen on the other.
 */
class SpringCacheRedisIT {

  private final String namespace =
      "t-spring-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
  private String url;

  @AfterEach
  void cleanUp() {
    if (url != null) {
      RedisTestSupport.deleteNamespace(url, namespace);
    }
  }

  @Test
  void putAndEvict_onOneInstance_areSeenOnTheOther() {
    url = RedisTestSupport.requireRedis();
    ApplicationContextRunner runner =
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SmartCacheAutoConfiguration.class))
            .withPropertyValues("smartcache.redis-uri=" + url, "smartcache.namespace=" + namespace);
    runner.run(
        a ->
            runner.run(
                b -> {
                  awaitRedis(a.getBean(SmartCacheManager.class));
                  awaitRedis(b.getBean(SmartCacheManager.class));
                  Cache onA = a.getBean(CacheManager.class).getCache("carts");
                  Cache onB = b.getBean(CacheManager.class).getCache("carts");

                  onA.put("c-1", "3 items");
                  assertThat(onB.get("c-1", String.class))
                      .as("read from Redis")
                      .isEqualTo("3 items");

                  onA.put("c-1", "4 items");
                  Awaitility.await()
                      .atMost(Duration.ofSeconds(5))
                      .until(() -> "4 items".equals(onB.get("c-1", String.class)));

                  onA.evict("c-1");
                  Awaitility.await()
                      .atMost(Duration.ofSeconds(5))
                      .until(() -> onB.get("c-1") == null);
                  assertThat(
                          a.getBean(SmartCacheHealthIndicator.class).health().getStatus().getCode())
                      .isEqualTo("UP");
                }));
  }

  private static void awaitRedis(SmartCacheManager manager) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(manager::redisAvailable);
  }
}
