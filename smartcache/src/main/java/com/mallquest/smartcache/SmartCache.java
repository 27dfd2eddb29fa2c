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
   * {@link #written} for many keys at once, with the same semantics per key (the Redis
   * compare-and-set on the version, one stream message per key, the memory version floors), sent to
   * Redis as one pipeline: one round trip for the whole batch instead of one per key. Keys whose
   * command failed or timed out are replayed once Redis is back, like a failed {@link #written}. Not
   * atomic: other callers may see some keys of the batch written before others. Call after the
   * database transaction commits, never before.
   *
   * <p>The default implementation calls {@link #written} per key.
   *
   * @param values the committed values by key
   * @throws NullPointerException if {@code values}, or a key or value in it, is {@code null}
   */
  default void writtenAll(Map<? extends K, ? extends Versioned<V>> values) {
    values.forEach(this::written);
  }

  /**
   * Drops {@code key} from every tier on every instance (for deletes, or writes whose new value the
   * caller does not have). The next read loads from the source.
   */
  void invalidate(K key);

  /**
   * {@link #invalidate} for many keys at once, sent to Redis as one pipeline (one round trip for the
   * batch). Keys whose command failed are replayed once Redis is back. Not atomic.
   *
   * <p>The default implementation calls {@link #invalidate} per key.
   *
   * @param keys the keys to drop
   * @throws NullPointerException if {@code keys}, or a key in it, is {@code null}
   */
  default void invalidateAllKeys(Collection<? extends K> keys) {
    keys.forEach(this::invalidate);
  }

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

  /** A snapshot of this cache's statistics. */
  CacheStats stats();
}
