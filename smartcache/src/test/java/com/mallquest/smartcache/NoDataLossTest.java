package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The seed's flaw was that its cache was the store, so eviction lost data. Here a million keys go
 * through a cache of 1000 entries and every read still returns the source's value.
 */
class NoDataLossTest {

  private static final int KEYS = 1_000_000;

  /** The value of key {@code k}: computed, so the "database" itself takes no memory. */
  private static Versioned<String> row(long k) {
    return Versioned.of("user-" + k + "-" + Long.toHexString(k * 0x9E3779B97F4A7C15L), k % 7);
  }

  @Test
  void get_millionKeysThroughLimitThousand_everyReadReturnsTheSourceValue() {
    AtomicLong loads = new AtomicLong();
    SourceOfRecord<Long, String> database =
        key -> {
          loads.incrementAndGet();
          return Optional.of(row(key));
        };
    try (SmartCacheManager manager = SmartCacheManager.builder().build()) {
      SmartCache<Long, String> cache =
          manager.createCache(
              CacheConfig.builder("users", String.class, KeyCodec.longs(), database).build());

      for (long k = 0; k < KEYS; k++) {
        Optional<Versioned<String>> read = cache.get(k);
        if (!read.equals(Optional.of(row(k)))) {
          throw new AssertionError("key " + k + ": expected " + row(k) + " but read " + read);
        }
      }
      SplittableRandom random = new SplittableRandom(7);
      for (int i = 0; i < 100_000; i++) {
        long k = random.nextLong(KEYS);
        assertThat(cache.get(k)).as("re-read of evicted key %d", k).contains(row(k));
      }

      CacheStats stats = cache.stats();
      assertThat(stats.memoryCacheSize()).isLessThanOrEqualTo(1000);
      assertThat(stats.evictions()).isGreaterThanOrEqualTo(KEYS - 1000);
      assertThat(loads.get()).isGreaterThanOrEqualTo(KEYS);
    }
  }
}
