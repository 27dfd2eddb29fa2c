package com.mallquest.smartcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.SmartCacheManager;
import com.mallquest.smartcache.spring.sample.PriceService;
import com.mallquest.smartcache.spring.sample.SampleApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;

/** The sample application: the annotations work over SmartCache, with meters and health. */
@SpringBootTest(
    classes = SampleApplication.class,
    properties = {
      "smartcache.namespace=sample",
      "smartcache.cache-names=prices",
      "smartcache.defaults.memory-limit-entries=500",
      "smartcache.caches.prices.memory-limit-entries=2000"
    })
class SampleApplicationTest {

  @Autowired PriceService service;
  @Autowired CacheManager cacheManager;
  @Autowired SmartCacheManager smartCacheManager;
  @Autowired MeterRegistry meters;
  @Autowired SmartCacheHealthIndicator health;

  @BeforeEach
  void reset() {
    cacheManager.getCacheNames().forEach(n -> cacheManager.getCache(n).clear());
    service.resetLookups();
  }

  @Test
  void cacheable_secondCall_isServedFromTheCache() {
    service.setDirectly("A-1", 100);

    assertThat(service.price("A-1")).isEqualTo(100L);
    assertThat(service.price("A-1")).isEqualTo(100L);

    assertThat(service.lookups()).isEqualTo(1);
    assertThat(cacheManager).isInstanceOf(SmartCacheSpringCacheManager.class);
  }

  @Test
  void cachePut_newPrice_isWhatTheNextReadReturnsWithoutALookup() {
    service.setDirectly("A-2", 100);
    service.price("A-2");

    service.update("A-2", 150);

    assertThat(service.price("A-2")).isEqualTo(150L);
    assertThat(service.lookups()).isEqualTo(1);
  }

  @Test
  void cacheEvict_thenRead_looksUpOnceAndCachesAgain() {
    service.setDirectly("A-3", 100);
    service.price("A-3");

    service.delete("A-3");
    service.setDirectly("A-3", 120);

    assertThat(service.price("A-3")).isEqualTo(120L);
    assertThat(service.price("A-3")).as("cached again right after the eviction").isEqualTo(120L);
    assertThat(service.lookups()).isEqualTo(2);
  }

  @Test
  void cacheable_nullResult_isCachedAsNull() {
    assertThat(service.price("missing")).isNull();
    assertThat(service.price("missing")).isNull();

    assertThat(service.lookups()).isEqualTo(1);
  }

  @Test
  void cacheableSync_loadsOnceThroughSmartCacheAndServesFromMemory() {
    service.setDirectly("B-1", 7);
    SmartCache<?, ?> underneath =
        (SmartCache<?, ?>) cacheManager.getCache("prices-sync").getNativeCache();
    long loadsBefore = underneath.stats().sourceLoads();
    long hitsBefore = underneath.stats().memoryHits();

    assertThat(service.priceSync("B-1")).isEqualTo(7L);
    assertThat(service.priceSync("B-1")).isEqualTo(7L);

    assertThat(service.lookups()).isEqualTo(1);
    assertThat(underneath.stats().sourceLoads() - loadsBefore)
        .as("the loader ran as the source of record")
        .isEqualTo(1);
    assertThat(underneath.stats().memoryHits() - hitsBefore).isEqualTo(1);
  }

  @Test
  void properties_perCacheLimit_overridesTheDefault() {
    service.price("C-1");
    service.priceSync("C-1");

    assertThat(smartCacheManager.getCacheStats().get("prices").memoryLimit()).isEqualTo(2000);
    assertThat(smartCacheManager.getCacheStats().get("prices-sync").memoryLimit()).isEqualTo(500);
    assertThat(smartCacheManager.namespace()).isEqualTo("sample");
  }

  @Test
  void meters_smartCacheMetersAreBoundPerCache() {
    service.setDirectly("D-1", 1);
    service.price("D-1");
    service.price("D-1");

    assertThat(
            meters
                .find("smartcache.gets")
                .tag("cache", "prices")
                .tag("tier", "memory")
                .tag("result", "hit")
                .functionCounter())
        .isNotNull();
    assertThat(meters.find("smartcache.memory.limit").tag("cache", "prices").gauge().value())
        .isEqualTo(2000.0);
  }

  @Test
  void health_withoutRedis_isUp() {
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(health.health().getDetails()).containsEntry("redisConfigured", false);
  }
}
