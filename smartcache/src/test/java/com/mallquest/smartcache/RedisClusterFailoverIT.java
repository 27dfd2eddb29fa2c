package com.mallquest.smartcache;

import static com.mallquest.smartcache.internal.RedisLink.FLUSH_GENERATION_STEP;
import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.smartcache.internal.KeyLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A master of a Redis Cluster killed (SIGKILL) while two managers read and write from several
 * threads, and its replica promoted (ADR 0021): no exception reaches a caller (the caches fall back
 * to memory and the source, as when one Redis is down), both managers see Redis unavailable and
 * then trusted again once the client follows the promotion, every instance serves the source's
 * latest version of every key after the recovery, and writes after the promotion land in Redis.
 */
class RedisClusterFailoverIT {

  static final int KEYS = 40;
  static final int THREADS = 4;

  private final String namespace = RedisTestSupport.uniqueNamespace("failover");
  private final TestSource source = new TestSource();
  private RedisClusterProcess cluster;
  private SmartCacheManager a;
  private SmartCacheManager b;

  @BeforeEach
  void start() {
    cluster = RedisClusterProcess.start();
    a = RedisTestSupport.awaitAvailable(manager("A"));
    b = RedisTestSupport.awaitAvailable(manager("B"));
  }

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private SmartCacheManager manager(String id) {
    return SmartCacheManager.builder()
        .redisUri(cluster.url())
        .redisCluster(true)
        .namespace(namespace)
        .instanceId(id)
        .build();
  }

  @Test
  void masterKilledUnderLoad_noCallerSeesAnError_coherenceResumes_writesLandAfterThePromotion()
      throws Exception {
    SmartCache<Long, Shopper> onA = a.createCache(config());
    SmartCache<Long, Shopper> onB = b.createCache(config());
    for (long k = 1; k <= KEYS; k++) {
      source.put(k, "s" + k, 0);
      onA.get(k);
      onB.get(k);
    }
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    AtomicLong operations = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean sawUnavailable = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      SmartCache<Long, Shopper> cache = t % 2 == 0 ? onA : onB;
      threads.add(
          started(
              "load-" + t,
              () -> {
                while (running.get()) {
                  long key = ThreadLocalRandom.current().nextLong(1, KEYS + 1);
                  try {
                    if (ThreadLocalRandom.current().nextInt(4) == 0) {
                      cache.written(key, source.update(key, 1).orElseThrow());
                    } else {
                      cache.get(key).orElseThrow();
                    }
                    operations.incrementAndGet();
                  } catch (Throwable e) {
                    errors.add(e);
                  }
                }
              }));
    }
    Thread watcher =
        started(
            "watch-availability",
            () -> {
              while (running.get()) {
                if (!a.redisAvailable() || !b.redisAvailable()) {
                  sawUnavailable.set(true);
                }
                Thread.onSpinWait();
              }
            });
    try {
      awaitMoreOperations(operations, 200);
      String victim = new KeyLayout(namespace, "shoppers", true).dataKey("1");
      int killed = cluster.killMasterOf(victim);
      cluster.awaitPromoted(victim, killed);
      Awaitility.await("both managers trust Redis again")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> a.redisAvailable() && b.redisAvailable());
      // ADR 0032: the moved group's clear generation was raised before its values were deleted,
      // so no fill that began before the failover lands after it.
      KeyLayout layout = new KeyLayout(namespace, "shoppers", true);
      try (RedisClusterSupport redis = new RedisClusterSupport(cluster.url())) {
        assertThat(redis.sync().get(layout.generationKey(layout.group("1"))))
            .isNotNull()
            .satisfies(
                g -> assertThat(Long.parseLong(g)).isGreaterThanOrEqualTo(FLUSH_GENERATION_STEP));
      }
      awaitMoreOperations(operations, 200);
    } finally {
      running.set(false);
      for (Thread t : threads) {
        t.join(10_000);
      }
      watcher.join(10_000);
    }

    assertThat(errors).as("exceptions thrown to callers").isEmpty();
    assertThat(sawUnavailable).as("the managers noticed the dead master").isTrue();
    Map<Long, Long> latest = new LinkedHashMap<>();
    for (long k = 1; k <= KEYS; k++) {
      latest.put(k, source.current(k).orElseThrow().version());
    }
    awaitServed("after the promotion, A serves the latest versions", onA, latest);
    awaitServed("after the promotion, B serves the latest versions", onB, latest);

    // Writes after the promotion land in Redis (every slot, the promoted one included) and reach
    // the other instance.
    for (long k = 1; k <= KEYS; k++) {
      Versioned<Shopper> newer = source.update(k, 1).orElseThrow();
      onA.written(k, newer);
      latest.put(k, newer.version());
    }
    assertThat(onB.sharedVersions(latest.keySet()).orElseThrow()).isEqualTo(latest);
    awaitServed("B hears the writes made after the promotion", onB, latest);

    // A clear (SCAN over the masters + UNLINK) works on the new topology and reaches B.
    for (long k = 1; k <= KEYS; k++) {
      latest.put(k, source.update(k, 1).orElseThrow().version());
    }
    onA.invalidateAll();
    awaitServed("B drops everything after A's clear", onB, latest);
    Awaitility.await("the key count scans every master of the new topology")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> onA.stats().redisKeys() >= 0);
    System.out.printf(
        "Failover under load: %d operations, no caller exception; A: %s; B: %s%n",
        operations.get(), onA.stats(), onB.stats());
  }

  private static Thread started(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void awaitMoreOperations(AtomicLong operations, long more) {
    long target = operations.get() + more;
    Awaitility.await(more + " more operations")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> operations.get() >= target);
  }

  private static void awaitServed(
      String what, SmartCache<Long, Shopper> cache, Map<Long, Long> latest) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              Map<Long, Long> served = new LinkedHashMap<>();
              latest.keySet().forEach(k -> served.put(k, cache.get(k).orElseThrow().version()));
              assertThat(served).isEqualTo(latest);
            });
  }

  private CacheConfig<Long, Shopper> config() {
    return CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source).build();
  }
}
