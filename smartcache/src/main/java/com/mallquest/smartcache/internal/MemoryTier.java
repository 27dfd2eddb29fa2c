package com.mallquest.smartcache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.Versioned;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A cache's memory tier: the bounded Caffeine map of {@link MemoryEntry}s and what decides whether
 * an entry may be stored or served: version compares, a {@link VersionFloor} per recently changed
 * key, the sequence of invalidations ({@code clearedBelow}, {@code missesClearedBelow}) and the TTL
 * checks against the coarse clock. See {@link TieredCache} for why each exists.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class MemoryTier<K, V> {

  /** How long a version floor is kept: longer than any sane source load. */
  static final Duration FLOOR_TTL = Duration.ofSeconds(60);

  /** Keys with a version floor at most; the oldest floors go first. */
  static final long FLOOR_CAPACITY = 100_000;

  private final Cache<K, MemoryEntry<V>> memory;
  private final Cache<K, VersionFloor> floors;
  private final AtomicLong sequence = new AtomicLong();
  private volatile long clearedBelow;
  private volatile long missesClearedBelow;
  private final Ticker ticker;
  private final Ticker clock;
  private final long valueTtlNanos;
  private final long missTtlNanos;
  private final long degradedTtlNanos;
  private final boolean cacheMisses;

  MemoryTier(CacheConfig<K, V> config, Ticker ticker, Ticker clock, CacheMetrics metrics) {
    this.ticker = ticker;
    this.clock = clock;
    this.valueTtlNanos = config.memoryTtl().toNanos();
    this.missTtlNanos = config.negativeTtl().toNanos();
    this.degradedTtlNanos = config.degradedTtl().toNanos();
    this.cacheMisses = !config.negativeTtl().isZero();
    this.memory = memoryBuilder(config, metrics).build();
    // A hit looks its key's floor up whenever the sequence moved (under writes): the coarse clock
    // keeps that lookup from reading System.nanoTime(); a minute's expiry does not need better.
    this.floors =
        Caffeine.newBuilder()
            .ticker(clock)
            .expireAfterWrite(FLOOR_TTL)
            .maximumSize(FLOOR_CAPACITY)
            .build();
  }

  /**
   * The Caffeine builder of a cache's memory tier, exactly as every cache configures it (bound,
   * eviction counting; no expiry and no ticker: TTLs are checked on read). {@link
   * com.mallquest.smartcache.MemoryTierSimulator} builds the simulator's tier with it.
   */
  public static <K, V> Caffeine<K, MemoryEntry<V>> memoryBuilder(
      CacheConfig<K, V> config, CacheMetrics metrics) {
    Caffeine<K, MemoryEntry<V>> builder =
        Caffeine.newBuilder()
            .evictionListener(
                (K key, MemoryEntry<V> e, RemovalCause cause) -> {
                  if (cause == RemovalCause.SIZE) {
                    metrics.recordEviction();
                  }
                });
    if (config.memoryLimitCountsBytes()) {
      builder.maximumWeight(config.memoryLimit()).weigher((K key, MemoryEntry<V> e) -> e.weight());
    } else {
      builder.maximumSize(config.memoryLimit());
    }
    return builder;
  }

  // ---------------------------------------------------------------- reads

  /** The entry held for {@code key}, usable or not. */
  MemoryEntry<V> present(K key) {
    return memory.getIfPresent(key);
  }

  /** Runs {@code remapping} atomically for {@code key} (a single-flight load). */
  void compute(
      K key, BiFunction<? super K, ? super MemoryEntry<V>, ? extends MemoryEntry<V>> remapping) {
    memory.asMap().compute(key, remapping);
  }

  /**
   * Whether a memory entry may be served now: no invalidation since made it stale (its key's floor,
   * a clear), it is younger than its TTL and, unless {@code coherent}, younger than the degraded
   * TTL.
   */
  boolean usable(K key, MemoryEntry<V> e, boolean coherent) {
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
    return ageNanos < ttlNanos(e) && (coherent || ageNanos <= degradedTtlNanos);
  }

  /** The TTL of an entry in memory: the negative TTL for a cached miss, else the memory TTL. */
  private long ttlNanos(MemoryEntry<V> e) {
    return e.isMiss() ? missTtlNanos : valueTtlNanos;
  }

  /**
   * {@code e}, or null if it outlived its TTL: an expired entry counts as absent when a put or load
   * decides what to keep (as when Caffeine expired entries itself), so it never wins over a load.
   */
  MemoryEntry<V> unexpired(MemoryEntry<V> e) {
    return e == null || clock.read() - e.storedAtNanos() >= ttlNanos(e) ? null : e;
  }

  /** Whether a version read from Redis is below the key's floor (a write announced a newer one). */
  boolean belowFloor(K key, long version) {
    VersionFloor floor = floors.getIfPresent(key);
    return floor != null && version < floor.minVersion();
  }

  // ---------------------------------------------------------------- puts

  /**
   * Stores a loaded entry unless a floor refuses it or memory holds a newer one; returns what is
   * kept.
   */
  MemoryEntry<V> put(K key, MemoryEntry<V> entry) {
    return memory.asMap().compute(key, (k, old) -> admit(k, unexpired(old), entry));
  }

  /**
   * The entry to keep when a load of {@code key} produced {@code entry} and memory holds {@code
   * old}: the load, unless a version floor refuses it or {@code old} is newer.
   */
  MemoryEntry<V> admit(K key, MemoryEntry<V> old, MemoryEntry<V> entry) {
    if (entry == null || !admissible(key, entry)) {
      return old;
    }
    if (old != null && !entry.isMiss() && old.isNewerThan(entry.value().version())) {
      return old;
    }
    return entry;
  }

  private boolean admissible(K key, MemoryEntry<V> entry) {
    if (entry.sequence() < clearedBelow
        || entry.isMiss() && entry.sequence() < missesClearedBelow) {
      return false;
    }
    VersionFloor floor = floors.getIfPresent(key);
    return floor == null || floor.admits(entry);
  }

  /** A value entry stamped now, of {@code weight} (at least 1), loaded at sequence {@code seq}. */
  MemoryEntry<V> entry(Versioned<V> value, int weight, long seq) {
    return new MemoryEntry<>(value, ticker.read(), seq, Math.max(1, weight));
  }

  /**
   * A cached miss loaded at {@code seq}, or null when misses are not cached (negative TTL zero).
   */
  MemoryEntry<V> missEntry(long seq) {
    if (!cacheMisses) {
      return null;
    }
    return new MemoryEntry<>(null, ticker.read(), seq, 1);
  }

  /** The current sequence number: what a load that starts now is stamped with. */
  long sequence() {
    return sequence.get();
  }

  // ---------------------------------------------------------------- changes

  /**
   * The memory side of a write: raise the key's floor, then keep the value unless memory is newer.
   */
  void written(K key, Versioned<V> value, int weight) {
    VersionFloor floor =
        floors
            .asMap()
            .merge(
                key,
                VersionFloor.ofVersion(value.version(), sequence.incrementAndGet()),
                VersionFloor::max);
    // An invalidation carries no version, so a write that comes soon after one cannot be ordered
    // against it: drop the older copy and let the next read ask the source.
    boolean store = floor.invalidatedSequence() < 0 && floor.minVersion() == value.version();
    MemoryEntry<V> entry = entry(value, weight, sequence.get());
    memory
        .asMap()
        .compute(
            key,
            (k, old) -> {
              if (old != null && old.isNewerThan(value.version()) && unexpired(old) != null) {
                return old;
              }
              return store ? entry : null;
            });
  }

  /** This instance invalidated {@code key}: a floor that refuses older loads, then the removal. */
  void invalidated(K key) {
    long seq = sequence.incrementAndGet();
    floors.asMap().merge(key, VersionFloor.ofInvalidation(seq), VersionFloor::max);
    memory.invalidate(key);
  }

  /**
   * Another instance wrote {@code version} of {@code key}: a floor, then drop older copies later.
   */
  void writtenElsewhere(K key, long version) {
    floors
        .asMap()
        .merge(key, VersionFloor.ofVersion(version, sequence.incrementAndGet()), VersionFloor::max);
    dropLater(key, old -> old.isMiss() || old.value().version() < version);
  }

  /** Another instance invalidated {@code key}: a floor, then drop it later. */
  void invalidatedElsewhere(K key) {
    floors
        .asMap()
        .merge(key, VersionFloor.ofInvalidation(sequence.incrementAndGet()), VersionFloor::max);
    dropLater(key, old -> true);
  }

  /**
   * Removes a stale entry off the caller's thread (the stream reader's): the removal waits for a
   * load in flight on the key (it holds the key's lock), and the reader must not wait for the
   * source. The floor, set before, already keeps the entry from being served.
   */
  private void dropLater(K key, Predicate<MemoryEntry<V>> stale) {
    ForkJoinPool.commonPool()
        .execute(() -> memory.asMap().computeIfPresent(key, (k, e) -> stale.test(e) ? null : e));
  }

  /** Misses loaded before now are not served or stored any more; values are untouched. */
  void dropMisses() {
    missesClearedBelow = sequence.incrementAndGet();
  }

  /** Drops every entry, and any load in flight. */
  void clear() {
    clearedBelow = sequence.incrementAndGet();
    memory.invalidateAll();
  }

  // ---------------------------------------------------------------- size

  /** Entries held now (after pending maintenance when {@code cleanUp}). */
  long size(boolean cleanUp) {
    if (cleanUp) {
      memory.cleanUp();
    }
    return memory.estimatedSize();
  }
}
