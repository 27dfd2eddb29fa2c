package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import com.mallquest.smartcache.internal.CircuitBreaker;
import com.mallquest.smartcache.internal.KeyLayout;
import com.mallquest.smartcache.internal.RedisLink;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two managers on a Redis Cluster (ADR 0021): the keys of a cache spread over the stream groups'
 * slots and masters, each script's keys share a slot, writes, invalidations and clears on one
 * instance reach the other through the per-group streams, and {@link SmartCache#sharedVersions}
 * reads keys of many slots at once.
 */
class RedisClusterIT {

  static final int KEYS = 60;

  private final String namespace = RedisTestSupport.uniqueNamespace("cluster");
  private final TestSource source = new TestSource();
  private RedisClusterProcess cluster;
  private SmartCacheManager a;
  private SmartCacheManager b;
  private SmartCache<Long, Shopper> onA;
  private SmartCache<Long, Shopper> onB;

  @BeforeEach
  void start() {
    cluster = RedisClusterProcess.shared();
    a = RedisTestSupport.awaitAvailable(manager("A"));
    b = RedisTestSupport.awaitAvailable(manager("B"));
    onA = a.createCache(config());
    onB = b.createCache(config());
    LongStream.rangeClosed(1, KEYS).forEach(k -> source.put(k, "s" + k, 0));
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    RedisClusterSupport.deleteNamespace(cluster.url(), namespace);
  }

  /**
   * A command timeout of one second: this class is about where keys and messages go, not about
   * timeouts (a 50 ms one that expires on a busy machine makes a read skip Redis, as it should).
   */
  private SmartCacheManager manager(String id) {
    return SmartCacheManager.builder()
        .redisUri(cluster.url())
        .redisCluster(true)
        .namespace(namespace)
        .instanceId(id)
        .commandTimeout(Duration.ofSeconds(1))
        .build();
  }

  private CacheConfig<Long, Shopper> config() {
    return CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source).build();
  }

  @Test
  void keys_spreadOverGroupsAndMasters_eachWriteInOneSlotWithItsStream() {
    for (long k = 1; k <= KEYS; k++) {
      onA.written(k, source.update(k, 1).orElseThrow());
    }
    KeyLayout layout = new KeyLayout(namespace, "shoppers", true);
    try (RedisClusterSupport redis = new RedisClusterSupport(cluster.url())) {
      List<String> dataKeys = redis.keys(namespace + ":shoppers:*");
      assertThat(dataKeys).hasSize(KEYS);
      Set<Integer> slots = new HashSet<>();
      for (long k = 1; k <= KEYS; k++) {
        String key = layout.dataKey(Long.toString(k));
        int group = layout.group(Long.toString(k));
        assertThat(dataKeys).contains(key);
        assertThat(SlotHash.getSlot(key))
            .isEqualTo(SlotHash.getSlot(layout.streamKey(group)))
            .isEqualTo(SlotHash.getSlot(layout.counterKey(group)));
        assertThat(redis.sync().get(key)).startsWith("1|V");
        slots.add(SlotHash.getSlot(key));
      }
      assertThat(slots).as("stream groups used by %d keys", KEYS).hasSizeGreaterThan(8);
      Set<String> masters = slots.stream().map(redis::masterOf).collect(Collectors.toSet());
      assertThat(masters).as("masters holding the keys").hasSize(3);
      long messages = 0;
      for (int g = 0; g < KeyLayout.CLUSTER_GROUPS; g++) {
        messages += redis.sync().xlen(layout.streamKey(g));
      }
      assertThat(messages)
          .as("one stream message per write, over the groups' streams")
          .isEqualTo(KEYS);
    }
    assertThat(onA.stats().redisKeys()).isEqualTo(KEYS);
  }

  @Test
  void writtenInvalidatedCleared_onA_reachB() {
    for (long k = 1; k <= KEYS; k++) {
      assertThat(onB.get(k).orElseThrow().version()).isZero();
    }
    Map<Long, Long> latest = new LinkedHashMap<>();
    for (long k = 1; k <= KEYS; k++) {
      Versioned<Shopper> newer = source.update(k, 1).orElseThrow();
      onA.written(k, newer);
      latest.put(k, newer.version());
    }
    awaitOnB("B serves every write of A", latest);

    // Changed behind the caches' backs: only A's invalidation tells B.
    for (long k = 1; k <= KEYS; k += 2) {
      latest.put(k, source.update(k, 1).orElseThrow().version());
      onA.invalidate(k);
    }
    awaitOnB("B drops what A invalidated", latest);

    // A clear of the whole cache reaches B through every group's stream.
    for (long k = 1; k <= KEYS; k++) {
      latest.put(k, source.update(k, 1).orElseThrow().version());
    }
    onA.invalidateAll();
    awaitOnB("B drops everything after A's clear", latest);
    assertThat(onB.stats().invalidationsReceived()).isGreaterThanOrEqualTo(KEYS + KEYS / 2);
  }

  @Test
  void sharedVersions_keysOfManySlots_valuesOnly() {
    List<Long> keys = new ArrayList<>();
    Map<Long, Long> expected = new LinkedHashMap<>();
    for (long k = 1; k <= KEYS; k++) {
      Versioned<Shopper> v = source.update(k, 1).orElseThrow();
      onA.written(k, v);
      keys.add(k);
      if (k % 10 == 0) {
        onA.invalidate(k); // a tombstone: not a cached value
      } else {
        expected.put(k, v.version());
      }
    }
    keys.add(KEYS + 1L); // never cached
    Map<Long, Long> versions = onB.sharedVersions(keys).orElseThrow();
    assertThat(versions).containsExactlyEntriesOf(expected);
  }

  @Test
  void
      flushSlot_raisesTheGroupsClearGenerations_deletesOnlyTheGroupsValues_throughPagesOfOtherKeys() {
    KeyLayout layout = new KeyLayout(namespace, "shoppers", true);
    String tag = layout.tag(3);
    try (RedisClusterSupport redis = new RedisClusterSupport(cluster.url());
        RedisLink link =
            new RedisLink(
                cluster.url(),
                true,
                "flush-test",
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                new CircuitBreaker(3, Duration.ofSeconds(1), Ticker.systemTicker()),
                null)) {
      assertThat(link.connect()).isTrue();
      // More keys that stay (another owner's, same slot) than a page, then the group's values.
      for (int i = 0; i < RedisLink.FLUSH_PAGE + 500; i++) {
        redis.sync().set(namespace + "-other:" + tag + i, "x");
      }
      for (int i = 0; i < 30; i++) {
        redis.sync().set(namespace + ":shoppers:" + tag + i, "1|V{}");
      }
      redis.sync().xadd(layout.streamKey(3), Map.of("k", "v"));
      // One cache's group cleared five times before; another cache's, in the same slot, never.
      KeyLayout stores = new KeyLayout(namespace, "stores", true);
      redis.sync().set(layout.generationKey(3), "5");
      String prefix = namespace + ":";

      // The rule of the stream reader's resync: this namespace's keys with the group's tag after a
      // colon.
      long deleted =
          link.flushSlot(
              layout.streamKey(3),
              List.of(layout.generationKey(3), stores.generationKey(3)),
              key -> !(key.startsWith(prefix) && key.contains(":" + tag)));

      assertThat(deleted).isEqualTo(30);
      // ADR 0032: no generation a loader saw before the flush ("5", or none) is there after it.
      assertThat(redis.sync().get(layout.generationKey(3)))
          .isEqualTo(String.valueOf(5 + RedisLink.FLUSH_GENERATION_STEP));
      assertThat(redis.sync().get(stores.generationKey(3)))
          .isEqualTo(String.valueOf(RedisLink.FLUSH_GENERATION_STEP));
      assertThat(redis.keys(namespace + ":shoppers:*")).isEmpty();
      assertThat(redis.keys(namespace + "-other:*")).hasSize(RedisLink.FLUSH_PAGE + 500);
      assertThat(redis.sync().xlen(layout.streamKey(3))).isEqualTo(1);
    }
  }

  private void awaitOnB(String what, Map<Long, Long> latest) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () -> {
              Map<Long, Long> served = new LinkedHashMap<>();
              latest.keySet().forEach(k -> served.put(k, onB.get(k).orElseThrow().version()));
              assertThat(served).isEqualTo(latest);
            });
  }
}
