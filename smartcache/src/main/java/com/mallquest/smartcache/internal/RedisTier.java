package com.mallquest.smartcache.internal;

import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.CacheStats;
import java.util.Collection;
import java.util.List;

/**
 * A cache's Redis tier: its key layout, the Lua scripts' arguments, fills, writes, invalidations,
 * clears and the outbox that replays them after an outage. {@link #of} gives {@link LiveRedisTier}
 * when the manager has Redis and {@link NoRedisTier}, a stand-in that does nothing and is always
 * coherent, when it has not: {@link TieredCache} never asks whether Redis is configured.
 *
 * <p>No method throws a Redis exception: failures are counted ({@code smartcache.redis.errors}) and
 * changes that did not reach Redis go to the outbox.
 *
 * @param <K> the key type
 */
interface RedisTier<K> {

  /** The tier for a cache of {@code config} in {@code context}. */
  static <K> RedisTier<K> of(CacheConfig<K, ?> config, CacheContext context, CacheMetrics metrics) {
    return context
        .link()
        .<RedisTier<K>>map(link -> new LiveRedisTier<>(config, context, link, metrics))
        .orElseGet(() -> new NoRedisTier<>(context.namespace(), config.name()));
  }

  /** Whether values are stored here (so they must be encoded). */
  boolean storesValues();

  /** Whether this instance hears every other instance's invalidations of this cache right now. */
  boolean coherent();

  /** Whether Redis is configured and trusted now. */
  boolean available();

  /** The tier's state, for statistics. */
  CacheStats.RedisState state();

  /**
   * The stored bytes of {@code key} ({@code <version>|V...} or a tombstone), or null if none or no
   * answer.
   */
  byte[] get(K key);

  /** The stored bytes of each key, in order (null where none), or null if Redis did not answer. */
  List<byte[]> getAll(List<K> keys);

  /**
   * Stores a value loaded from the source, without waiting, unless Redis holds something newer or
   * an invalidation the loader did not see ({@code seen}: what it read before loading).
   */
  void fill(K key, long version, byte[] payload, byte[] seen);

  /** A committed write: compare-and-set plus stream message, or the outbox. */
  void written(K key, long version, byte[] payload);

  /** {@link #written} for many keys, as one pipeline. */
  void writtenAll(List<K> keys, List<Long> versions, List<byte[]> payloads);

  /** An invalidation: tombstone plus stream message, or the outbox. */
  void invalidate(K key);

  /** {@link #invalidate} for many keys, as one pipeline. */
  void invalidateAll(Collection<K> keys);

  /**
   * Deletes every key of the cache (SCAN + UNLINK) and announces it, or leaves it to the outbox.
   */
  void clear();

  /** Announces that cached misses are void, or leaves a clear to the outbox. */
  void invalidateMisses();

  /** The cache's keys in Redis (a bounded SCAN), or -1 if unknown. */
  long keyCount();

  // ---------------------------------------------------------------- the stream reader's side

  /** The cache's invalidation streams (one per stream group) and the reader's position in each. */
  List<CacheStream> streams();

  /** Replays what did not reach Redis; false if Redis failed again. */
  boolean flushOutbox();
}
