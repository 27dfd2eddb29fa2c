package com.mallquest.smartcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mallquest.smartcache.internal.CacheMetrics;
import com.mallquest.smartcache.internal.MemoryEntry;
import com.mallquest.smartcache.internal.MemoryTier;
import java.util.Objects;

/**
 * The memory tier of a {@link SmartCache} alone, for hit-ratio simulations and benchmarks: Caffeine
 * built exactly as a cache of the given {@link CacheConfig} builds it (its bound, by entries or
 * weight; no expiry, since the cache checks TTLs on read), and accessed as a read does ({@code
 * getIfPresent}, then a keyed {@code compute} on a miss). No Redis, no source, no TTLs, no version
 * floors: only what the bound keeps.
 *
 * @param <K> the key type
 */
public final class MemoryTierSimulator<K> {

  private static final Versioned<Object> VALUE = Versioned.of(Boolean.TRUE, 0);

  private final Cache<K, MemoryEntry<Object>> cache;

  private MemoryTierSimulator(Cache<K, MemoryEntry<Object>> cache) {
    this.cache = cache;
  }

  /**
   * A tier whose maintenance (eviction) runs on the calling thread at once, so that replaying a
   * trace is repeatable. (Caffeine still admits a small random share of candidates as a
   * hash-flooding defence, so hit counts can vary in the last digit.)
   */
  public static <K> MemoryTierSimulator<K> repeatable(CacheConfig<K, ?> config) {
    return new MemoryTierSimulator<>(builder(config).executor(Runnable::run).build());
  }

  /** A tier with Caffeine's default maintenance executor, as in a running cache (benchmarks). */
  public static <K> MemoryTierSimulator<K> asDeployed(CacheConfig<K, ?> config) {
    return new MemoryTierSimulator<>(builder(config).build());
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Caffeine<K, MemoryEntry<Object>> builder(CacheConfig<K, V> config) {
    Objects.requireNonNull(config, "config");
    Caffeine<K, ?> b = MemoryTier.memoryBuilder(config, new CacheMetrics(config.name()));
    return (Caffeine<K, MemoryEntry<Object>>) b;
  }

  /**
   * One read of {@code key}: a hit if the tier holds it; on a miss the key is admitted, as after a
   * load.
   *
   * @return whether it was a hit
   */
  public boolean access(K key) {
    if (cache.getIfPresent(key) != null) {
      return true;
    }
    admit(key);
    return false;
  }

  /** Whether the tier holds {@code key} now (one {@code getIfPresent}, as a memory hit costs). */
  public boolean contains(K key) {
    return cache.getIfPresent(key) != null;
  }

  /** Admits {@code key} as a load would: a new entry, stamped with {@code System.nanoTime()}. */
  public void admit(K key) {
    MemoryEntry<Object> entry = new MemoryEntry<>(VALUE, System.nanoTime(), 0, 1);
    cache.asMap().compute(key, (k, old) -> entry);
  }

  /**
   * When the key's entry was stored, read from the entry as a hit reads it to check its TTL; -1 if
   * the tier does not hold the key.
   */
  public long storedAtNanos(K key) {
    MemoryEntry<Object> e = cache.getIfPresent(key);
    return e == null ? -1 : e.storedAtNanos();
  }

  /** The number of keys held (after pending maintenance). */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
