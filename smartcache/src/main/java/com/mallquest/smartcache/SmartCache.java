package com.mallquest.smartcache;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * One named, three-tier cache: memory (Caffeine) -> Redis -> {@link SourceOfRecord}. Instances come
 * from {@link SmartCacheManager#createCache}.
 *
 * <p><b>Contract.</b> The cache is never the only copy of anything: every value comes from the
 * source of record, and a write reaches the cache only after the application committed it there
 * ({@link #written}). No tier replaces a newer version with an older one. Redis failures never
 * reach the caller; the cache then serves from memory (entries no older than the degraded TTL) and
 * the source. All methods are thread-safe; keys and values are never {@code null}.
 *
 * <p><b>Blocking.</b> A memory hit does no I/O and takes no lock. Everything else may wait for
 * Redis, at most the manager's command timeout per round trip ({@link
 * SmartCacheManager#DEFAULT_COMMAND_TIMEOUT}, 50 ms, unless configured), and not at all while the
 * circuit breaker is open or Redis is not connected (the command is then skipped and, for writes,
 * kept in an outbox that is replayed when Redis is back). Reads may also wait for the source of
 * record, for as long as it takes. The first use of each Lua script after Redis restarted costs one
 * more round trip ({@code EVALSHA} answered {@code NOSCRIPT}, then {@code EVAL}).
 *
 * <p><b>The source of record runs inside the key's lock.</b> {@link #get} loads a missing key
 * inside the memory tier's atomic {@code compute} for that key (that is what makes it
 * single-flight): {@link SourceOfRecord#load} must not call back into the same cache, for any key
 * (for the same key it would wait for itself; for another key it may deadlock against a load of
 * that key, as in Caffeine's {@code Cache.get(key, mappingFunction)}). It may use other caches.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface SmartCache<K, V> {

  /** The cache's name, unique within its manager. */
  String name();

  /**
   * Read-through: memory, then Redis, then the source. Concurrent misses of one key on this
   * instance cause one source load (single flight): the other callers wait for it inside the key's
   * compute. A key the source does not have is cached as a miss for the negative-result TTL.
   *
   * <p>Blocks on a memory miss: one Redis {@code GET} (at most the command timeout), then, if Redis
   * does not have the key, {@link SourceOfRecord#load}, which runs inside the key's compute (see
   * the class comment). The value loaded from the source is written to Redis without waiting.
   *
   * @param key the key
   * @return the value with its version, or empty if the source has no such key
   * @throws NullPointerException if {@code key} is null, or the source returned {@code null}
   *     instead of an {@code Optional}
   * @throws RuntimeException whatever the source of record threw, unchanged (nothing is cached
   *     then); never a Redis exception
   * @throws Error whatever the source of record threw
   */
  Optional<Versioned<V>> get(K key);

  /**
   * Like {@link #get} but returns the bare value; blocks and throws as {@link #get} does.
   *
   * @throws NullPointerException if {@code key} is null
   */
  default Optional<V> getValue(K key) {
    return get(key).map(Versioned::value);
  }

  /**
   * The value if the memory tier holds it and may serve it (not expired, not stale); never calls
   * Redis or the source and never blocks.
   *
   * @throws NullPointerException if {@code key} is null
   */
  Optional<Versioned<V>> getIfPresent(K key);

  /**
   * Batch read-through: keys missing from memory are fetched from Redis in one round trip ({@code
   * MGET}, at most the command timeout), and the rest from the source in one {@link
   * SourceOfRecord#loadAll} call; the values loaded are written to Redis pipelined, without
   * waiting.
   *
   * <p><b>Not single-flight:</b> the source is called outside any lock, so concurrent {@code
   * getAll} (or {@code get}) calls that miss the same key may each load it. Loaded values are then
   * put with a version compare, so the newest is kept. Duplicate keys are looked up once.
   *
   * @param keys the keys to look up
   * @return the keys that exist, with their values, in the order of {@code keys}; absent keys are
   *     left out. Unmodifiable.
   * @throws NullPointerException if {@code keys} or any key in it is null
   * @throws RuntimeException whatever {@link SourceOfRecord#loadAll} threw (values already found
   *     are lost to the caller but stay cached); never a Redis exception
   */
  Map<K, Versioned<V>> getAll(Collection<? extends K> keys);

  /**
   * Tells the cache that {@code value} was committed to the source of record. Puts it in memory and
   * Redis unless a newer version is there, and tells every other instance, which drops its older
   * copy. Call after the database transaction commits, never before.
   *
   * <p>Blocks for one Redis round trip (a Lua compare-and-set and stream append), at most the
   * command timeout; if Redis does not answer in time the change is kept in the outbox and replayed
   * when Redis is back (other instances hear of it then).
   *
   * @throws NullPointerException if {@code key} or {@code value} is null
   * @throws SmartCacheException.CodecException if the value cannot be encoded (only encoded when
   *     Redis is configured or the memory tier is bounded by bytes); never a Redis exception
   */
  void written(K key, Versioned<V> value);

  /**
   * This instance committed {@code value}, and something else will call {@link #written} or {@link
   * #writtenAll} for it soon (a transactional outbox's relay, say): only this instance's memory
   * tier takes it now, under the same version rule as {@link #written} (an older version never
   * replaces a newer one), with no Redis round trip and no message to other instances. Reads here
   * see the write at once; other instances see it when the later {@link #written} reaches Redis.
   * Call after the database transaction commits, never before.
   *
   * <p>The default implementation is {@link #written}.
   *
   * @throws NullPointerException if {@code key} or {@code value} is null
   * @throws SmartCacheException.CodecException if the value cannot be encoded (only encoded when
   *     the memory tier is bounded by bytes)
   */
  default void writtenLocally(K key, Versioned<V> value) {
    written(key, value);
  }

  /**
   * {@link #written} for many keys at once, with the same semantics per key (the Redis
   * compare-and-set on the version, one stream message per key, the memory version floors), sent to
   * Redis as one pipeline: one round trip for the whole batch instead of one per key, so it blocks
   * for about one command timeout at most. Keys whose command failed or timed out are replayed once
   * Redis is back, like a failed {@link #written}. Not atomic: other callers may see some keys of
   * the batch written before others. Call after the database transaction commits, never before.
   *
   * <p>The default implementation calls {@link #written} per key.
   *
   * @param values the committed values by key
   * @throws NullPointerException if {@code values}, or a key or value in it, is {@code null}
   *     (nothing is written then)
   * @throws SmartCacheException.CodecException if a value cannot be encoded (nothing is written
   *     then)
   */
  default void writtenAll(Map<? extends K, ? extends Versioned<V>> values) {
    values.forEach(this::written);
  }

  /**
   * Drops {@code key} from every tier on every instance (for deletes, or writes whose new value the
   * caller does not have). The next read loads from the source.
   *
   * <p>Blocks for one Redis round trip, at most the command timeout (then the outbox replays it).
   * An invalidation carries no version: a {@link #written} of the same key within about a minute
   * after it is not cached (the next read asks the source); prefer {@code written} when the new
   * value is at hand.
   *
   * @throws NullPointerException if {@code key} is null
   */
  void invalidate(K key);

  /**
   * {@link #invalidate} for many keys at once, sent to Redis as one pipeline (one round trip for
   * the batch, at most about one command timeout). Keys whose command failed are replayed once
   * Redis is back. Not atomic.
   *
   * <p>The default implementation calls {@link #invalidate} per key.
   *
   * @param keys the keys to drop
   * @throws NullPointerException if {@code keys}, or a key in it, is {@code null} (nothing is
   *     invalidated then)
   */
  default void invalidateAllKeys(Collection<? extends K> keys) {
    keys.forEach(this::invalidate);
  }

  /**
   * Drops every entry of this cache from every tier on every instance.
   *
   * <p><b>Not atomic:</b> Redis keys are deleted page by page ({@code SCAN} + {@code UNLINK}, 1,000
   * keys a page, each page at most the command timeout), so this blocks in proportion to the number
   * of keys in Redis, and a {@link #written} that runs meanwhile may survive or be deleted. This
   * instance's memory is cleared after that (loads in flight are then not stored). Other instances
   * clear their memory when the stream message that follows the deletion reaches them.
   */
  void invalidateAll();

  /**
   * Stops serving every cached miss (a key the source did not have) on every instance; values stay.
   * For bulk inserts, after the commit: a new row can only be hidden by a remembered miss, and
   * announcing each new key with {@link #written} would cost a Redis round trip per key. This call
   * does no work per key: misses loaded before it are not served again, so each is asked of the
   * source once more. Other instances hear of it through one stream message; blocks for that one
   * round trip, at most the command timeout.
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

  /**
   * A snapshot of this cache's statistics.
   *
   * <p><b>Does I/O:</b> counting this cache's Redis keys is a {@code SCAN} of the cache's key space
   * (up to 1,000 pages of 1,000 keys, each page at most the command timeout). Call it from
   * monitoring, not from the request path; {@code redisKeys} is -1 when Redis did not answer.
   */
  CacheStats stats();
}
