package com.mallquest.smartcache;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * One named, three-tier cache: memory (Caffeine) -> Redis -> {@link SourceOfRecord}.
 *
 * <p><b>Contract.</b> The cache is never the only copy of anything: every value comes from the
 * source of record, and a write reaches the cache only after the application committed it there
 * ({@link #written}). No tier replaces a newer version with an older one. Redis failures never reach
 * the caller; the cache then serves from memory (entries no older than the degraded TTL) and the
 * source. All methods are thread-safe; keys and values are never {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface SmartCache<K, V> {

  /** The cache's name, unique within its manager. */
  String name();

  /**
   * Read-through: memory, then Redis, then the source. Concurrent misses of one key on this instance
   * cause one source load (single flight). A key the source does not have is cached as a miss for the
   * negative-result TTL.
   *
   * @return the value with its version, or empty if the source has no such key
   * @throws RuntimeException whatever the source of record threw (never a Redis exception)
   */
  Optional<Versioned<V>> get(K key);

  /** Like {@link #get} but returns the bare value. */
  default Optional<V> getValue(K key) {
    return get(key).map(Versioned::value);
  }

  /** The value if the memory tier holds it; never calls Redis or the source. */
  Optional<Versioned<V>> getIfPresent(K key);

  /**
   * Batch read-through: keys missing from memory are fetched from Redis in one round trip, and the
   * rest from the source in one {@link SourceOfRecord#loadAll} call.
   *
   * @return the keys that exist, with their values; absent keys are left out
   */
  Map<K, Versioned<V>> getAll(Collection<? extends K> keys);

  /**
   * Tells the cache that {@code value} was committed to the source of record. Puts it in memory and
   * Redis unless a newer version is there, and tells every other instance, which drops its older
   * copy. Call after the database transaction commits, never before.
   */
  void written(K key, Versioned<V> value);

  /**
   * Drops {@code key} from every tier on every instance (for deletes, or writes whose new value the
   * caller does not have). The next read loads from the source.
   */
  void invalidate(K key);

  /** Drops every entry of this cache from every tier on every instance. */
  void invalidateAll();

  /**
   * Stops serving every cached miss (a key the source did not have) on every instance; values stay.
   * For bulk inserts, after the commit: a new row can only be hidden by a remembered miss, and
   * announcing each new key with {@link #written} would cost a Redis round trip per key. This call
   * does no work per key: misses loaded before it are not served again, so each is asked of the
   * source once more. Other instances hear of it through one stream message.
   */
  void invalidateMisses();

  /**
   * The versions the shared tier (Redis) holds for these keys, read in one round trip without
   * touching the memory tier, the source or the statistics: for checks that compare the cache with
   * the source of record. A key without a value in Redis (absent, expired, or a tombstone left by
   * {@link #invalidate}) is left out: it is not cached, so it cannot be stale.
   *
   * <p>The default implementation has no shared tier and answers empty.
   *
   * @return the version per cached key; empty if Redis is not configured or did not answer
   */
  default Optional<Map<K, Long>> sharedVersions(Collection<? extends K> keys) {
    return Optional.empty();
  }

  /** A snapshot of this cache's statistics. */
  CacheStats stats();
}
