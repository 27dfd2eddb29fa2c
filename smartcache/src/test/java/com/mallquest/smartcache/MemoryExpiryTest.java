package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Memory TTLs checked on read (ADR 0014): the memory tier's Caffeine only bounds size, and an entry
 * past its TTL, its miss TTL or (Redis not trusted) the degraded TTL is not served but reloaded. A
 * fake ticker is advanced; nothing sleeps.
 */
class MemoryExpiryTest {

  static final Duration MEMORY_TTL = Duration.ofMinutes(10);
  static final Duration NEGATIVE_TTL = Duration.ofSeconds(30);
  static final Duration DEGRADED_TTL = Duration.ofSeconds(5);
  static final Duration ONE_NANO = Duration.ofNanos(1);

  private final FakeTicker ticker = new FakeTicker();
  private final TestSource source = new TestSource();
  private final SmartCacheManager manager = SmartCacheManager.builder().ticker(ticker).build();

  @AfterEach
  void close() {
    manager.close();
  }

  private CacheConfig.Builder<Long, Shopper> config(
      String name, SourceOfRecord<Long, Shopper> from) {
    return CacheConfig.builder(name, Shopper.class, KeyCodec.longs(), from)
        .memoryTtl(MEMORY_TTL)
        .negativeTtl(NEGATIVE_TTL)
        .degradedTtl(DEGRADED_TTL);
  }

  private SmartCache<Long, Shopper> cache() {
    return manager.createCache(config("shoppers", source).build());
  }

  @Test
  void get_expiredMemoryEntry_isNotServedAndReloads() {
    SmartCache<Long, Shopper> cache = cache();
    source.put(1, "Ana", 10);
    cache.get(1L);

    ticker.advance(MEMORY_TTL.minus(ONE_NANO));
    Versioned<Shopper> changed = source.update(1, 5).orElseThrow();
    assertThat(cache.get(1L).orElseThrow().value().coins())
        .as("one nanosecond before the TTL")
        .isEqualTo(10);
    assertThat(source.loads).hasValue(1);

    ticker.advance(ONE_NANO);
    assertThat(cache.get(1L)).contains(changed);
    assertThat(source.loads).hasValue(2);
    assertThat(cache.get(1L)).contains(changed);
    assertThat(source.loads).as("the reload is cached for a new TTL").hasValue(2);
  }

  @Test
  void getIfPresent_expiredMemoryEntry_isEmpty() {
    SmartCache<Long, Shopper> cache = cache();
    source.put(1, "Ana", 10);
    cache.get(1L);

    ticker.advance(MEMORY_TTL);

    assertThat(cache.getIfPresent(1L)).isEmpty();
    assertThat(cache.stats().memoryHits()).isZero();
  }

  @Test
  void getAll_expiredMemoryEntries_areReloaded() {
    SmartCache<Long, Shopper> cache = cache();
    source.put(1, "Ana", 10);
    source.put(2, "Bo", 20);
    cache.getAll(List.of(1L, 2L));

    ticker.advance(MEMORY_TTL);
    Versioned<Shopper> changed = source.update(2, 1).orElseThrow();

    assertThat(cache.getAll(List.of(1L, 2L))).containsEntry(2L, changed).hasSize(2);
    assertThat(source.loadAllKeys).hasValue(4);
  }

  @Test
  void get_cachedMissPastTheNegativeTtl_isNotServedAndReloads() {
    SmartCache<Long, Shopper> cache = cache();
    assertThat(cache.get(7L)).isEmpty();

    ticker.advance(NEGATIVE_TTL.minus(ONE_NANO));
    Versioned<Shopper> created = source.put(7, "Cy", 1);
    assertThat(cache.get(7L)).as("the miss is still cached").isEmpty();

    ticker.advance(ONE_NANO);
    assertThat(cache.get(7L)).contains(created);
    assertThat(source.loads).hasValue(2);
  }

