package com.mallquest.smartcache.internal;

import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.CacheStats;
import com.mallquest.smartcache.KeyCodec;
import com.mallquest.smartcache.RemoteChangeListener;
import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.SmartCacheException;
import com.mallquest.smartcache.SourceOfRecord;
import com.mallquest.smartcache.ValueCodec;
import com.mallquest.smartcache.Versioned;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SmartCache}: memory (Caffeine) -> Redis -> source of record. This class keeps the read
 * flow and these design notes; the tiers are {@link MemoryTier} (the Caffeine map, version floors,
 * admission, TTL checks) and {@link RedisTier} ({@link LiveRedisTier}: key layout, scripts, fill,
 * clear, outbox replay; {@link NoRedisTier} without Redis), and the counters {@link CacheMetrics}.
 *
 * <p><b>Single flight.</b> A read that misses memory loads inside Caffeine's atomic {@code
 * asMap().compute} for its key, so concurrent misses of one key on this instance wait for one load
 * (Redis, then the source) instead of each loading. {@code getAll} loads outside any lock (one
 * MGET, one {@code loadAll}) and then puts each key with {@code compute}.
 *
 * <p><b>Versions.</b> Every put is a compare: a memory entry is never replaced by an older version.
 * A load can still finish after the change that made it stale; two things refuse such a late put.
 * Each key keeps, for a while after an invalidation, a {@link VersionFloor}: the newest version a
 * write announced and the sequence number of the latest invalidation; a load that returns a lower
 * version, or started before that invalidation, is served to its caller but not cached; an entry
 * below its key's floor is not served either. And {@code invalidateAll} raises {@code
 * clearedBelow}: entries whose load started before it are not served; {@code invalidateMisses}
 * raises {@code missesClearedBelow} the same way for misses only, so a bulk insert costs no work
 * per key. Invalidations set the floor first and then remove the entry with a keyed operation,
 * which waits for a load in flight on that key, so the late put is either refused or removed. The
 * stream reader leaves that removal to the common pool, so that a slow source load of one key never
 * holds up the invalidations of all the others; the floor already hides the entry.
 *
 * <p><b>Order of a write.</b> Redis first (the Lua compare-and-set and the stream append), then
 * memory: a load that starts in between already sees the new value (or a tombstone) in Redis.
 * {@code invalidate} has no version, so it cannot be ordered against a {@code written} of the same
 * key that arrives soon after it: such a write is not stored (in memory while the key's floor
 * lasts, in Redis while its tombstone does), it only drops older copies, and the next read asks the
 * source.
 *
 * <p><b>Expiry.</b> Caffeine only bounds the memory tier (entries or bytes); it does not expire
 * anything, because an expiring Caffeine reads {@code System.nanoTime()} on every hit (ADR 0014).
 * Each entry records when it was stored ({@code ticker}, precise), and a hit compares that with one
 * read of {@code clock} (a {@link CoarseTicker} by default): an entry older than its TTL (the
 * memory TTL, or the negative TTL for a cached miss) is not served, and the next load replaces it;
 * until then it only holds room the size bound already counts. A reading of the coarse clock lags
 * the precise one by up to its period, so an entry is served at most its TTL plus that period.
 *
 * <p><b>Degraded mode.</b> When Redis is configured but not trusted ({@link RedisLink#available()}
 * false, or this cache's stream position unknown), this instance may miss other instances'
 * invalidations, so memory entries older than the degraded TTL are treated as misses. Without Redis
 * at all the manager is a single instance and memory entries live their TTL.
 */
public final class TieredCache<K, V> implements SmartCache<K, V> {

  private static final Logger log = LoggerFactory.getLogger(TieredCache.class);

  private enum Tier {
    MEMORY,
    NEGATIVE,
    REDIS,
    SOURCE
  }

  private final CacheConfig<K, V> config;
  private final String name;
  private final KeyCodec<K> keyCodec;
  private final SourceOfRecord<K, V> source;
  private final ValueCodec codec;
  private final boolean weighBytes;
  private final CacheMetrics metrics;
  private final MemoryTier<K, V> memory;
  private final RedisTier<K> redis;
  private final RemoteChangeListener<? super K> remoteChanges;

  /** A cache per {@code config}, sharing the manager's {@code context}. */
  public TieredCache(CacheConfig<K, V> config, CacheContext context) {
    this.config = config;
    this.name = config.name();
    this.keyCodec = config.keyCodec();
    this.source = config.source();
    this.codec = context.codec();
    this.weighBytes = config.memoryLimitCountsBytes();
    this.metrics = new CacheMetrics(name);
    this.memory = new MemoryTier<>(config, context.ticker(), context.clock(), metrics);
    this.redis = RedisTier.of(config, context, metrics);
    this.remoteChanges = config.remoteChangeListener().orElse(null);
  }

  /** The key of a cache's invalidation stream on one Redis: {@code <namespace>:<cache>#stream}. */
  public static String streamKeyOf(String namespace, String cache) {
    return LiveRedisTier.streamKeyOf(namespace, cache);
  }

  /** Registers this cache's meters. */
  public void registerMeters(MeterRegistry registry) {
    metrics.register(registry, () -> memory.size(false), config.memoryLimit(), redis::available);
  }

  /** Removes this cache's meters (the manager closes). */
  public void unregisterMeters() {
    metrics.unregister();
  }

  @Override
  public String name() {
    return name;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Optional<Versioned<V>> get(K key) {
    Objects.requireNonNull(key, "key");
    MemoryEntry<V> present = memory.present(key);
    if (present != null && memory.usable(key, present, redis.coherent())) {
      return served(present);
    }
    Load<V> load = new Load<>();
    memory.compute(
        key,
        (k, held) -> {
          if (held != null && memory.usable(k, held, redis.coherent())) {
            load.served(held.value(), held.isMiss() ? Tier.NEGATIVE : Tier.MEMORY);
            return held;
          }
          metrics.recordBelowMemory();
          MemoryEntry<V> old = memory.unexpired(held);
          MemoryEntry<V> stored = loadOne(k, old, load);
          // An unusable entry that the load could not replace (a floor refused it) only takes room.
          return stored == old && old != null ? null : stored;
        });
    count(load.tier, load.value != null);
    return Optional.ofNullable(load.value);
  }

  @Override
  public Optional<Versioned<V>> getIfPresent(K key) {
    Objects.requireNonNull(key, "key");
    MemoryEntry<V> present = memory.present(key);
    if (present != null && memory.usable(key, present, redis.coherent())) {
      return served(present);
    }
    metrics.recordMemoryMiss();
    return Optional.empty();
  }

  @Override
  public Map<K, Versioned<V>> getAll(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    Set<K> distinct = new LinkedHashSet<>(keys.size());
    for (K key : keys) {
      distinct.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    Map<K, Versioned<V>> found = new HashMap<>(distinct.size());
    List<K> missing = new ArrayList<>();
    for (K key : distinct) {
      MemoryEntry<V> present = memory.present(key);
      if (present != null && memory.usable(key, present, redis.coherent())) {
        served(present).ifPresent(v -> found.put(key, v));
      } else {
        metrics.recordBelowMemory();
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      loadMissing(missing, found);
    }
    Map<K, Versioned<V>> result = new LinkedHashMap<>(found.size() * 2);
    for (K key : distinct) {
      Versioned<V> v = found.get(key);
      if (v != null) {
        result.put(key, v);
      }
    }
    return Collections.unmodifiableMap(result);
  }

  private Optional<Versioned<V>> served(MemoryEntry<V> e) {
    if (e.isMiss()) {
      metrics.recordNegativeHit();
      return Optional.empty();
    }
    metrics.recordMemoryHit();
    return e.served();
  }

  private void count(Tier tier, boolean found) {
    switch (tier) {
      case MEMORY -> metrics.recordMemoryHit();
      case NEGATIVE -> metrics.recordNegativeHit();
      case REDIS -> metrics.recordRedisHit();
      case SOURCE -> metrics.recordSourceLoad(found);
    }
  }

  /** Whether this instance hears every other instance's invalidations of this cache right now. */
  boolean coherent() {
    return redis.coherent();
  }

  /** Loads one key inside the memory tier's compute for it; returns what to store (or null). */
  private MemoryEntry<V> loadOne(K key, MemoryEntry<V> old, Load<V> load) {
    long seq = memory.sequence();
    RedisTier.Seen seen = redis.see(key);
    byte[] raw = seen.raw();
    if (raw != null) {
      Optional<Versioned<V>> cached = decodeUsable(key, raw);
      if (cached.isPresent()) {
        MemoryEntry<V> entry = memory.entry(cached.get(), payloadLength(raw), seq);
        MemoryEntry<V> stored = memory.admit(key, old, entry);
        load.served(newest(cached.get(), stored), Tier.REDIS);
        return stored;
      }
    }
    Optional<Versioned<V>> loaded = loadFromSource(key);
    if (loaded.isEmpty()) {
      load.served(null, Tier.SOURCE);
      return memory.admit(key, old, memory.missEntry(seq));
    }
    Versioned<V> value = loaded.get();
    byte[] payload = encodeIfNeeded(value);
    redis.fill(key, value.version(), payload, seen);
    MemoryEntry<V> stored = memory.admit(key, old, memory.entry(value, weight(payload), seq));
    load.served(newest(value, stored), Tier.SOURCE);
    return stored;
  }

  private void loadMissing(List<K> missing, Map<K, Versioned<V>> found) {
    long seq = memory.sequence();
    Map<K, RedisTier.Seen> seen = new HashMap<>();
    List<K> fromSource = missing;
    List<RedisTier.Seen> values = redis.seeAll(missing);
    if (values != null) {
      fromSource = new ArrayList<>();
      for (int i = 0; i < missing.size(); i++) {
        K key = missing.get(i);
        seen.put(key, values.get(i));
        byte[] raw = values.get(i).raw();
        Optional<Versioned<V>> cached = Optional.empty();
        if (raw != null) {
          cached = decodeUsable(key, raw);
        }
        if (cached.isPresent()) {
          metrics.recordRedisHit();
          MemoryEntry<V> stored =
              memory.put(key, memory.entry(cached.get(), payloadLength(raw), seq));
          found.put(key, newest(cached.get(), stored));
        } else {
          fromSource.add(key);
        }
      }
    }
    if (fromSource.isEmpty()) {
      return;
    }
    Map<K, Versioned<V>> loaded = loadAllFromSource(fromSource);
    for (K key : fromSource) {
      Versioned<V> value = loaded.get(key);
      if (value == null) {
        metrics.recordSourceLoad(false);
        memory.put(key, memory.missEntry(seq));
        continue;
      }
      metrics.recordSourceLoad(true);
      byte[] payload = encodeIfNeeded(value);
      redis.fill(key, value.version(), payload, seen.getOrDefault(key, RedisTier.Seen.NOTHING));
      MemoryEntry<V> stored = memory.put(key, memory.entry(value, weight(payload), seq));
      found.put(key, newest(value, stored));
    }
  }

  private Optional<Versioned<V>> loadFromSource(K key) {
    long start = System.nanoTime();
    try {
      return Objects.requireNonNull(source.load(key), "source of record returned null for " + key);
    } catch (RuntimeException | Error e) {
      metrics.recordLoadFailure();
      throw e;
    } finally {
      metrics.recordLoad(System.nanoTime() - start);
    }
  }

  private Map<K, Versioned<V>> loadAllFromSource(List<K> keys) {
    long start = System.nanoTime();
    try {
      return Objects.requireNonNull(
          source.loadAll(Collections.unmodifiableList(keys)),
          "source of record returned null from loadAll");
    } catch (RuntimeException | Error e) {
      metrics.recordLoadFailure();
      throw e;
    } finally {
      metrics.recordLoad(System.nanoTime() - start);
    }
  }

  /** A value read from Redis, unless it does not decode or a write announced a newer version. */
  private Optional<Versioned<V>> decodeUsable(K key, byte[] raw) {
    RedisValue stored = RedisValue.parse(raw);
    if (stored.kind() != RedisValue.Kind.VALUE) {
      return Optional.empty();
    }
    if (memory.belowFloor(key, stored.version())) {
      return Optional.empty();
    }
    try {
      V value = codec.decode(stored.payload(), config.valueType());
      return Optional.of(Versioned.of(value, stored.version()));
    } catch (SmartCacheException.CodecException
        | IllegalArgumentException
        | NullPointerException e) {
      log.warn(
          "cache {}: undecodable Redis value for key {} ({}); loading from the source",
          name,
          keyCodec.encode(key),
          e.toString());
      return Optional.empty();
    }
  }

  /** What to serve after a load: the stored entry if it is newer than what was loaded. */
  private static <V> Versioned<V> newest(Versioned<V> loaded, MemoryEntry<V> stored) {
    return stored != null && stored.isNewerThan(loaded.version()) ? stored.value() : loaded;
  }

  /** The codec bytes' length in a stored value, for the weigher (the same as a fresh encoding). */
  private static int payloadLength(byte[] stored) {
    RedisValue parsed = RedisValue.parse(stored);
    return stored.length - parsed.payloadOffset();
  }

  private static int weight(byte[] payload) {
    return payload == null ? 1 : payload.length;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void written(K key, Versioned<V> value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    byte[] payload = encodeIfNeeded(value);
    redis.written(key, value.version(), payload);
    memory.written(key, value, weight(payload));
  }

  @Override
  public void writtenLocally(K key, Versioned<V> value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    memory.written(key, value, weighBytes ? codec.encode(value.value()).length : 1);
  }

  @Override
  public void writtenAll(Map<? extends K, ? extends Versioned<V>> values) {
    Objects.requireNonNull(values, "values");
    List<K> keys = new ArrayList<>(values.size());
    List<Versioned<V>> versioned = new ArrayList<>(values.size());
    for (Map.Entry<? extends K, ? extends Versioned<V>> e : values.entrySet()) {
      keys.add(Objects.requireNonNull(e.getKey(), "values must not contain a null key"));
      versioned.add(Objects.requireNonNull(e.getValue(), "values must not contain a null value"));
    }
    List<byte[]> payloads = new ArrayList<>(keys.size());
    List<Long> versions = new ArrayList<>(keys.size());
    for (Versioned<V> value : versioned) {
      payloads.add(encodeIfNeeded(value));
      versions.add(value.version());
    }
    redis.writtenAll(keys, versions, payloads);
    for (int i = 0; i < keys.size(); i++) {
      memory.written(keys.get(i), versioned.get(i), weight(payloads.get(i)));
    }
  }

  @Override
  public void invalidate(K key) {
    Objects.requireNonNull(key, "key");
    redis.invalidate(key);
    memory.invalidated(key);
  }

  @Override
  public void invalidateAllKeys(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    Set<K> distinct = new LinkedHashSet<>(keys.size());
    for (K key : keys) {
      distinct.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    redis.invalidateAll(distinct);
    distinct.forEach(memory::invalidated);
  }

  @Override
  public void invalidateAll() {
    redis.clear();
    memory.clear();
  }

  @Override
  public void invalidateMisses() {
    redis.invalidateMisses();
    memory.dropMisses();
  }

  private byte[] encodeIfNeeded(Versioned<V> value) {
    return redis.storesValues() || weighBytes ? codec.encode(value.value()) : null;
  }

  // ---------------------------------------------------------------- the stream reader's side

  /** The cache's invalidation streams and the stream reader's position in each. */
  List<CacheStream> streams() {
    return redis.streams();
  }

  /**
   * Applies another instance's message: {@code op} w(ritten), i(nvalidated), c(leared) or m(isses
   * invalidated).
   */
  void applyRemote(String op, String encodedKey, long version, long lagMillis) {
    metrics.recordLag(lagMillis);
    switch (op) {
      case "w" -> {
        K key = keyCodec.decode(encodedKey);
        memory.writtenElsewhere(key, version);
        tellChanged(key);
      }
      case "i" -> {
        K key = keyCodec.decode(encodedKey);
        memory.invalidatedElsewhere(key);
        tellChanged(key);
      }
      case "c" -> memoryLost();
      case "m" -> memory.dropMisses();
      default -> log.warn("cache {}: unknown stream operation '{}' ignored", name, op);
    }
  }

  private void tellChanged(K key) {
    if (remoteChanges != null) {
      try {
        remoteChanges.changed(key);
      } catch (RuntimeException e) {
        log.warn("cache {}: remote change listener failed: {}", name, e.toString());
      }
    }
  }

  /**
   * Drops the whole memory tier because copies here may be stale (another instance cleared the
   * cache, messages were missed, or Redis restarted), and tells the remote change listener.
   */
  void memoryLost() {
    clearMemory();
    if (remoteChanges != null) {
      try {
        remoteChanges.cleared();
      } catch (RuntimeException e) {
        log.warn("cache {}: remote change listener failed: {}", name, e.toString());
      }
    }
  }

  /** Drops the whole memory tier, and any load in flight. */
  void clearMemory() {
    memory.clear();
  }

  /** Replays changes that did not reach Redis; called by the stream reader once it is connected. */
  boolean flushOutbox() {
    return redis.flushOutbox();
  }

  // ---------------------------------------------------------------- inspection

  @Override
  public Optional<Map<K, Long>> sharedVersions(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    if (!redis.storesValues()) {
      return Optional.empty();
    }
    List<K> distinct = new ArrayList<>(new LinkedHashSet<K>(keys));
    distinct.forEach(k -> Objects.requireNonNull(k, "keys must not contain null"));
    if (distinct.isEmpty()) {
      return Optional.of(Map.of());
    }
    List<byte[]> values = redis.getAll(distinct);
    if (values == null) {
      return Optional.empty();
    }
    Map<K, Long> versions = new LinkedHashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      byte[] value = values.get(i);
      if (value != null) {
        RedisValue stored = RedisValue.parse(value);
        if (stored.kind() == RedisValue.Kind.VALUE) {
          versions.put(distinct.get(i), stored.version());
        }
      }
    }
    return Optional.of(Collections.unmodifiableMap(versions));
  }

  // ---------------------------------------------------------------- stats

  @Override
  public CacheStats stats() {
    return stats(redis.keyCount());
  }

  /** Statistics with a Redis key count obtained by the caller. */
  public CacheStats stats(long redisKeys) {
    // Pending maintenance first, so that the evictions it makes are counted in the snapshot.
    long size = memory.size(true);
    CacheMetrics.Snapshot m = metrics.snapshot();
    return new CacheStats(
        name,
        size,
        config.memoryLimit(),
        config.memoryLimitCountsBytes(),
        redis.available(),
        redisKeys,
        m.hitRatio(),
        m.requests(),
        m.memoryHits(),
        m.redisHits(),
        m.sourceLoads(),
        m.negativeHits(),
        m.loadFailures(),
        m.evictions(),
        m.redisErrors(),
        m.averageLoadNanos(),
        m.invalidationsReceived(),
        m.lastLagMillis(),
        redis.state());
  }

  @Override
  public String toString() {
    return "TieredCache[" + config + ", redis=" + redis + "]";
  }

  /** The outcome of one single-key load, passed out of the compute. */
  private static final class Load<V> {
    Versioned<V> value;
    Tier tier = Tier.SOURCE;

    void served(Versioned<V> value, Tier tier) {
      this.value = value;
      this.tier = tier;
    }
  }
}
