package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every configuration of a {@link SmartCache} keeps, run once per configuration
 * (Caffeine's {@code @CacheSpec} idea): memory only ({@link MemoryOnlyContractTest}) and with Redis
 * ({@link RedisContractIT}).
 */
abstract class SmartCacheContract {

  static final Duration MEMORY_TTL = Duration.ofMinutes(10);
  static final Duration NEGATIVE_TTL = Duration.ofSeconds(30);

  final FakeTicker ticker = new FakeTicker();
  final TestSource source = new TestSource();
  SmartCacheManager manager;

  /** A builder for a manager of this configuration (the ticker is set by the contract). */
  abstract SmartCacheManager.Builder managerBuilder();

  /** Whether the configuration has a Redis tier. */
  abstract boolean withRedis();

  @BeforeEach
  void startManager() {
    manager = managerBuilder().ticker(ticker).build();
    if (withRedis()) {
      RedisTestSupport.awaitAvailable(manager);
    }
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  CacheConfig.Builder<Long, Shopper> config(String name) {
    return CacheConfig.builder(name, Shopper.class, KeyCodec.longs(), source)
        .memoryTtl(MEMORY_TTL)
        .negativeTtl(NEGATIVE_TTL);
  }

  SmartCache<Long, Shopper> cache() {
    return manager.createCache(config("shoppers").build());
  }

  @Test
  void get_absentFromMemory_loadsFromSourceOnceThenHitsMemory() {
    SmartCache<Long, Shopper> cache = cache();
    Versioned<Shopper> row = source.put(1, "Ana", 10);

    assertThat(cache.get(1L)).contains(row);
    assertThat(cache.get(1L)).contains(row);
    assertThat(cache.getValue(1L)).contains(row.value());

    assertThat(source.loads).hasValue(1);
    CacheStats stats = cache.stats();
    assertThat(stats.requests()).isEqualTo(3);
    assertThat(stats.memoryHits()).isEqualTo(2);
    assertThat(stats.sourceLoads()).isEqualTo(1);
    assertThat(stats.cacheHitRatio()).isEqualTo(2.0 / 3);
    assertThat(stats.redisState())
        .isEqualTo(withRedis() ? CacheStats.RedisState.UP : CacheStats.RedisState.NOT_CONFIGURED);
  }

  @Test
  void get_keyNotInSource_cachesTheMissForTheNegativeTtl() {
    SmartCache<Long, Shopper> cache = cache();

    for (int i = 0; i < 1000; i++) {
      assertThat(cache.get(404L)).isEmpty();
    }
    assertThat(source.loads)
        .as("a flood of lookups of an unknown id reaches the source once")
        .hasValue(1);
    assertThat(cache.stats().negativeHits()).isEqualTo(999);

    ticker.advance(NEGATIVE_TTL.plusSeconds(1));
    assertThat(cache.get(404L)).isEmpty();
    assertThat(source.loads).hasValue(2);
  }

  @Test
  void get_keyCreatedAfterMiss_writtenReplacesTheCachedMiss() {
    SmartCache<Long, Shopper> cache = cache();
    assertThat(cache.get(7L)).isEmpty();

    Versioned<Shopper> row = source.put(7, "Bo", 1);
    cache.written(7L, row);

    assertThat(cache.get(7L)).contains(row);
  }

  @Test
  void invalidateMisses_rowsInsertedBehindTheCache_areServedAndValuesStayCached() {
    SmartCache<Long, Shopper> cache = cache();
    Versioned<Shopper> kept = source.put(1, "Ana", 10);
    cache.get(1L);
    assertThat(cache.get(7L)).isEmpty();
    assertThat(cache.get(8L)).isEmpty();
    Versioned<Shopper> inserted = source.put(7, "Bo", 1);
    assertThat(cache.get(7L)).as("the miss is still cached").isEmpty();
    int loads = source.loads.get();

    cache.invalidateMisses();

    assertThat(cache.get(7L)).contains(inserted);
    assertThat(cache.get(8L)).isEmpty();
    assertThat(cache.get(8L)).isEmpty();
    assertThat(cache.get(1L)).contains(kept);
    assertThat(source.loads)
        .as("7 and 8 asked of the source once each, 1 still in memory")
        .hasValue(loads + 2);
  }

  @Test
  void getIfPresent_notInMemory_neverLoads() {
    SmartCache<Long, Shopper> cache = cache();
    source.put(1, "Ana", 10);

    assertThat(cache.getIfPresent(1L)).isEmpty();
    assertThat(source.loads).hasValue(0);
    cache.get(1L);
    assertThat(cache.getIfPresent(1L)).isPresent();
  }

  @Test
  void getAll_someCachedSomeMissingSomeAbsent_loadsTheMissingOnceWithLoadAll() {
    SmartCache<Long, Shopper> cache = cache();
    LongStream.rangeClosed(1, 10).forEach(i -> source.put(i, "s" + i, i));
    cache.get(1L);
    cache.get(2L);

    Map<Long, Versioned<Shopper>> all = cache.getAll(List.of(3L, 1L, 999L, 2L, 4L, 3L));

    assertThat(all.keySet()).containsExactly(3L, 1L, 2L, 4L);
    assertThat(all.get(4L)).isEqualTo(source.current(4).orElseThrow());
    assertThat(source.loadAllCalls).hasValue(1);
    assertThat(source.loadAllKeys)
        .as("3, 999 and 4: the keys in neither memory nor Redis")
        .hasValue(3);

    assertThat(cache.getAll(List.of(1L, 2L, 3L, 4L, 999L))).hasSize(4);
    assertThat(source.loadAllCalls).as("all cached now, the miss too").hasValue(1);
  }

  @Test
  void written_olderVersionAfterNewer_isIgnored() {
    SmartCache<Long, Shopper> cache = cache();
    Versioned<Shopper> v1 = source.put(1, "Ana", 10);
    Versioned<Shopper> v2 = source.update(1, 5).orElseThrow();

    cache.written(1L, v2);
    cache.written(1L, v1);

    assertThat(cache.get(1L)).contains(v2);
    assertThat(cache.getIfPresent(1L)).contains(v2);
    assertThat(source.loads).hasValue(0);
  }

  @Test
  void writtenAll_manyKeys_eachServedAtItsVersionWithoutLoadsAndOlderVersionsIgnored() {
    SmartCache<Long, Shopper> cache = cache();
    Map<Long, Versioned<Shopper>> v1 = new java.util.LinkedHashMap<>();
    LongStream.rangeClosed(1, 50).forEach(i -> v1.put(i, source.put(i, "s" + i, i)));
    Map<Long, Versioned<Shopper>> v2 = new java.util.LinkedHashMap<>();
    LongStream.rangeClosed(1, 25).forEach(i -> v2.put(i, source.update(i, 100).orElseThrow()));

    cache.writtenAll(v2);
    cache.writtenAll(v1);

    LongStream.rangeClosed(1, 50)
        .forEach(i -> assertThat(cache.get(i)).isEqualTo(source.current(i)));
    assertThat(cache.getIfPresent(7L)).contains(v2.get(7L));
    assertThat(source.loads).as("every key written, none loaded").hasValue(0);
  }

  @Test
  void writtenAll_nullKeyOrValue_throwsAndWritesNothing() {
    SmartCache<Long, Shopper> cache = cache();
    Map<Long, Versioned<Shopper>> withNull = new java.util.HashMap<>();
    withNull.put(1L, source.put(1, "Ana", 1));
    withNull.put(2L, null);

    assertThatThrownBy(() -> cache.writtenAll(withNull)).isInstanceOf(NullPointerException.class);
    assertThat(cache.getIfPresent(1L)).isEmpty();
  }

  @Test
  void invalidateAllKeys_someKeys_dropsThemOnlyAndTheirNextReadLoads() {
    SmartCache<Long, Shopper> cache = cache();
    LongStream.rangeClosed(1, 10).forEach(i -> cache.written(i, source.put(i, "s" + i, i)));

    LongStream.rangeClosed(1, 5).forEach(source::delete);
    cache.invalidateAllKeys(List.of(1L, 2L, 3L, 4L, 5L));

    LongStream.rangeClosed(1, 5).forEach(i -> assertThat(cache.getIfPresent(i)).isEmpty());
    LongStream.rangeClosed(1, 5).forEach(i -> assertThat(cache.get(i)).isEmpty());
    LongStream.rangeClosed(6, 10)
        .forEach(i -> assertThat(cache.getIfPresent(i)).isEqualTo(source.current(i)));
    assertThat(source.loads).hasValue(5);
  }

  @Test
  void invalidate_cachedKey_nextReadLoadsFromSource() {
    SmartCache<Long, Shopper> cache = cache();
    source.put(1, "Ana", 10);
    cache.get(1L);

    source.delete(1);
    cache.invalidate(1L);

    assertThat(cache.getIfPresent(1L)).isEmpty();
    assertThat(cache.get(1L)).isEmpty();
    assertThat(source.loads).hasValue(2);
  }

  @Test
  void invalidate_writtenKeyDeleted_theMissIsCachedAgain() {
    SmartCache<Long, Shopper> cache = cache();
    cache.written(1L, source.put(1, "Ana", 10));

    source.delete(1);
    cache.invalidate(1L);

    assertThat(cache.get(1L)).isEmpty();
    assertThat(cache.get(1L)).isEmpty();
    assertThat(source.loads).hasValue(1);
  }

  @Test
  void invalidateAll_cachedKeys_everyReadLoadsFromSource() {
    SmartCache<Long, Shopper> cache = cache();
    LongStream.rangeClosed(1, 20).forEach(i -> source.put(i, "s" + i, i));
    LongStream.rangeClosed(1, 20).forEach(cache::get);
    // The loads' Redis fills are asynchronous and not awaited: some may land after the clear (on a
    // cluster they travel on other connections than its UNLINK). The clear raised the clear
    // generation first, so such a fill is refused; one that landed before it was deleted.

    cache.invalidateAll();

    assertThat(cache.stats().memoryCacheSize()).isZero();
    LongStream.rangeClosed(1, 20)
        .forEach(i -> assertThat(cache.get(i)).isEqualTo(source.current(i)));
    assertThat(source.loads).hasValue(40);
  }

  @Test
  void memoryTtl_elapsed_entryLeavesMemoryAndIsReadAgainFromBelow() {
    SmartCache<Long, Shopper> cache = cache();
    Versioned<Shopper> row = source.put(1, "Ana", 10);
    cache.get(1L);

    ticker.advance(MEMORY_TTL.minusSeconds(1));
    assertThat(cache.getIfPresent(1L)).contains(row);
    ticker.advance(Duration.ofSeconds(2));
    assertThat(cache.getIfPresent(1L)).isEmpty();

    assertThat(cache.get(1L)).contains(row);
    assertThat(cache.stats().sourceLoads() + cache.stats().redisHits()).isEqualTo(2);
  }

  @Test
  void memoryLimit_tenThousandKeys_sizeStaysAtTheLimitAndEveryValueIsReadable() {
    SmartCache<Long, Shopper> cache =
        manager.createCache(config("limited").memoryLimitEntries(1000).build());
    LongStream.range(0, 10_000).forEach(i -> source.put(i, "s" + i, i));

    LongStream.range(0, 10_000).forEach(i -> assertThat(cache.get(i)).isEqualTo(source.current(i)));

    CacheStats stats = cache.stats();
    assertThat(stats.memoryCacheSize()).isLessThanOrEqualTo(1000);
    assertThat(stats.memoryLimit()).isEqualTo(1000);
    assertThat(stats.evictions()).isGreaterThanOrEqualTo(9000);
    afterFilling(cache, 10_000);
    LongStream.range(0, 10_000).forEach(i -> assertThat(cache.get(i)).isEqualTo(source.current(i)));
    assertThat(cache.stats().memoryCacheSize()).isLessThanOrEqualTo(1000);
  }

  /** Hook: the Redis configuration waits for its asynchronous fills here. */
  void afterFilling(SmartCache<Long, Shopper> cache, int keys) {}

  @Test
  void memoryLimitBytes_manyValues_weightStaysUnderTheLimit() {
    SmartCache<Long, Shopper> cache =
        manager.createCache(config("weighed").memoryLimitBytes(10_000).build());
    LongStream.range(0, 2000).forEach(i -> source.put(i, "shopper-" + i, i));

    LongStream.range(0, 2000).forEach(cache::get);

    CacheStats stats = cache.stats();
    assertThat(stats.memoryLimitBytes()).isTrue();
    int smallestJson = new JsonValueCodec().encode(new Shopper(0, "shopper-0", 0)).length;
    assertThat(stats.memoryCacheSize()).isPositive().isLessThanOrEqualTo(10_000 / smallestJson);
  }

  @Test
  void get_sourceThrows_exceptionReachesTheCallerAndNothingIsCached() {
    AtomicInteger calls = new AtomicInteger();
    SourceOfRecord<Long, Shopper> failing =
        key -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("database down");
          }
          return Optional.of(Versioned.of(new Shopper(key, "ok", 0), 1));
        };
    SmartCache<Long, Shopper> cache =
        manager.createCache(
            CacheConfig.builder("failing", Shopper.class, KeyCodec.longs(), failing).build());

    assertThatThrownBy(() -> cache.get(1L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("database down");
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
    assertThat(cache.get(1L)).map(Versioned::version).contains(1L);
  }

  @Test
  void get_hundredThreadsMissOneKey_oneSourceLoad() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    SourceOfRecord<Long, Shopper> slow =
        key -> {
          loads.incrementAndGet();
          await(release);
          return Optional.of(Versioned.of(new Shopper(key, "slow", 0), 3));
        };
    SmartCache<Long, Shopper> cache =
        manager.createCache(
            CacheConfig.builder("stampede", Shopper.class, KeyCodec.longs(), slow).build());
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      CountDownLatch ready = new CountDownLatch(100);
      List<Future<Optional<Versioned<Shopper>>>> results = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  return cache.get(42L);
                }));
      }
      ready.await(10, TimeUnit.SECONDS);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> loads.get() >= 1);
      release.countDown();
      for (Future<Optional<Versioned<Shopper>>> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS)).map(Versioned::version).contains(3L);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void getCacheStats_twoCaches_originalFieldsOrderedByName() {
    manager.createCache(config("stores").build());
    SmartCache<Long, Shopper> shoppers = cache();
    source.put(1, "Ana", 1);
    shoppers.get(1L);

    Map<String, CacheStats> all = manager.getCacheStats();

    assertThat(all.keySet()).containsExactly("shoppers", "stores");
    CacheStats s = all.get("shoppers");
    assertThat(s.memoryCacheSize()).isEqualTo(1);
    assertThat(s.memoryLimit()).isEqualTo(CacheConfig.DEFAULT_MEMORY_LIMIT);
    assertThat(s.redisAvailable()).isEqualTo(withRedis());
    assertThat(s.cacheHitRatio()).isZero();
    if (!withRedis()) {
      assertThat(s.redisKeys()).isEqualTo(-1);
    }
  }

  @Test
  void createCache_nameTaken_throwsConfigurationException() {
    cache();
    assertThatThrownBy(this::cache)
        .isInstanceOf(SmartCacheException.ConfigurationException.class)
        .hasMessageContaining("shoppers");
    assertThat(manager.cache("shoppers")).isPresent();
    assertThat(manager.cache("nope")).isEmpty();
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
