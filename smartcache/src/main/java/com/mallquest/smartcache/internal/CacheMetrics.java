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
 * memory/negative/redis/source and {@code result} = hit/miss), {@code smartcache.loads},
 * {@code smartcache.load.failures}, {@code smartcache.load.latency} (timer),
 * {@code smartcache.evictions} ({@code tier=memory}), {@code smartcache.redis.errors}
 * ({@code tier=redis}), {@code smartcache.memory.size} and {@code smartcache.memory.limit} (gauges,
 * {@code tier=memory}), {@code smartcache.redis.available} (gauge, 1 or 0),
 * {@code smartcache.invalidations.received} and {@code smartcache.invalidation.lag} (timer: from a
 * remote write's stream append to its arrival here).
 *
 * <p>Every read counts exactly one of {@code memoryHits}, {@code negativeHits}, {@code memoryMisses}
 * ({@code getIfPresent} found nothing) or {@code belowMemory} (a {@code get} or {@code getAll} key
 * that went on to Redis or the source, whatever came of it), so a memory hit increments one
 * {@code LongAdder}, not two (an uncontended increment is a locked CAS, a sizeable part of a hit),
 * and {@link #requests()} is their sum.
 *
 * <p>The meters' value functions are held strongly (gauges with {@code strongReference}, function
 * counters in {@link #valueFunctions}): Micrometer references them only weakly, and nothing else
 * holds these lambdas, so after a GC the meters would report 0.
 */
public final class CacheMetrics {

  final LongAdder memoryHits = new LongAdder();
  final LongAdder memoryMisses = new LongAdder();
  final LongAdder belowMemory = new LongAdder();
  final LongAdder negativeHits = new LongAdder();
  final LongAdder redisHits = new LongAdder();
  final LongAdder sourceHits = new LongAdder();
  final LongAdder sourceMisses = new LongAdder();
  final LongAdder loadFailures = new LongAdder();
  final LongAdder evictions = new LongAdder();
  final LongAdder redisErrors = new LongAdder();
  final LongAdder loadNanos = new LongAdder();
  final LongAdder loadCalls = new LongAdder();
  final LongAdder invalidationsReceived = new LongAdder();
  final AtomicLong lastLagMillis = new AtomicLong();

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
  void register(MeterRegistry registry, LongSupplier memorySize, long memoryLimit, BooleanSupplier redisAvailable) {
    this.registry = registry;
    Tags tags = Tags.of("cache", cache);
    gets(tags, "memory", "hit", memoryHits);
    gets(tags, "memory", "miss", memoryMisses);
    gets(tags, "negative", "hit", negativeHits);
    gets(tags, "redis", "hit", redisHits);
    gets(tags, "source", "hit", sourceHits);
    gets(tags, "source", "miss", sourceMisses);
    counter("smartcache.loads", tags.and("tier", "source"), "keys loaded from the source of record", () -> sourceHits.sum() + sourceMisses.sum());
    counter("smartcache.load.failures", tags.and("tier", "source"), "source loads that threw", loadFailures::sum);
    counter("smartcache.evictions", tags.and("tier", "memory"), "memory-tier evictions by size or weight", evictions::sum);
    counter("smartcache.redis.errors", tags.and("tier", "redis"), "Redis commands that failed or timed out", redisErrors::sum);
    counter("smartcache.invalidations.received", tags, "stream messages from other instances applied", invalidationsReceived::sum);
    meters.add(Gauge.builder("smartcache.memory.size", memorySize, s -> s.getAsLong())
        .tags(tags.and("tier", "memory")).description("entries in the memory tier").strongReference(true)
        .register(registry));
    meters.add(Gauge.builder("smartcache.memory.limit", () -> memoryLimit)
        .tags(tags.and("tier", "memory")).description("the memory tier's bound").strongReference(true)
        .register(registry));
    meters.add(Gauge.builder("smartcache.redis.available", redisAvailable, a -> a.getAsBoolean() ? 1 : 0)
        .tags(tags.and("tier", "redis")).description("1 while Redis is trusted").strongReference(true)
        .register(registry));
    loadTimer = Timer.builder("smartcache.load.latency").tags(tags.and("tier", "source"))
        .description("source of record load latency (load or loadAll call)").register(registry);
    lagTimer = Timer.builder("smartcache.invalidation.lag").tags(tags)
        .description("from a remote write's stream append to its arrival here")
        .publishPercentiles(0.5, 0.99).register(registry);
    meters.add(loadTimer);
    meters.add(lagTimer);
  }

  private void gets(Tags tags, String tier, String result, LongAdder adder) {
    counter("smartcache.gets", tags.and("tier", tier).and("result", result), "reads by the tier that answered", adder::sum);
  }

  private void counter(String name, Tags tags, String description, LongSupplier value) {
    meters.add(FunctionCounter.builder(name, value, v -> v.getAsLong())
        .tags(tags).description(description).register(registry));
    valueFunctions.add(value);
  }

  void recordLoad(long nanos) {
    loadNanos.add(nanos);
    loadCalls.increment();
    Timer t = loadTimer;
    if (t != null) {
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  void recordLag(long millis) {
    invalidationsReceived.increment();
    lastLagMillis.set(millis);
    Timer t = lagTimer;
    if (t != null) {
      t.record(millis, TimeUnit.MILLISECONDS);
    }
  }

  long sourceLoads() {
    return sourceHits.sum() + sourceMisses.sum();
  }

  double averageLoadNanos() {
    long calls = loadCalls.sum();
    return calls == 0 ? 0 : (double) loadNanos.sum() / calls;
  }

  /** Reads so far: {@code get}, {@code getIfPresent}, and {@code getAll} per distinct key. */
  long requests() {
    return memoryHits.sum() + negativeHits.sum() + memoryMisses.sum() + belowMemory.sum();
  }

  double hitRatio() {
    long r = requests();
    return r == 0 ? 0 : (double) (memoryHits.sum() + negativeHits.sum() + redisHits.sum()) / r;
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
