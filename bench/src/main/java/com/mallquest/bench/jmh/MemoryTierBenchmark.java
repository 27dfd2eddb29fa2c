package com.mallquest.bench.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mallquest.bench.load.Zipf;
import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.KeyCodec;
import com.mallquest.smartcache.MemoryTierSimulator;
import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.SmartCacheManager;
import com.mallquest.smartcache.Versioned;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A memory-tier hit: {@code SmartCache.get} (a manager without Redis, every key resident) against
 * raw Caffeine {@code getIfPresent} (bounded by size only) and {@code ConcurrentHashMap.get}, with
 * Zipf-distributed keys from a precomputed index array (as Caffeine's {@code GetPutBenchmark}).
 * Also Caffeine built exactly as the memory tier builds it (size bound and eviction listener; no
 * expiry since ADR 0014, the TTLs are checked on read against a coarse clock), to tell the cost of
 * Caffeine's settings from the cost of SmartCache's own checks, and Caffeine with a plain {@code
 * expireAfterWrite}, what an expiring tier costs.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar MemoryTierBenchmark -t 1 -f 1 -wi 3 -w 2s -i 5 -r 2s
 * java -jar bench/target/benchmarks.jar MemoryTierBenchmark -t 2 -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MemoryTierBenchmark {

  /** Keys in every map; all resident. */
  static final int SIZE = 10_000;

  /** Length of the precomputed index array (a power of two). */
  static final int INDEXES = 1 << 20;

  static final int MASK = INDEXES - 1;

  Long[] keys;
  int[] indexes;
  SmartCacheManager manager;
  SmartCache<Long, String> smartCache;
  Cache<Long, String> caffeine;
  Cache<Long, String> caffeineExpireAfterWrite;
  MemoryTierSimulator<Long> tierCaffeine;
  ConcurrentHashMap<Long, String> map;

  /** Fills every map with the same keys. */
  @Setup
  public void setUp() {
    keys = new Long[SIZE];
    for (int i = 0; i < SIZE; i++) {
      keys[i] = (long) i * 7919;
    }
    indexes = new Zipf(SIZE, 0.99).sample(INDEXES, new SplittableRandom(42));
    manager = SmartCacheManager.builder().build();
    smartCache =
        manager.createCache(
            CacheConfig.<Long, String>builder(
                    "bench",
                    String.class,
                    KeyCodec.longs(),
                    key -> Optional.of(Versioned.of("value-" + key, 1)))
                .memoryLimitEntries(SIZE * 2L)
                .build());
    caffeine = Caffeine.newBuilder().maximumSize(SIZE * 2L).build();
    caffeineExpireAfterWrite =
        Caffeine.newBuilder()
            .maximumSize(SIZE * 2L)
            .expireAfterWrite(CacheConfig.DEFAULT_MEMORY_TTL)
            .build();
    CacheConfig<Long, String> config =
        CacheConfig.<Long, String>builder(
                "tier", String.class, KeyCodec.longs(), key -> Optional.empty())
            .memoryLimitEntries(SIZE * 2L)
            .build();
    tierCaffeine = MemoryTierSimulator.asDeployed(config);
    map = new ConcurrentHashMap<>();
    for (Long key : keys) {
      String value = "value-" + key;
      smartCache.get(key);
      caffeine.put(key, value);
      caffeineExpireAfterWrite.put(key, value);
      tierCaffeine.admit(key);
      map.put(key, value);
    }
    if (smartCache.stats().memoryCacheSize() != SIZE) {
      throw new IllegalStateException("not all keys resident: " + smartCache.stats());
    }
  }

  /** Closes the manager. */
  @TearDown
  public void tearDown() {
    manager.close();
  }

  /** Each thread walks the index array from its own random start. */
  @State(Scope.Thread)
  public static class Cursor {
    int next = ThreadLocalRandom.current().nextInt(INDEXES);
  }

  private Long key(Cursor c) {
    return keys[indexes[c.next++ & MASK]];
  }

  /** {@code SmartCache.get}: a memory hit. */
  @Benchmark
  public Optional<Versioned<String>> smartCacheGet(Cursor c) {
    return smartCache.get(key(c));
  }

  /** Raw Caffeine, bounded by size. */
  @Benchmark
  public String caffeineGetIfPresent(Cursor c) {
    return caffeine.getIfPresent(key(c));
  }

  /** Caffeine bounded by size with a fixed expiry after write (reads the clock on every hit). */
  @Benchmark
  public String caffeineExpireAfterWriteGetIfPresent(Cursor c) {
    return caffeineExpireAfterWrite.getIfPresent(key(c));
  }

  /**
   * Caffeine with the memory tier's settings (size bound, eviction listener), through {@link
   * MemoryTierSimulator}.
   */
  @Benchmark
  public boolean tierCaffeineGetIfPresent(Cursor c) {
    return tierCaffeine.contains(key(c));
  }

  /**
   * Caffeine with the memory tier's settings, reading the entry's timestamp as a hit must (the
   * other Caffeine variants hand the value's reference to JMH without reading the object it points
   * to).
   */
  @Benchmark
  public long tierCaffeineGetIfPresentReadEntry(Cursor c) {
    return tierCaffeine.storedAtNanos(key(c));
  }

  /**
   * The clock read that every hit of an expiring Caffeine cache makes ({@code
   * Ticker.systemTicker()}).
   */
  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  /** {@code ConcurrentHashMap.get}: the ceiling. */
  @Benchmark
  public String concurrentHashMapGet(Cursor c) {
    return map.get(key(c));
  }
}
