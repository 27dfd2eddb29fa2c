package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many threads, random operations, then the invariants (Caffeine's {@code MultiThreadedTest}): the
 * memory tier within its bound, and every entry it still holds is the source's current row. Every
 * source change is followed by {@code written} or {@code invalidate}, as the service does after a
 * commit, but threads race freely between the two.
 */
class MultiThreadedTest {

  static final int THREADS = 8;
  static final int OPERATIONS = 25_000;
  static final int KEYS = 300;
  static final int LIMIT = 100;

  @Test
  void randomOperations_manyThreads_memoryBoundedAndNeverOlderThanTheSource() throws Exception {
    TestSource source = new TestSource();
    try (SmartCacheManager manager = SmartCacheManager.builder().build()) {
      SmartCache<Long, Shopper> cache =
          manager.createCache(
              CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source)
                  .memoryLimitEntries(LIMIT)
                  .build());
      for (long k = 0; k < KEYS; k += 2) {
        source.put(k, "s" + k, 0);
      }

      runRandomOperations(List.of(cache), source, THREADS, OPERATIONS, 42);

      assertThat(cache.stats().memoryCacheSize()).isLessThanOrEqualTo(LIMIT);
      assertCoherent(cache, source);
    }
  }

  /** Runs random operations on {@code caches} (one per instance) from many threads. */
  static void runRandomOperations(
      List<SmartCache<Long, Shopper>> caches,
      TestSource source,
      int threads,
      int operations,
      long seed)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        SplittableRandom random = new SplittableRandom(seed + t);
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < operations; i++) {
                    SmartCache<Long, Shopper> cache = caches.get(random.nextInt(caches.size()));
                    long key = random.nextInt(KEYS);
                    int op = random.nextInt(100);
                    if (op < 55) {
                      cache.get(key);
                    } else if (op < 65) {
                      cache.getAll(
                          List.of(key, (long) random.nextInt(KEYS), (long) random.nextInt(KEYS)));
                    } else if (op < 72) {
                      cache.getIfPresent(key);
                    } else if (op < 88) {
                      source.update(key, 1).ifPresent(v -> cache.written(key, v));
                    } else if (op < 94) {
                      cache.written(key, source.put(key, "n" + key, 0));
                    } else if (op < 99) {
                      if (source.delete(key)) {
                        cache.invalidate(key);
                      }
                    } else {
                      cache.stats();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every memory entry is the source's current row, and every read returns it. */
  static void assertCoherent(SmartCache<Long, Shopper> cache, TestSource source) {
    for (long k = 0; k < KEYS; k++) {
      Optional<Versioned<Shopper>> current = source.current(k);
      Optional<Versioned<Shopper>> inMemory = cache.getIfPresent(k);
      if (inMemory.isPresent()) {
        assertThat(inMemory).as("memory entry of key %d", k).isEqualTo(current);
      }
      assertThat(cache.get(k)).as("read of key %d", k).isEqualTo(current);
    }
  }
}
