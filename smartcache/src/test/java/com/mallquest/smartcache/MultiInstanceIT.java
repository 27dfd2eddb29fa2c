package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.smartcache.internal.RedisValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MultiThreadedTest} across two instances on one Redis: threads pick an instance at random
 * for each operation. Afterwards (once the streams delivered), neither instance's memory nor Redis
 * holds anything but the source's current rows.
 */
class MultiInstanceIT {

  private final String namespace = RedisTestSupport.uniqueNamespace("multi");
  private final TestSource source = new TestSource();
  private String url;
  private SmartCacheManager a;
  private SmartCacheManager b;

  @BeforeEach
  void start() {
    url = RedisTestSupport.requireRedis();
    a =
        RedisTestSupport.awaitAvailable(
            SmartCacheManager.builder().redisUri(url).namespace(namespace).build());
    b =
        RedisTestSupport.awaitAvailable(
            SmartCacheManager.builder().redisUri(url).namespace(namespace).build());
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    RedisTestSupport.deleteNamespace(url, namespace);
  }

  @Test
  void randomOperations_twoInstances_everyTierConvergesOnTheSource() throws Exception {
    SmartCache<Long, Shopper> onA = a.createCache(config());
    SmartCache<Long, Shopper> onB = b.createCache(config());
    for (long k = 0; k < MultiThreadedTest.KEYS; k += 2) {
      source.put(k, "s" + k, 0);
    }

    MultiThreadedTest.runRandomOperations(List.of(onA, onB), source, 4, 4000, 7);

    for (SmartCache<Long, Shopper> cache : List.of(onA, onB)) {
      // Generous bounds: a busy machine stretches convergence (timeouts open the breaker, changes
      // are
      // replayed after it), while a real divergence would outlive them (memory TTL 10 min).
      Awaitility.await("memory of " + cache + " converges")
          .atMost(Duration.ofSeconds(60))
          .until(() -> memoryMatchesSource(cache));
      assertThat(cache.stats().memoryCacheSize()).isLessThanOrEqualTo(MultiThreadedTest.LIMIT);
    }
    try (RedisTestSupport.Inspector redis = new RedisTestSupport.Inspector(url)) {
      Awaitility.await("Redis converges")
          .atMost(Duration.ofSeconds(60))
          .until(() -> redisMatchesSource(redis));
    }
    MultiThreadedTest.assertCoherent(onA, source);
    MultiThreadedTest.assertCoherent(onB, source);
  }

  @Test
  void invalidateMisses_onOneInstance_theOtherStopsServingItsCachedMiss() {
    SmartCache<Long, Shopper> onA = a.createCache(config());
    SmartCache<Long, Shopper> onB = b.createCache(config());
    assertThat(onB.get(5L)).isEmpty();
    Versioned<Shopper> row = source.put(5, "Cy", 0);
    assertThat(onB.get(5L)).as("B remembers the miss").isEmpty();

    onA.invalidateMisses();

    Awaitility.await("B hears of the bulk insert")
        .atMost(Duration.ofSeconds(60))
        .until(() -> onB.get(5L).equals(Optional.of(row)));
  }

  private boolean memoryMatchesSource(SmartCache<Long, Shopper> cache) {
    for (long k = 0; k < MultiThreadedTest.KEYS; k++) {
      Optional<Versioned<Shopper>> cached = cache.getIfPresent(k);
      if (cached.isPresent() && !cached.equals(source.current(k))) {
        return false;
      }
    }
    return true;
  }

  /** Every value in Redis is the source's current version of a row that exists. */
  private boolean redisMatchesSource(RedisTestSupport.Inspector redis) {
    for (long k = 0; k < MultiThreadedTest.KEYS; k++) {
      byte[] raw =
          redis.sync().get((namespace + ":shoppers:" + k).getBytes(StandardCharsets.UTF_8));
      if (raw == null) {
        continue;
      }
      RedisValue stored = RedisValue.parse(raw);
      if (stored.kind() == RedisValue.Kind.VALUE
          && source.current(k).map(Versioned::version).orElse(-1L) != stored.version()) {
        return false;
      }
    }
    return true;
  }

  private CacheConfig<Long, Shopper> config() {
    return CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source)
        .memoryLimitEntries(MultiThreadedTest.LIMIT)
        .build();
  }
}
