package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The manager without a Redis server: builder checks, Redis absent at start, lifecycle. */
class SmartCacheManagerTest {

  private final TestSource source = new TestSource();

  @Test
  void builder_badArguments_failAtOnceWithTheValue() {
    SmartCacheManager.Builder b = SmartCacheManager.builder();
    assertThatThrownBy(() -> b.namespace("mall:quest")).hasMessageContaining("mall:quest");
    assertThatThrownBy(() -> b.instanceId("has space")).hasMessageContaining("has space");
    assertThatThrownBy(() -> b.commandTimeout(Duration.ZERO)).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> b.breakerFailureThreshold(0)).hasMessageContaining("0");
    assertThatThrownBy(() -> b.streamMaxLength(5)).hasMessageContaining("5");
  }

  @Test
  void build_malformedRedisUri_throwsConfigurationException() {
    assertThatThrownBy(() -> SmartCacheManager.builder().redisUri("mongodb://nope").build())
        .isInstanceOf(SmartCacheException.ConfigurationException.class);
  }

  @Test
  void build_redisAbsent_startsWithoutErrorAndServesFromMemoryAndSource() {
    int port = RedisServerProcess.freePort();
    long start = System.nanoTime();
    try (SmartCacheManager manager =
        SmartCacheManager.builder()
            .redisUri("redis://127.0.0.1:" + port)
            .namespace("absent")
            .build()) {
      Duration buildTime = Duration.ofNanos(System.nanoTime() - start);
      SmartCache<Long, Shopper> cache =
          manager.createCache(
              CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source).build());
      Versioned<Shopper> row = source.put(1, "Ana", 1);

      // Not a speed target: build() must not wait for the absent server (it would wait forever).
      // Generous for a loaded machine, where the first Lettuce client alone took 3.6-4.7 s.
      assertThat(buildTime).isLessThan(Duration.ofSeconds(15));
      assertThat(manager.redisAvailable()).isFalse();
      assertThat(cache.get(1L)).contains(row);
      assertThat(cache.get(1L)).contains(row);
      assertThat(cache.getAll(java.util.List.of(1L, 2L))).containsOnlyKeys(1L);
      Versioned<Shopper> v2 = source.update(1, 5).orElseThrow();
      cache.written(1L, v2);
      assertThat(cache.get(1L)).contains(v2);
      cache.invalidate(1L);
      cache.invalidateAll();
      assertThat(cache.get(1L)).contains(v2);

      CacheStats stats = manager.getCacheStats().get("shoppers");
      assertThat(stats.redisAvailable()).isFalse();
      assertThat(stats.redisState())
          .as("configured but never reached")
          .isIn(CacheStats.RedisState.DEGRADED, CacheStats.RedisState.BREAKER_OPEN);
      assertThat(stats.redisKeys()).isEqualTo(-1);
      assertThat(stats.redisErrors()).as("nothing was sent: no connection").isZero();
    }
  }

  @Test
  void close_twice_isIdempotentAndCreateCacheAfterwardsFails() {
    SmartCacheManager manager = SmartCacheManager.builder().instanceId("node-1").build();
    assertThat(manager.instanceId()).isEqualTo("node-1");
    assertThat(manager.namespace()).isEqualTo(SmartCacheManager.DEFAULT_NAMESPACE);
    manager.close();
    manager.close();
    assertThatThrownBy(
            () ->
                manager.createCache(
                    CacheConfig.builder("late", Shopper.class, KeyCodec.longs(), source).build()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void build_defaultTicker_runsAClockThreadThatCloseStops() throws InterruptedException {
    SmartCacheManager manager = SmartCacheManager.builder().instanceId("clocked").build();
    Optional<Thread> clock = thread("smartcache-clock-clocked");
    assertThat(clock).hasValueSatisfying(t -> assertThat(t.isDaemon()).isTrue());

    manager.close();
    clock.orElseThrow().join(Duration.ofSeconds(5).toMillis());

    assertThat(clock.orElseThrow().isAlive()).isFalse();
  }

  @Test
  void build_ownTicker_runsNoClockThread() {
    try (SmartCacheManager manager =
        SmartCacheManager.builder().instanceId("ticked").ticker(new FakeTicker()).build()) {
      assertThat(manager.instanceId()).isEqualTo("ticked");
      assertThat(thread("smartcache-clock-ticked")).isEmpty();
    }
  }

  @Test
  void get_afterClose_stillExpiresEntries() {
    SmartCacheManager manager = SmartCacheManager.builder().build();
    SmartCache<Long, Shopper> cache =
        manager.createCache(
            CacheConfig.builder("closed", Shopper.class, KeyCodec.longs(), source)
                .memoryTtl(Duration.ofNanos(1))
                .build());
    source.put(1, "Ana", 1);
    manager.close();

    cache.get(1L);
    cache.get(1L);

    assertThat(source.loads).as("a one-nanosecond TTL is over by the next read").hasValue(2);
  }

  private static Optional<Thread> thread(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst();
  }

  @Test
  void instanceId_default_isUniquePerManager() {
    try (SmartCacheManager a = SmartCacheManager.builder().build();
        SmartCacheManager b = SmartCacheManager.builder().build()) {
      assertThat(a.instanceId()).isNotEqualTo(b.instanceId());
    }
  }
}
