package com.mallquest.smartcache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.CacheStats;
import com.mallquest.smartcache.KeyCodec;
import com.mallquest.smartcache.RemoteChangeListener;
import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.SmartCacheException;
import com.mallquest.smartcache.SourceOfRecord;
import com.mallquest.smartcache.ValueCodec;
import com.mallquest.smartcache.Versioned;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SmartCache}: memory (Caffeine) -> Redis -> source of record.
 *
 * <p><b>Single flight.</b> A read that misses memory loads inside Caffeine's atomic
 * {@code asMap().compute} for its key, so concurrent misses of one key on this instance wait for
 * one load (Redis, then the source) instead of each loading. {@code getAll} loads outside any lock
 * (one MGET, one {@code loadAll}) and then puts each key with {@code compute}.
 *
 * <p><b>Versions.</b> Every put is a compare: a memory entry is never replaced by an older version.
 * A load can still finish after the change that made it stale; two things refuse such a late put.
 * Each key keeps, for a while after an invalidation, a {@link VersionFloor}: the newest version a
 * write announced and the sequence number of the latest invalidation; a load that returns a lower
 * version, or started before that invalidation, is served to its caller but not cached; an entry
 * below its key's floor is not served either. And {@code invalidateAll} raises {@code clearedBelow}:
 * entries whose load started before it are not served; {@code invalidateMisses} raises {@code
 * missesClearedBelow} the same way for misses only, so a bulk insert costs no work per key.
 * Invalidations set the floor first and then
 * remove the entry with a keyed operation, which waits for a load in flight on that key, so the late
 * put is either refused or removed. The stream reader leaves that removal to the common pool, so that
 * a slow source load of one key never holds up the invalidations of all the others; the floor already
 * hides the entry.
 *
 * <p><b>Order of a write.</b> Redis first (the Lua compare-and-set and the stream append), then
 * memory: a load that starts in between already sees the new value (or a tombstone) in Redis.
 * {@code invalidate} has no version, so it cannot be ordered against a {@code written} of the same
 * key that arrives soon after it: such a write is not stored (in memory while the key's floor lasts,
 * in Redis while its tombstone does), it only drops older copies, and the next read asks the source.
 *
 * <p><b>Expiry.</b> Caffeine only bounds the memory tier (entries or bytes); it does not expire
 * anything, because an expiring Caffeine reads {@code System.nanoTime()} on every hit (ADR 0014).
 * Each entry records when it was stored ({@code ticker}, precise), and a hit compares that with one
 * read of {@code clock} (a {@link CoarseTicker} by default): an entry older than its TTL (the memory
 * TTL, or the negative TTL for a cached miss) is not served, and the next load replaces it; until then
 * it only holds room the size bound already counts. A reading of the coarse clock lags the precise
 * one by up to its period, so an entry is served at most its TTL plus that period.
 *
 * <p><b>Degraded mode.</b> When Redis is configured but not trusted ({@link RedisLink#available()}
 * false, or this cache's stream position unknown), this instance may miss other instances'
 * invalidations, so memory entries older than the degraded TTL are treated as misses. Without Redis
 * at all the manager is a single instance and memory entries live their TTL.
 */
public final class TieredCache<K, V> implements SmartCache<K, V> {

  /** How long an invalidation's tombstone keeps old loads from refilling Redis. */
  static final Duration TOMBSTONE_TTL = Duration.ofSeconds(60);
  /** How long a version floor is kept: longer than any sane source load. */
  static final Duration FLOOR_TTL = Duration.ofSeconds(60);
  /** Keys with a version floor at most; the oldest floors go first. */
  static final long FLOOR_CAPACITY = 100_000;
  /** Keys whose change waits for Redis at most, before a full clear is replayed instead. */
  static final int OUTBOX_CAPACITY = 10_000;
  static final int SCAN_COUNT = 1000;

  private static final Logger log = LoggerFactory.getLogger(TieredCache.class);
  private static final byte[] NOTHING = new byte[0];

  private enum Tier { MEMORY, NEGATIVE, REDIS, SOURCE }

  private final CacheConfig<K, V> config;
  private final String name;
  private final KeyCodec<K> keyCodec;
  private final SourceOfRecord<K, V> source;
  private final ValueCodec codec;
  private final Ticker ticker;
  private final Ticker clock;
  private final RedisLink link;
  private final String origin;
  private final String namespace;
  private final byte[] streamMaxLength;
  private final String keyPrefix;
  private final byte[] streamKey;
  private final byte[] counterKey;
  private final boolean weighBytes;
  private final long valueTtlNanos;
  private final long missTtlNanos;
  private final long degradedTtlNanos;
  private final Cache<K, MemoryEntry<V>> memory;
  private final Cache<K, VersionFloor> floors;
  private final AtomicLong sequence = new AtomicLong();
  private volatile long clearedBelow;
  private volatile long missesClearedBelow;
  private final CacheMetrics metrics;
  private final Outbox<K> outbox = new Outbox<>(OUTBOX_CAPACITY);
  private final StreamCursor cursor = new StreamCursor();
  private final RemoteChangeListener<? super K> remoteChanges;

  /** A cache per {@code config}, sharing the manager's {@code context}. */
  public TieredCache(CacheConfig<K, V> config, CacheContext context) {
    this.config = config;
    this.name = config.name();
    this.keyCodec = config.keyCodec();
    this.source = config.source();
    this.codec = context.codec();
    this.ticker = context.ticker();
    this.clock = context.clock();
    this.link = context.link().orElse(null);
    this.origin = context.instanceId();
    this.namespace = context.namespace();
    this.streamMaxLength = ascii(context.streamMaxLength());
    this.keyPrefix = context.namespace() + ":" + name + ":";
    this.streamKey = utf8(streamKeyOf(context.namespace(), name));
    this.counterKey = utf8(context.namespace() + ":" + name + "#n");
    this.weighBytes = config.memoryLimitCountsBytes();
    this.valueTtlNanos = config.memoryTtl().toNanos();
    this.missTtlNanos = config.negativeTtl().toNanos();
    this.degradedTtlNanos = config.degradedTtl().toNanos();
    this.metrics = new CacheMetrics(name);
    this.remoteChanges = config.remoteChangeListener().orElse(null);
    this.memory = memoryBuilder(config, metrics).build();
    // A hit looks its key's floor up whenever the sequence moved (under writes): the coarse clock
    // keeps that lookup from reading System.nanoTime(); a minute's expiry does not need better.
    this.floors = Caffeine.newBuilder()
        .ticker(clock)
        .expireAfterWrite(FLOOR_TTL)
        .maximumSize(FLOOR_CAPACITY)
        .build();
  }

  /** The key of a cache's invalidation stream: {@code <namespace>:<cache>#stream}. */
  public static String streamKeyOf(String namespace, String cache) {
    return namespace + ":" + cache + "#stream";
  }

  /**
   * The Caffeine builder of a cache's memory tier, exactly as every {@code TieredCache} configures it
   * (bound, eviction counting; no expiry and no ticker: TTLs are checked on read, see "Expiry"
   * above). Public so that the hit-ratio simulator of the {@code bench} module replays traces through
   * the very same settings; callers may add settings (the simulator adds
   * {@code executor(Runnable::run)}) but should not change these.
   */
  public static <K, V> Caffeine<K, MemoryEntry<V>> memoryBuilder(CacheConfig<K, V> config, CacheMetrics metrics) {
    Caffeine<K, MemoryEntry<V>> builder = Caffeine.newBuilder()
        .evictionListener((K key, MemoryEntry<V> e, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            metrics.evictions.increment();
          }
        });
    if (config.memoryLimitCountsBytes()) {
      builder.maximumWeight(config.memoryLimit()).weigher((K key, MemoryEntry<V> e) -> e.weight());
    } else {
      builder.maximumSize(config.memoryLimit());
    }
    return builder;
  }

  /** Registers this cache's meters. */
  public void registerMeters(MeterRegistry registry) {
    metrics.register(registry, memory::estimatedSize, config.memoryLimit(),
        () -> link != null && link.available());
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
    MemoryEntry<V> present = memory.getIfPresent(key);
    if (present != null && usable(key, present)) {
      return served(present);
    }
    Load<V> load = new Load<>();
    memory.asMap().compute(key, (k, held) -> {
      if (held != null && usable(k, held)) {
        load.served(held.value(), held.isMiss() ? Tier.NEGATIVE : Tier.MEMORY);
        return held;
      }
      metrics.belowMemory.increment();
      MemoryEntry<V> old = unexpired(held);
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
    MemoryEntry<V> present = memory.getIfPresent(key);
    if (present != null && usable(key, present)) {
      return served(present);
    }
    metrics.memoryMisses.increment();
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
      MemoryEntry<V> present = memory.getIfPresent(key);
      if (present != null && usable(key, present)) {
        served(present).ifPresent(v -> found.put(key, v));
      } else {
        metrics.belowMemory.increment();
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
      metrics.negativeHits.increment();
      return Optional.empty();
    }
    metrics.memoryHits.increment();
    return e.served();
  }

  private void count(Tier tier, boolean found) {
    switch (tier) {
      case MEMORY -> metrics.memoryHits.increment();
      case NEGATIVE -> metrics.negativeHits.increment();
      case REDIS -> metrics.redisHits.increment();
      case SOURCE -> (found ? metrics.sourceHits : metrics.sourceMisses).increment();
    }
  }

  /**
   * Whether a memory entry may be served now: no invalidation since made it stale (its key's floor,
   * a clear), it is younger than its TTL and, in degraded mode, younger than the degraded TTL.
   */
  private boolean usable(K key, MemoryEntry<V> e) {
    if (e.sequence() < clearedBelow) {
      return false;
    }
    // A floor can refuse an entry only if it was set after the entry's load started: floors set
    // before were checked when the entry was stored (and admit it, see VersionFloor). Every floor
    // takes a new sequence number first, so while the sequence has not moved past the entry's, the
    // floor lookup (a second hash lookup on every hit) is skipped.
    if (e.sequence() != sequence.get() && !admissible(key, e)) {
      return false;
    }
    long ageNanos = clock.read() - e.storedAtNanos();
    return ageNanos < ttlNanos(e) && (coherent() || ageNanos <= degradedTtlNanos);
  }

  /** The TTL of an entry in memory: the negative TTL for a cached miss, else the memory TTL. */
  private long ttlNanos(MemoryEntry<V> e) {
    return e.isMiss() ? missTtlNanos : valueTtlNanos;
  }

  /**
   * {@code e}, or null if it outlived its TTL: an expired entry counts as absent when a put or load
   * decides what to keep (as when Caffeine expired entries itself), so it never wins over a load.
   */
  private MemoryEntry<V> unexpired(MemoryEntry<V> e) {
    return e == null || clock.read() - e.storedAtNanos() >= ttlNanos(e) ? null : e;
  }

  /** Whether this instance hears every other instance's invalidations of this cache right now. */
  boolean coherent() {
    return link == null || (link.available() && cursor.known());
  }

  /** Loads one key inside the memory tier's compute for it; returns what to store (or null). */
  private MemoryEntry<V> loadOne(K key, MemoryEntry<V> old, Load<V> load) {
    long seq = sequence.get();
    byte[] seen = NOTHING;
    if (link != null) {
      Reply<byte[]> reply = link.call(c -> c.get(dataKey(key)));
      countRedis(reply);
      if (reply.isOk() && reply.value() != null) {
        seen = reply.value();
        Optional<Versioned<V>> cached = decodeUsable(key, seen);
        if (cached.isPresent()) {
          MemoryEntry<V> entry = entry(cached.get(), payloadLength(seen), seq);
          MemoryEntry<V> stored = admit(key, old, entry);
          load.served(newest(cached.get(), stored), Tier.REDIS);
          return stored;
        }
      }
    }
    Optional<Versioned<V>> loaded = loadFromSource(key);
    if (loaded.isEmpty()) {
      load.served(null, Tier.SOURCE);
      return admit(key, old, missEntry(seq));
    }
    Versioned<V> value = loaded.get();
    byte[] payload = encodeIfNeeded(value);
    if (link != null) {
      fill(key, value, payload, seen);
    }
    MemoryEntry<V> stored = admit(key, old, entry(value, payload == null ? 1 : payload.length, seq));
    load.served(newest(value, stored), Tier.SOURCE);
    return stored;
  }

  private void loadMissing(List<K> missing, Map<K, Versioned<V>> found) {
    long seq = sequence.get();
    Map<K, byte[]> seen = new HashMap<>();
    List<K> fromSource = missing;
    if (link != null) {
      byte[][] keys = new byte[missing.size()][];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = dataKey(missing.get(i));
      }
      Reply<List<KeyValue<byte[], byte[]>>> reply = link.call(c -> c.mget(keys));
      countRedis(reply);
      if (reply.isOk()) {
        fromSource = new ArrayList<>();
        List<KeyValue<byte[], byte[]>> values = reply.value();
        for (int i = 0; i < missing.size(); i++) {
          K key = missing.get(i);
          KeyValue<byte[], byte[]> kv = values.get(i);
          Optional<Versioned<V>> cached = Optional.empty();
          if (kv.hasValue()) {
            seen.put(key, kv.getValue());
            cached = decodeUsable(key, kv.getValue());
          }
          if (cached.isPresent()) {
            metrics.redisHits.increment();
            MemoryEntry<V> stored = put(key, entry(cached.get(), payloadLength(kv.getValue()), seq));
            found.put(key, newest(cached.get(), stored));
          } else {
            fromSource.add(key);
          }
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
        metrics.sourceMisses.increment();
        put(key, missEntry(seq));
        continue;
      }
      metrics.sourceHits.increment();
      byte[] payload = encodeIfNeeded(value);
      if (link != null) {
        fill(key, value, payload, seen.getOrDefault(key, NOTHING));
      }
      MemoryEntry<V> stored = put(key, entry(value, payload == null ? 1 : payload.length, seq));
      found.put(key, newest(value, stored));
    }
  }

  private Optional<Versioned<V>> loadFromSource(K key) {
    long start = System.nanoTime();
    try {
      return Objects.requireNonNull(source.load(key), "source of record returned null for " + key);
    } catch (RuntimeException | Error e) {
      metrics.loadFailures.increment();
      throw e;
    } finally {
      metrics.recordLoad(System.nanoTime() - start);
    }
  }

  private Map<K, Versioned<V>> loadAllFromSource(List<K> keys) {
    long start = System.nanoTime();
    try {
      return Objects.requireNonNull(source.loadAll(Collections.unmodifiableList(keys)),
          "source of record returned null from loadAll");
    } catch (RuntimeException | Error e) {
      metrics.loadFailures.increment();
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
    VersionFloor floor = floors.getIfPresent(key);
    if (floor != null && stored.version() < floor.minVersion()) {
      return Optional.empty();
    }
    try {
      V value = codec.decode(stored.payload(), config.valueType());
      return Optional.of(Versioned.of(value, stored.version()));
    } catch (SmartCacheException.CodecException | IllegalArgumentException | NullPointerException e) {
      log.warn("cache {}: undecodable Redis value for key {} ({}); loading from the source",
          name, keyCodec.encode(key), e.toString());
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- memory puts

  private MemoryEntry<V> put(K key, MemoryEntry<V> entry) {
    return memory.asMap().compute(key, (k, old) -> admit(k, unexpired(old), entry));
  }

  /**
   * The entry to keep when a load of {@code key} produced {@code entry} and memory holds {@code old}:
   * the load, unless a version floor refuses it or {@code old} is newer.
   */
  private MemoryEntry<V> admit(K key, MemoryEntry<V> old, MemoryEntry<V> entry) {
    if (entry == null || !admissible(key, entry)) {
      return old;
    }
    if (old != null && !entry.isMiss() && old.isNewerThan(entry.value().version())) {
      return old;
    }
    return entry;
  }

  private boolean admissible(K key, MemoryEntry<V> entry) {
    if (entry.sequence() < clearedBelow || entry.isMiss() && entry.sequence() < missesClearedBelow) {
      return false;
    }
    VersionFloor floor = floors.getIfPresent(key);
    return floor == null || floor.admits(entry);
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

  private MemoryEntry<V> entry(Versioned<V> value, int weight, long seq) {
    return new MemoryEntry<>(value, ticker.read(), seq, Math.max(1, weight));
  }

  private MemoryEntry<V> missEntry(long seq) {
    if (config.negativeTtl().isZero()) {
      return null;
    }
    return new MemoryEntry<>(null, ticker.read(), seq, 1);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void written(K key, Versioned<V> value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    byte[] payload = encodeIfNeeded(value);
    if (link != null) {
      byte[] stored = RedisValue.encode(value.version(), payload);
      Reply<Long> reply = link.eval(RedisScripts.WRITE, writeKeys(key), writeArgs(key, value.version(), stored));
      countRedis(reply);
      if (!reply.isOk()) {
        outbox.written(key, value.version(), stored);
      }
    }
    storeWritten(key, value, payload);
  }

  @Override
  public void writtenAll(Map<? extends K, ? extends Versioned<V>> values) {
    Objects.requireNonNull(values, "values");
    List<K> keys = new ArrayList<>(values.size());
    List<Versioned<V>> versions = new ArrayList<>(values.size());
    for (Map.Entry<? extends K, ? extends Versioned<V>> e : values.entrySet()) {
      keys.add(Objects.requireNonNull(e.getKey(), "values must not contain a null key"));
      versions.add(Objects.requireNonNull(e.getValue(), "values must not contain a null value"));
    }
    List<byte[]> payloads = new ArrayList<>(keys.size());
    for (Versioned<V> value : versions) {
      payloads.add(encodeIfNeeded(value));
    }
    if (link != null && !keys.isEmpty()) {
      List<byte[][]> redisKeys = new ArrayList<>(keys.size());
      List<byte[][]> redisArgs = new ArrayList<>(keys.size());
      List<byte[]> stored = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        long version = versions.get(i).version();
        stored.add(RedisValue.encode(version, payloads.get(i)));
        redisKeys.add(writeKeys(keys.get(i)));
        redisArgs.add(writeArgs(keys.get(i), version, stored.get(i)));
      }
      List<Reply<Long>> replies = link.evalAll(RedisScripts.WRITE, redisKeys, redisArgs);
      for (int i = 0; i < keys.size(); i++) {
        Reply<Long> reply = replies.get(i);
        countRedis(reply);
        if (!reply.isOk()) {
          outbox.written(keys.get(i), versions.get(i).version(), stored.get(i));
        }
      }
    }
    for (int i = 0; i < keys.size(); i++) {
      storeWritten(keys.get(i), versions.get(i), payloads.get(i));
    }
  }

  /** The memory side of a write: raise the key's floor, then keep the value unless memory is newer. */
  private void storeWritten(K key, Versioned<V> value, byte[] payload) {
    VersionFloor floor = floors.asMap().merge(key,
        VersionFloor.ofVersion(value.version(), sequence.incrementAndGet()), VersionFloor::max);
    // An invalidation carries no version, so a write that comes soon after one cannot be ordered
    // against it: drop the older copy and let the next read ask the source.
    boolean store = floor.invalidatedSequence() < 0 && floor.minVersion() == value.version();
    MemoryEntry<V> entry = entry(value, payload == null ? 1 : payload.length, sequence.get());
    memory.asMap().compute(key, (k, old) -> {
      if (old != null && old.isNewerThan(value.version()) && unexpired(old) != null) {
        return old;
      }
      return store ? entry : null;
    });
  }

  private byte[][] writeKeys(K key) {
    return new byte[][] {dataKey(key), streamKey, counterKey};
  }

  private byte[][] writeArgs(K key, long version, byte[] stored) {
    return new byte[][] {ascii(version), stored, ascii(redisTtlMillis()), streamMaxLength,
        utf8(name), utf8(keyCodec.encode(key)), utf8(origin)};
  }

  @Override
  public void invalidate(K key) {
    Objects.requireNonNull(key, "key");
    if (link != null) {
      Reply<Long> reply = invalidateInRedis(key);
      countRedis(reply);
      if (!reply.isOk()) {
        outbox.invalidated(key);
      }
    }
    dropLocal(key);
  }

  @Override
  public void invalidateAllKeys(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    Set<K> distinct = new LinkedHashSet<>(keys.size());
    for (K key : keys) {
      distinct.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    if (link != null && !distinct.isEmpty()) {
      List<byte[][]> redisKeys = new ArrayList<>(distinct.size());
      List<byte[][]> redisArgs = new ArrayList<>(distinct.size());
      for (K key : distinct) {
        redisKeys.add(writeKeys(key));
        redisArgs.add(invalidateArgs(key));
      }
      List<Reply<Long>> replies = link.evalAll(RedisScripts.INVALIDATE, redisKeys, redisArgs);
      int i = 0;
      for (K key : distinct) {
        Reply<Long> reply = replies.get(i++);
        countRedis(reply);
        if (!reply.isOk()) {
          outbox.invalidated(key);
        }
      }
    }
    distinct.forEach(this::dropLocal);
  }

  @Override
  public void invalidateAll() {
    if (link != null && !clearRedis()) {
      outbox.cleared();
    }
    clearMemory();
  }

  @Override
  public void invalidateMisses() {
    if (link != null) {
      Reply<Long> reply = link.eval(RedisScripts.MISSES, new byte[][] {streamKey, counterKey},
          streamMaxLength, utf8(name), utf8(origin));
      countRedis(reply);
      if (!reply.isOk()) {
        // Other instances would keep their misses: a full clear, replayed once Redis is back, is safe.
        outbox.cleared();
      }
    }
    dropMisses();
  }

  /** Misses loaded before now are not served or stored any more; values are untouched. */
  private void dropMisses() {
    missesClearedBelow = sequence.incrementAndGet();
  }

  private Reply<Long> invalidateInRedis(K key) {
    return link.eval(RedisScripts.INVALIDATE, writeKeys(key), invalidateArgs(key));
  }

  private byte[][] invalidateArgs(K key) {
    String tombstoneId = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return new byte[][] {utf8(tombstoneId), ascii(TOMBSTONE_TTL.toMillis()), streamMaxLength,
        utf8(name), utf8(keyCodec.encode(key)), utf8(origin)};
  }

  /** Deletes this cache's keys from Redis (SCAN + UNLINK) and announces the clear on the stream. */
  private boolean clearRedis() {
    byte[] pattern = utf8(keyPrefix + "*");
    ScanCursor scanCursor = ScanCursor.INITIAL;
    do {
      ScanCursor at = scanCursor;
      Reply<KeyScanCursor<byte[]>> page = link.call(c -> c.scan(at, ScanArgs.Builder.matches(pattern).limit(SCAN_COUNT)));
      countRedis(page);
      if (!page.isOk()) {
        return false;
      }
      List<byte[]> keys = page.value().getKeys();
      if (!keys.isEmpty()) {
        Reply<Long> deleted = link.call(c -> c.unlink(keys.toArray(new byte[0][])));
        countRedis(deleted);
        if (!deleted.isOk()) {
          return false;
        }
      }
      scanCursor = page.value();
    } while (!scanCursor.isFinished());
    Reply<Long> announced = link.eval(RedisScripts.CLEAR, new byte[][] {streamKey, counterKey},
        streamMaxLength, utf8(name), utf8(origin));
    countRedis(announced);
    return announced.isOk();
  }

  private void fill(K key, Versioned<V> value, byte[] payload, byte[] seen) {
    byte[] stored = RedisValue.encode(value.version(), payload);
    link.evalAsync(RedisScripts.FILL, new byte[][] {dataKey(key)},
            ascii(value.version()), stored, ascii(redisTtlMillis()), seen)
        .thenAccept(this::countRedis);
  }

  /** The Redis TTL shortened by a random fraction up to the jitter, so entries do not expire together. */
  long redisTtlMillis() {
    long base = config.redisTtl().toMillis();
    long cut = (long) (base * config.redisTtlJitter() * ThreadLocalRandom.current().nextDouble());
    return Math.max(1, base - cut);
  }

  private byte[] encodeIfNeeded(Versioned<V> value) {
    return link != null || weighBytes ? codec.encode(value.value()) : null;
  }

  private void countRedis(Reply<?> reply) {
    if (reply.status() == Reply.Status.FAILED) {
      metrics.redisErrors.increment();
    }
  }

  // ---------------------------------------------------------------- the stream reader's side

  /** The stream position, kept by the stream reader. */
  StreamCursor cursor() {
    return cursor;
  }

  /** The key of the stream's message counter, as a string. */
  String counterKeyString() {
    return new String(counterKey, StandardCharsets.UTF_8);
  }

  /** The stream key as a string. */
  String streamKeyString() {
    return new String(streamKey, StandardCharsets.UTF_8);
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
        floors.asMap().merge(key, VersionFloor.ofVersion(version, sequence.incrementAndGet()), VersionFloor::max);
        dropLater(key, old -> old.isMiss() || old.value().version() < version);
        tellChanged(key);
      }
      case "i" -> {
        K key = keyCodec.decode(encodedKey);
        floors.asMap().merge(key, VersionFloor.ofInvalidation(sequence.incrementAndGet()), VersionFloor::max);
        dropLater(key, old -> true);
        tellChanged(key);
      }
      case "c" -> memoryLost();
      case "m" -> dropMisses();
      default -> log.warn("cache {}: unknown stream operation '{}' ignored", name, op);
    }
  }

  /**
   * Removes a stale entry off the reader thread: the removal waits for a load in flight on the key
   * (it holds the key's lock), and the reader must not wait for the source. The floor, set before,
   * already keeps the entry from being served.
   */
  private void dropLater(K key, Predicate<MemoryEntry<V>> stale) {
    ForkJoinPool.commonPool().execute(() -> memory.asMap().computeIfPresent(key, (k, e) -> stale.test(e) ? null : e));
  }

  private void dropLocal(K key) {
    long seq = sequence.incrementAndGet();
    floors.asMap().merge(key, VersionFloor.ofInvalidation(seq), VersionFloor::max);
    memory.invalidate(key);
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
   * Drops the whole memory tier because copies here may be stale (another instance cleared the cache,
   * messages were missed, or Redis restarted), and tells the remote change listener.
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
    clearedBelow = sequence.incrementAndGet();
    memory.invalidateAll();
  }

  /** Replays changes that did not reach Redis; called by the stream reader once it is connected. */
  boolean flushOutbox() {
    if (outbox.isEmpty()) {
      return true;
    }
    if (outbox.clearPending()) {
      if (!clearRedis()) {
        return false;
      }
      outbox.clearDone();
    }
    int replayed = 0;
    for (Map.Entry<K, Outbox.Pending> e : outbox.entries()) {
      K key = e.getKey();
      Outbox.Pending p = e.getValue();
      Reply<Long> reply = p.invalidation()
          ? invalidateInRedis(key)
          : link.eval(RedisScripts.WRITE, writeKeys(key), writeArgs(key, p.version(), p.stored()));
      countRedis(reply);
      if (!reply.isOk()) {
        return false;
      }
      outbox.done(key, p);
      replayed++;
    }
    log.info("cache {}: replayed {} changes to Redis after an outage", name, replayed);
    return true;
  }

  // ---------------------------------------------------------------- inspection

  @Override
  public Optional<Map<K, Long>> sharedVersions(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    if (link == null) {
      return Optional.empty();
    }
    List<K> distinct = new ArrayList<>(new LinkedHashSet<K>(keys));
    if (distinct.isEmpty()) {
      return Optional.of(Map.of());
    }
    byte[][] dataKeys = new byte[distinct.size()][];
    for (int i = 0; i < dataKeys.length; i++) {
      dataKeys[i] = dataKey(Objects.requireNonNull(distinct.get(i), "keys must not contain null"));
    }
    Reply<List<KeyValue<byte[], byte[]>>> reply = link.call(c -> c.mget(dataKeys));
    countRedis(reply);
    if (!reply.isOk()) {
      return Optional.empty();
    }
    Map<K, Long> versions = new LinkedHashMap<>();
    List<KeyValue<byte[], byte[]>> values = reply.value();
    for (int i = 0; i < distinct.size(); i++) {
      KeyValue<byte[], byte[]> kv = values.get(i);
      if (kv.hasValue()) {
        RedisValue stored = RedisValue.parse(kv.getValue());
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
    Map<String, Long> keys = link == null ? Map.of()
        : RedisKeyCounter.count(link, namespace, Set.of(name));
    return stats(keys.getOrDefault(name, -1L));
  }

  /** Statistics with a Redis key count obtained by the caller. */
  public CacheStats stats(long redisKeys) {
    memory.cleanUp();
    return new CacheStats(
        name,
        memory.estimatedSize(),
        config.memoryLimit(),
        config.memoryLimitCountsBytes(),
        link != null && link.available(),
        redisKeys,
        metrics.hitRatio(),
        metrics.requests(),
        metrics.memoryHits.sum(),
        metrics.redisHits.sum(),
        metrics.sourceLoads(),
        metrics.negativeHits.sum(),
        metrics.loadFailures.sum(),
        metrics.evictions.sum(),
        metrics.redisErrors.sum(),
        metrics.averageLoadNanos(),
        metrics.invalidationsReceived.sum(),
        metrics.lastLagMillis.get(),
        redisState());
  }

  private CacheStats.RedisState redisState() {
    if (link == null) {
      return CacheStats.RedisState.NOT_CONFIGURED;
    }
    if (link.available()) {
      return CacheStats.RedisState.UP;
    }
    return link.breaker().state() == CircuitBreaker.State.CLOSED
        ? CacheStats.RedisState.DEGRADED : CacheStats.RedisState.BREAKER_OPEN;
  }

  // ---------------------------------------------------------------- helpers

  private byte[] dataKey(K key) {
    return utf8(keyPrefix + keyCodec.encode(key));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "TieredCache[" + config + ", redis=" + (link == null ? "none" : link.toString()) + "]";
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
