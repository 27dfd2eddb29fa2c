package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one Redis: after {@code written} returns on A, how long until B serves the new
 * version? The design's bound is 100 ms at p99 while Redis is up; this measures it over many trials
 * and prints p50/p99 (a speed target: printed, not asserted; a busy machine stretches it). It
 * asserts that B converges on every write.
 */
class CoherenceIT {

  static final int WARMUP = 50;
  static final int TRIALS = 1500;
  static final long BOUND_MILLIS = 100;

  private final String namespace = RedisTestSupport.uniqueNamespace("coherence");
  private final TestSource source = new TestSource();
  private final SimpleMeterRegistry registryB = new SimpleMeterRegistry();
  private String url;
  private SmartCacheManager a;
  private SmartCacheManager b;

  @BeforeEach
  void start() {
    url = RedisTestSupport.requireRedis();
    a =
        RedisTestSupport.awaitAvailable(
            SmartCacheManager.builder().redisUri(url).namespace(namespace).instanceId("A").build());
    b =
        RedisTestSupport.awaitAvailable(
            SmartCacheManager.builder()
                .redisUri(url)
                .namespace(namespace)
                .instanceId("B")
                .meterRegistry(registryB)
                .build());
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    RedisTestSupport.deleteNamespace(url, namespace);
  }

  @Test
  void written_onA_servedByBWithin100MillisAtP99() {
    SmartCache<Long, Shopper> onA = a.createCache(config());
    SmartCache<Long, Shopper> onB = b.createCache(config());
    long[] keys = {1, 2, 3, 4};
    for (long k : keys) {
      source.put(k, "s" + k, 0);
      onB.get(k);
    }
    Histogram staleness = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    long worstNanos = 0;

    for (int i = 0; i < WARMUP + TRIALS; i++) {
      long key = keys[i % keys.length];
      Versioned<Shopper> newer = source.update(key, 1).orElseThrow();
      onA.written(key, newer);
      long start = System.nanoTime();
      long deadline = start + TimeUnit.SECONDS.toNanos(5);
      while (onB.get(key).orElseThrow().version() < newer.version()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("B still serves an older version than " + newer + " after 5 s");
        }
        Thread.onSpinWait();
        Thread.yield();
      }
      long nanos = System.nanoTime() - start;
      if (i >= WARMUP) {
        staleness.recordValue(nanos);
        worstNanos = Math.max(worstNanos, nanos);
      }
    }

    double p50 = staleness.getValueAtPercentile(50) / 1e6;
    double p99 = staleness.getValueAtPercentile(99) / 1e6;
    Timer lag = registryB.get("smartcache.invalidation.lag").tag("cache", "shoppers").timer();
    System.out.printf(
        "Two-instance staleness over %d trials (written on A returns -> B serves the new version):"
            + " p50 = %.3f ms, p99 = %.3f ms, max = %.3f ms; invalidation lag metric on B: count = %d, mean = %.3f ms%n",
        staleness.getTotalCount(),
        p50,
        p99,
        worstNanos / 1e6,
        lag.count(),
        lag.mean(TimeUnit.MILLISECONDS));
    assertThat(staleness.getTotalCount()).isGreaterThanOrEqualTo(1000);
    // The 100 ms p99 bound is a speed target: measured and printed here (and by the benchmarks),
    // not asserted, since a busy machine stretches it. What is asserted: B converged every time.
    assertThat(staleness.getTotalCount()).isEqualTo(TRIALS);
    assertThat(lag.count()).isGreaterThanOrEqualTo(TRIALS);
    assertThat(onB.stats().invalidationsReceived()).isGreaterThanOrEqualTo(TRIALS);
  }

  @Test
  void written_whileASourceLoadHangsOnB_otherKeysStillReachBPromptly() throws Exception {
    VersionGuardScenario.GatedSource gated = new VersionGuardScenario.GatedSource();
    SmartCache<Long, Shopper> onA =
        a.createCache(CacheConfig.builder("gated", Shopper.class, KeyCodec.longs(), gated).build());
    SmartCache<Long, Shopper> onB =
        b.createCache(CacheConfig.builder("gated", Shopper.class, KeyCodec.longs(), gated).build());
    gated.rows.put(1, "slow", 0);
    gated.rows.put(2, "fast", 0);
    onB.get(2L);
    gated.arm();
    java.util.concurrent.CompletableFuture<?> hanging =
        java.util.concurrent.CompletableFuture.runAsync(() -> onB.get(1L));
    assertThat(gated.readDone.await(10, TimeUnit.SECONDS)).isTrue();
    try {
      Versioned<Shopper> k1 = gated.rows.update(1, 1).orElseThrow();
      onA.written(1L, k1);
      Versioned<Shopper> k2 = gated.rows.update(2, 1).orElseThrow();
      java.util.concurrent.CountDownLatch release = gated.release;
      gated.release = null;
      onA.written(2L, k2);
      long start = System.nanoTime();
      VersionGuardScenario.awaitUntil(
          "B serves key 2's new version", () -> onB.get(2L).orElseThrow().equals(k2));
      double millis = (System.nanoTime() - start) / 1e6;
      System.out.printf(
          "With a source load of key 1 hanging on B, A's write of key 2 reached B in %.1f ms%n",
          millis);
      // Not asserted against BOUND_MILLIS (a speed target; a busy machine stretches it): the write
      // reached B while B's own load hung, which is what the design promises.
      release.countDown();
      hanging.get(10, TimeUnit.SECONDS);
      assertThat(onB.get(1L)).contains(k1);
    } finally {
      if (gated.release != null) {
        gated.release.countDown();
      }
    }
  }

  private CacheConfig<Long, Shopper> config() {
    return CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source).build();
  }
}
