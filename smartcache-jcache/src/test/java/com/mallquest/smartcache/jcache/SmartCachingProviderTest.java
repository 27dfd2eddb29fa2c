package com.mallquest.smartcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.SmartCacheManager;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an adopter relies on beyond the TCK: discovery, and that SmartCache really is underneath.
 */
class SmartCachingProviderTest {

  private CacheManager manager;

  @BeforeEach
  void open() {
    CachingProvider provider = Caching.getCachingProvider();
    manager =
        provider.getCacheManager(
            URI.create("smartcache://provider-test"), getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void caching_defaultProvider_isSmartCachesFromTheServiceFile() {
    assertThat(Caching.getCachingProvider()).isInstanceOf(SmartCachingProvider.class);
    assertThat(manager.unwrap(SmartJCacheManager.class)).isSameAs(manager);
  }

  @Test
  void put_valueIsWrittenToTheSmartCacheUnderneathAndRemoveInvalidatesIt() {
    Cache<String, String> cache =
        manager.createCache(
            "org.example.Greetings",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    SmartCache<?, ?> underneath = cache.unwrap(SmartCache.class);

    cache.put("hello", "world");

    @SuppressWarnings("unchecked")
    SmartCache<String, Object> smart = (SmartCache<String, Object>) underneath;
    assertThat(smart.getIfPresent("hello")).isPresent();
    assertThat(manager.unwrap(SmartCacheManager.class).cache(smart.name())).containsSame(smart);
    cache.remove("hello");
    assertThat(smart.getIfPresent("hello")).isEmpty();
    assertThat(cache.get("hello")).isNull();
  }

  @Test
  void smartName_anyJCacheName_isAValidSmartCacheNameAndDistinct() {
    String a = SmartJCacheManager.smartName("org.jsr107.tck.CacheTest");
    String b = SmartJCacheManager.smartName("org_jsr107_tck_CacheTest");

    assertThat(a).matches("[A-Za-z0-9_-]{1,64}");
    assertThat(b).matches("[A-Za-z0-9_-]{1,64}").isNotEqualTo(a);
    assertThat(SmartJCacheManager.smartName("x".repeat(500))).matches("[A-Za-z0-9_-]{1,64}");
  }

  @Test
  void destroyCache_thenCreateAgain_worksAndTheOldCacheIsClosed() {
    MutableConfiguration<Long, String> config =
        new MutableConfiguration<Long, String>().setTypes(Long.class, String.class);
    Cache<Long, String> first = manager.createCache("again", config);
    first.put(1L, "one");

    manager.destroyCache("again");
    Cache<Long, String> second = manager.createCache("again", config);

    assertThat(second.get(1L)).isNull();
    assertThat(first.isClosed()).isTrue();
    assertThatThrownBy(() -> first.get(1L)).isInstanceOf(IllegalStateException.class);
  }
}
