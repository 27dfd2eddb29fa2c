package com.mallquest.smartcache.jcache;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The JSR-107 statistics of one cache on this instance (JMX type {@code CacheStatistics}). Counts
 * only while statistics are enabled; times in microseconds.
 */
final class JCacheStatistics implements CacheStatisticsMXBean {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;

  void enabled(boolean on) {
    this.enabled = on;
  }

  boolean enabled() {
    return enabled;
  }

  void hits(long n) {
    if (enabled) {
      hits.add(n);
    }
  }

  void misses(long n) {
    if (enabled) {
      misses.add(n);
    }
  }

  void puts(long n) {
    if (enabled) {
      puts.add(n);
    }
  }

  void removals(long n) {
    if (enabled) {
      removals.add(n);
    }
  }

  void getTime(long startNanos) {
    if (enabled) {
      getNanos.add(System.nanoTime() - startNanos);
    }
  }

  void putTime(long startNanos) {
    if (enabled) {
      putNanos.add(System.nanoTime() - startNanos);
    }
  }

  void removeTime(long startNanos) {
    if (enabled) {
      removeNanos.add(System.nanoTime() - startNanos);
    }
  }

  @Override
  public void clear() {
    hits.reset();
    misses.reset();
    puts.reset();
    removals.reset();
    evictions.reset();
    getNanos.reset();
    putNanos.reset();
    removeNanos.reset();
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long h = hits.sum();
    long all = h + misses.sum();
    return all == 0 ? 0f : (float) h / all * 100f;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long m = misses.sum();
    long all = m + hits.sum();
    return all == 0 ? 0f : (float) m / all * 100f;
  }

  @Override
  public long getCacheGets() {
    return hits.sum() + misses.sum();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return average(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return average(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return average(removeNanos.sum(), getCacheRemovals());
  }

  private static float average(long nanos, long count) {
    return count == 0 ? 0f : (float) nanos / count / 1000f;
  }
}
