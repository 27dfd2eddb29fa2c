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
   * What a load saw in Redis before it read the source, handed back to {@link #fill}: the key's
   * stored bytes ({@code <version>|V...} or a tombstone; null if none) and its group's clear
   * generation (empty if none). Redis refuses the fill if either moved in between.
   *
   * @param raw the stored bytes, or null
   * @param generation the clear generation, never null
   */
  record Seen(byte[] raw, byte[] generation) {

    /** Nothing seen: no Redis, or no answer. */
    static final Seen NOTHING = new Seen(null, new byte[0]);
  }

  /** What {@code key} holds now, with its clear generation; {@link Seen#NOTHING} if no answer. */
  Seen see(K key);

  /** {@link #see} for each key, in order, in one round trip; null if Redis did not answer. */
  List<Seen> seeAll(List<K> keys);

  /** The stored bytes of each key, in order (null where none), or null if Redis did not answer. */
  List<byte[]> getAll(List<K> keys);

  /**
   * Stores a value loaded from the source, without waiting, unless Redis holds something newer, an
   * invalidation the loader did not see, or was cleared since ({@code seen}: what the loader read
   * before loading).
   */
  void fill(K key, long version, byte[] payload, Seen seen);

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
