package com.mallquest.smartcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.smartcache.SmartCacheManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the auto-configuration creates, and when it backs off. */
class SmartCacheAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SmartCacheAutoConfiguration.class));

  @Test
  void redisConfiguredButUnreachable_healthIsDegradedAndCachesStillWork() {
    runner
        .withPropertyValues(
            "smartcache.redis-uri=redis://127.0.0.1:1", "smartcache.command-timeout=20ms")
        .run(
            context -> {
              SmartCacheHealthIndicator health = context.getBean(SmartCacheHealthIndicator.class);
              assertThat(health.health().getStatus()).isEqualTo(SmartCacheHealthIndicator.DEGRADED);
              assertThat(health.health().getDetails()).containsEntry("redisConfigured", true);
              org.springframework.cache.Cache cache =
                  context.getBean(CacheManager.class).getCache("orders");
              cache.put("o-1", "shipped");
              assertThat(cache.get("o-1", String.class)).isEqualTo("shipped");
            });
  }

  @Test
  void dynamicFalse_onlyListedCachesExist() {
    runner
        .withPropertyValues("smartcache.dynamic=false", "smartcache.cache-names=a,b")
        .run(
            context -> {
              CacheManager manager = context.getBean(CacheManager.class);
              assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("a", "b");
              assertThat(manager.getCache("c")).isNull();
            });
  }

  @Test
  void cacheName_notAValidSmartCacheName_isMappedToOne() {
    runner.run(
        context -> {
          CacheManager manager = context.getBean(CacheManager.class);
          manager.getCache("com.example:users");
          assertThat(context.getBean(SmartCacheManager.class).getCacheStats().keySet())
              .singleElement()
              .asString()
              .matches("[A-Za-z0-9_-]{1,64}")
              .startsWith("com_example_users-");
        });
  }

  @Test
  void applicationCacheManager_autoConfiguredOneBacksOff() {
    runner
        .withUserConfiguration(OwnCacheManager.class)
        .run(
            context -> {
              assertThat(context.getBean(CacheManager.class))
                  .isInstanceOf(ConcurrentMapCacheManager.class);
              assertThat(context).hasSingleBean(SmartCacheManager.class);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnCacheManager {
    @Bean
    CacheManager cacheManager() {
      return new ConcurrentMapCacheManager();
    }
  }
}
