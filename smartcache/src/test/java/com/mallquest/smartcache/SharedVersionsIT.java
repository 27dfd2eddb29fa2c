package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SmartCache#sharedVersions}: what Redis holds per key, in one MGET, for the service's
 * reconciliation check; values only (absent keys and tombstones are not cached), and empty when
 * there is no Redis to ask.
 */
class SharedVersionsIT {

  private static String url;
  private final String namespace = RedisTestSupport.uniqueNamespace("versions");
  private final TestSource source = new TestSource();
  private final CommandCounter commands = new CommandCounter();
  private SmartCacheManager manager;
  private SmartCache<Long, Shopper> cache;

  @BeforeAll
  static void redis() {
    url = RedisTestSupport.requireRedis();
  }

  @BeforeEach
  void start() {
    manager =
        RedisTestSupport.awaitAvailable(
            SmartCacheManager.builder()
                .redisUri(url)
                .namespace(namespace)
                .commandListener(commands)
                .build());
    cache =
        manager.createCache(
            CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source).build());
  }

  @AfterEach
  void stop() {
    manager.close();
    RedisTestSupport.deleteNamespace(url, namespace);
  }

  @Test
  void sharedVersions_valuesWithTheirVersions_absentAndTombstonesLeftOut_oneMget() {
    cache.written(1L, source.put(1, "Ana", 10)); // version 0
    cache.written(1L, source.update(1, 5).orElseThrow()); // version 1
    cache.written(2L, source.put(2, "Bo", 0));
    cache.written(3L, source.put(3, "Cy", 0));
    cache.invalidate(3L); // a tombstone
    try (RedisTestSupport.Inspector redis = new RedisTestSupport.Inspector(url)) {
      // An older copy written behind the cache's back, as a crash between commit and publish
      // leaves.
      redis
          .sync()
          .set(RedisTestSupport.bytes(namespace + ":shoppers:4"), RedisTestSupport.bytes("7|V{}"));
      // Bytes in no known format: not a cached value.
      redis
          .sync()
          .set(RedisTestSupport.bytes(namespace + ":shoppers:5"), RedisTestSupport.bytes("junk"));
      commands.reset();
      int loadsBefore = source.loads.get();

      var versions = cache.sharedVersions(List.of(1L, 2L, 3L, 4L, 5L, 6L, 2L));

      assertThat(versions).isPresent();
      assertThat(versions.get())
          .containsExactly(
              java.util.Map.entry(1L, 1L),
              java.util.Map.entry(2L, 0L),
              java.util.Map.entry(4L, 7L));
      // This manager's commands (the shared Redis's own counters also count other processes').
      assertThat(commands.count("MGET")).as(commands.toString()).isEqualTo(1);
      assertThat(commands.count("EVALSHA") + commands.count("EVAL"))
          .as(commands.toString())
          .isZero();
      assertThat(source.loads.get()).isEqualTo(loadsBefore);
    }
    assertThat(cache.sharedVersions(List.of())).contains(java.util.Map.of());
    assertThat(cache.stats().requests()).isZero();
  }

  @Test
  void sharedVersions_nullKey_isRefused() {
    assertThatThrownBy(() -> cache.sharedVersions(Arrays.asList(1L, null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void sharedVersions_withoutRedis_orRedisUnreachable_isEmpty() {
    try (SmartCacheManager memoryOnly = SmartCacheManager.builder().namespace(namespace).build()) {
      SmartCache<Long, Shopper> local =
          memoryOnly.createCache(
              CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source).build());
      local.written(1L, source.put(1, "Ana", 10));
      assertThat(local.sharedVersions(List.of(1L))).isEmpty();
    }
    // Nothing listens on port 1: the manager never connects, and the read is not even sent.
    try (SmartCacheManager unreachable =
        SmartCacheManager.builder().redisUri("redis://127.0.0.1:1").namespace(namespace).build()) {
      SmartCache<Long, Shopper> down =
          unreachable.createCache(
              CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source).build());
      assertThat(down.sharedVersions(List.of(1L))).isEmpty();
    }
  }
}