  @Test
  void get_expiredEntryNewerThanItsReload_servesTheReloadNotTheExpiredEntry() {
    // A source that stays at version 1 while a write announced version 5: the expired version 5
    // must not win over the load as "newer", it is not to be served at all.
    AtomicInteger loads = new AtomicInteger();
    Versioned<Shopper> inSource = Versioned.of(new Shopper(1, "Ana", 10), 1);
    SmartCache<Long, Shopper> cache =
        manager.createCache(
            config(
                    "frozen",
                    key -> {
                      loads.incrementAndGet();
                      return Optional.of(inSource);
                    })
                .build());
    cache.written(1L, Versioned.of(new Shopper(1, "Ana", 50), 5));
    assertThat(cache.get(1L).orElseThrow().version()).isEqualTo(5);

    ticker.advance(MEMORY_TTL);

    assertThat(cache.get(1L)).contains(inSource);
    assertThat(cache.getAll(List.of(1L))).containsEntry(1L, inSource);
    assertThat(loads).hasValue(1);
  }

  @Test
  void written_overAnExpiredNewerEntry_isStored() {
    AtomicInteger loads = new AtomicInteger();
    SmartCache<Long, Shopper> cache =
        manager.createCache(
            config(
                    "late",
                    key -> {
                      loads.incrementAndGet();
                      return Optional.empty();
                    })
                .build());
    cache.written(1L, Versioned.of(new Shopper(1, "Ana", 50), 5));
    ticker.advance(MEMORY_TTL);

    Versioned<Shopper> older = Versioned.of(new Shopper(1, "Ana", 40), 4);
    cache.written(1L, older);

    assertThat(cache.get(1L)).contains(older);
    assertThat(loads).hasValue(0);
  }

  @Test
  void get_redisUnavailable_entryPastTheDegradedTtlIsNotServedAndReloads() {
    try (SmartCacheManager degraded =
        SmartCacheManager.builder()
            .ticker(ticker)
            .redisUri("redis://127.0.0.1:" + RedisServerProcess.freePort())
            .connectTimeout(Duration.ofMillis(200))
            .namespace("degraded")
            .build()) {
      SmartCache<Long, Shopper> cache = degraded.createCache(config("shoppers", source).build());
      assertThat(degraded.redisAvailable()).isFalse();
      source.put(1, "Ana", 10);
      cache.get(1L);

      ticker.advance(DEGRADED_TTL);
      Versioned<Shopper> changed = source.update(1, 5).orElseThrow();
      assertThat(cache.get(1L).orElseThrow().value().coins())
          .as("at the degraded TTL")
          .isEqualTo(10);

      ticker.advance(ONE_NANO);
      assertThat(cache.get(1L)).contains(changed);
      assertThat(source.loads).hasValue(2);
    }
  }

  @Test
  void memoryLimit_expiredEntriesStayUntilReplaced_sizeNeverExceedsTheLimit() {
    SmartCache<Long, Shopper> cache =
        manager.createCache(config("limited", source).memoryLimitEntries(100).build());
    LongStream.range(0, 1_000).forEach(i -> source.put(i, "s" + i, i));
    LongStream.range(0, 100).forEach(cache::get);
    assertThat(cache.stats().memoryCacheSize()).isEqualTo(100);

    ticker.advance(MEMORY_TTL);
    LongStream.range(0, 100).forEach(cache::get);
    assertThat(cache.stats().memoryCacheSize())
        .as("reloads replace the expired entries")
        .isEqualTo(100);
    assertThat(source.loads).hasValue(200);

    ticker.advance(MEMORY_TTL);
    LongStream.range(0, 1_000)
        .forEach(
            i -> {
              assertThat(cache.get(i)).isEqualTo(source.current(i));
              assertThat(cache.stats().memoryCacheSize()).isLessThanOrEqualTo(100);
            });
    assertThat(cache.stats().evictions()).isGreaterThanOrEqualTo(900);
  }
}
