package com.mallquest.smartcache.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One cache's counters, and their Micrometer meters when a registry is given.
 *
 * <p>Meters, all tagged {@code cache}: {@code smartcache.gets} (tags {@code tier} =
 * memory/negative/redis/source and {@code result} = hit/miss), {@code smartcache.loads}, {@code
 * smartcache.load.failures}, {@code smartcache.load.latency} (timer), {@code smartcache.evictions}
 * ({@code tier=memory}), {@code smartcache.redis.errors} ({@code tier=redis}), {@code
 * smartcache.memory.size} and {@code smartcache.memory.limit} (gauges, {@code tier=memory}), {@code
 * smartcache.redis.available} (gauge, 1 or 0), {@code smartcache.invalidations.received} and {@code
 * smartcache.invalidation.lag} (timer: from a remote write's stream append to its arrival here).
 *
 * <p>Every read counts exactly one of {@code memoryHits}, {@code negativeHits}, {@code
 * memoryMisses} ({@code getIfPresent} found nothing) or {@code belowMemory} (a {@code get} or
 * {@code getAll} key that went on to Redis or the source, whatever came of it), so a memory hit
 * increments one {@code LongAdder}, not two (an uncontended increment is a locked CAS, a sizeable
 * part of a hit), and {@link Snapshot#requests()} is their sum.
 *
 * <p>The meters' value functions are held strongly (gauges with {@code strongReference}, function
 * counters in {@link #valueFunctions}): Micrometer references them only weakly, and nothing else
 * holds these lambdas, so after a GC the meters would report 0.
 */
public final class CacheMetrics {

  private final LongAdder memoryHits = new LongAdder();
  private final LongAdder memoryMisses = new LongAdder();
  private final LongAdder belowMemory = new LongAdder();
  private final LongAdder negativeHits = new LongAdder();
  private final LongAdder redisHits = new LongAdder();
  private final LongAdder sourceHits = new LongAdder();
  private final LongAdder sourceMisses = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder redisErrors = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();
  private final LongAdder loadCalls = new LongAdder();
  private final LongAdder invalidationsReceived = new LongAdder();
  private final AtomicLong lastLagMillis = new AtomicLong();

  private final String cache;
  private final List<Meter> meters = new ArrayList<>();

  /** Held here because function counters reference their functions only weakly. */
  private final List<LongSupplier> valueFunctions = new ArrayList<>();

  private MeterRegistry registry;
  private Timer loadTimer;
  private Timer lagTimer;

  /** Counters for the cache {@code cache}. */
  public CacheMetrics(String cache) {
    this.cache = cache;
  }

  /** Registers the meters in {@code registry}. */
  void register(
      MeterRegistry registry,
      LongSupplier memorySize,
      long memoryLimit,
      BooleanSupplier redisAvailable) {
    this.registry = registry;
    Tags tags = Tags.of("cache", cache);
    gets(tags, "memory", "hit", memoryHits);
    gets(tags, "memory", "miss", memoryMisses);
    gets(tags, "negative", "hit", negativeHits);
    gets(tags, "redis", "hit", redisHits);
    gets(tags, "source", "hit", sourceHits);
    gets(tags, "source", "miss", sourceMisses);
    counter(
        "smartcache.loads",
        tags.and("tier", "source"),
        "keys loaded from the source of record",
        () -> sourceHits.sum() + sourceMisses.sum());
    counter(
        "smartcache.load.failures",
        tags.and("tier", "source"),
        "source loads that threw",
        loadFailures::sum);
    counter(
        "smartcache.evictions",
        tags.and("tier", "memory"),
        "memory-tier evictions by size or weight",
        evictions::sum);
    counter(
        "smartcache.redis.errors",
        tags.and("tier", "redis"),
        "Redis commands that failed or timed out",
        redisErrors::sum);
    counter(
        "smartcache.invalidations.received",
        tags,
        "stream messages from other instances applied",
        invalidationsReceived::sum);
    meters.add(
        Gauge.builder("smartcache.memory.size", memorySize, s -> s.getAsLong())
            .tags(tags.and("tier", "memory"))
            .description("entries in the memory tier")
            .strongReference(true)
            .register(registry));
    meters.add(
        Gauge.builder("smartcache.memory.limit", () -> memoryLimit)
            .tags(tags.and("tier", "memory"))
            .description("the memory tier's bound")
            .strongReference(true)
            .register(registry));
    meters.add(
        Gauge.builder("smartcache.redis.available", redisAvailable, a -> a.getAsBoolean() ? 1 : 0)
            .tags(tags.and("tier", "redis"))
            .description("1 while Redis is trusted")
            .strongReference(true)
            .register(registry));
    loadTimer =
        Timer.builder("smartcache.load.latency")
            .tags(tags.and("tier", "source"))
            .description("source of record load latency (load or loadAll call)")
            .register(registry);
    lagTimer =
        Timer.builder("smartcache.invalidation.lag")
            .tags(tags)
            .description("from a remote write's stream append to its arrival here")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    meters.add(loadTimer);
    meters.add(lagTimer);
  }

  private void gets(Tags tags, String tier, String result, LongAdder adder) {
    counter(
        "smartcache.gets",
        tags.and("tier", tier).and("result", result),
        "reads by the tier that answered",
        adder::sum);
  }

  private void counter(String name, Tags tags, String description, LongSupplier value) {
    meters.add(
        FunctionCounter.builder(name, value, v -> v.getAsLong())
            .tags(tags)
            .description(description)
            .register(registry));
    valueFunctions.add(value);
  }

  /** A read served from memory. */
  void recordMemoryHit() {
    memoryHits.increment();
  }

  /** A read answered by a cached miss. */
  void recordNegativeHit() {
    negativeHits.increment();
  }

  /** A {@code getIfPresent} that found nothing. */
  void recordMemoryMiss() {
    memoryMisses.increment();
  }

  /** A {@code get}/{@code getAll} key that went on to Redis or the source. */
  void recordBelowMemory() {
    belowMemory.increment();
  }

  /** A key served from Redis. */
  void recordRedisHit() {
    redisHits.increment();
  }

  /** A key the source loaded ({@code found}) or did not have. */
  void recordSourceLoad(boolean found) {
    (found ? sourceHits : sourceMisses).increment();
  }

  /** A source load that threw. */
  void recordLoadFailure() {
    loadFailures.increment();
  }

  /** A memory entry evicted by size or weight. */
  void recordEviction() {
    evictions.increment();
  }

  /** A Redis command that failed or timed out. */
  void recordRedisError() {
    redisErrors.increment();
  }

  /** The time of one source call. */
  void recordLoad(long nanos) {
    loadNanos.add(nanos);
    loadCalls.increment();
    Timer t = loadTimer;
    if (t != null) {
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** A message from another instance, applied {@code millis} after it was appended. */
  void recordLag(long millis) {
    invalidationsReceived.increment();
    lastLagMillis.set(millis);
    Timer t = lagTimer;
    if (t != null) {
      t.record(millis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * The counters now.
   *
   * @param requests reads so far: {@code get}, {@code getIfPresent}, and {@code getAll} per
   *     distinct key
   * @param hitRatio memory, negative and Redis hits over requests
   */
  record Snapshot(
      long requests,
      double hitRatio,
      long memoryHits,
      long redisHits,
      long sourceLoads,
      long negativeHits,
      long loadFailures,
      long evictions,
      long redisErrors,
      double averageLoadNanos,
      long invalidationsReceived,
      long lastLagMillis) {}

  /** A snapshot of every counter. */
  Snapshot snapshot() {
    long memory = memoryHits.sum();
    long negative = negativeHits.sum();
    long redis = redisHits.sum();
    long requests = memory + negative + memoryMisses.sum() + belowMemory.sum();
    long calls = loadCalls.sum();
    return new Snapshot(
        requests,
        requests == 0 ? 0 : (double) (memory + negative + redis) / requests,
        memory,
        redis,
        sourceHits.sum() + sourceMisses.sum(),
        negative,
        loadFailures.sum(),
        evictions.sum(),
        redisErrors.sum(),
        calls == 0 ? 0 : (double) loadNanos.sum() / calls,
        invalidationsReceived.sum(),
        lastLagMillis.get());
  }

  /** Removes the meters from the registry. */
  void unregister() {
    if (registry != null) {
      meters.forEach(registry::remove);
      meters.clear();
      valueFunctions.clear();
    }
  }
}
