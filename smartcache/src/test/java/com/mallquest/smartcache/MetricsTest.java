package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void meters_afterReads_countPerTierTaggedByCache() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TestSource source = new TestSource();
    source.put(1, "Ana", 1);
    try (SmartCacheManager manager = SmartCacheManager.builder().meterRegistry(registry).build()) {
      SmartCache<Long, Shopper> cache =
          manager.createCache(
              CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source)
                  .memoryLimitEntries(2)
                  .build());

      cache.get(1L);
      cache.get(1L);
      cache.get(404L);
      cache.get(404L);
      cache.getAll(List.of(2L, 3L, 4L));

      assertThat(gets(registry, "memory", "hit")).isEqualTo(1);
      assertThat(gets(registry, "negative", "hit")).isEqualTo(1);
      assertThat(gets(registry, "source", "hit")).isEqualTo(1);
      assertThat(gets(registry, "source", "miss")).isEqualTo(4);
      assertThat(
              registry.get("smartcache.loads").tag("cache", "shoppers").functionCounter().count())
          .isEqualTo(5);
      assertThat(registry.get("smartcache.load.latency").tag("cache", "shoppers").timer().count())
          .isEqualTo(3);
      cache.stats();
      assertThat(
              registry
                  .get("smartcache.evictions")
                  .tag("cache", "shoppers")
                  .functionCounter()
                  .count())
          .isEqualTo(3);
      assertThat(registry.get("smartcache.memory.size").tag("cache", "shoppers").gauge().value())
          .isEqualTo(2);
      assertThat(registry.get("smartcache.memory.limit").tag("cache", "shoppers").gauge().value())
          .isEqualTo(2);
      assertThat(
              registry.get("smartcache.redis.available").tag("cache", "shoppers").gauge().value())
          .isZero();
      assertThat(registry.find("smartcache.invalidation.lag").tag("cache", "shoppers").timer())
          .isNotNull();
    }
    assertThat(registry.find("smartcache.gets").meters()).as("removed on close").isEmpty();
  }

  @Test
  void meters_afterGarbageCollection_stillReportTheCounts() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TestSource source = new TestSource();
    source.put(1, "Ana", 1);
    try (SmartCacheManager manager = SmartCacheManager.builder().meterRegistry(registry).build()) {
      SmartCache<Long, Shopper> cache =
          manager.createCache(
              CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source).build());
      cache.get(1L);
      cache.get(1L);

      // Micrometer holds value functions weakly unless told otherwise: make sure a GC has run.
      WeakReference<Object> canary = new WeakReference<>(new Object());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                System.gc();
                return canary.get() == null;
              });

      assertThat(gets(registry, "memory", "hit")).isEqualTo(1);
      assertThat(gets(registry, "source", "hit")).isEqualTo(1);
      assertThat(registry.get("smartcache.memory.size").tag("cache", "shoppers").gauge().value())
          .isEqualTo(1);
      assertThat(registry.get("smartcache.memory.limit").tag("cache", "shoppers").gauge().value())
          .isEqualTo(1000);
    }
  }

  private static double gets(SimpleMeterRegistry registry, String tier, String result) {
    return registry
        .get("smartcache.gets")
        .tags("cache", "shoppers", "tier", tier, "result", result)
        .functionCounter()
        .count();
  }
}
