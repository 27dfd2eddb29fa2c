package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the Redis tier stores and how many round trips it costs, on the shared Redis. */
class RedisTierIT {

  private static String url;
  private final String namespace = RedisTestSupport.uniqueNamespace("tier");
  private final TestSource source = new TestSource();
  private final CommandCounter commands = new CommandCounter();
  private RedisTestSupport.Inspector redis;
  private SmartCacheManager manager;

  @BeforeAll
  static void requireRedis() {
    url = RedisTestSupport.requireRedis();
  }

  /**
   * A manager whose commands wait up to 10 s: these tests look at what a fill writes, and a fill
   * timed out on a busy machine (the default 50 ms) would be dropped by design and never written.
   */
  private SmartCacheManager newManager(io.lettuce.core.event.command.CommandListener counter) {
    return RedisTestSupport.awaitAvailable(
        SmartCacheManager.builder()
            .redisUri(url)
            .namespace(namespace)
            .commandTimeout(Duration.ofSeconds(10))
            .commandListener(counter)
            .build());
  }

  private CacheConfig.Builder<Long, Shopper> config() {
    return CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source);
  }

  private String key(long id) {
    return namespace + ":shoppers:" + id;
  }

  @AfterEach
  void cleanUp() {
    if (manager != null) {
      manager.close();
    }
    if (redis != null) {
      redis.deleteNamespace(namespace);
      redis.close();
    }
  }

  @Test
  void detachRedis_cachesGoOnWithMemoryAndSource_andSendNothingToRedis() {
    redis = new RedisTestSupport.Inspector(url);
    manager = newManager(commands);
    SmartCache<Long, Shopper> cache = manager.createCache(config().build());
    Versioned<Shopper> row = source.put(1, "Ana", 10);
    assertThat(cache.get(1L)).contains(row);

    manager.detachRedis();
    manager.detachRedis();
    commands.reset();
    Versioned<Shopper> newer = source.update(1, 5).orElseThrow();
    cache.written(1L, newer);
    source.put(2, "Bo", 1);

    assertThat(manager.redisAvailable()).isFalse();
    assertThat(cache.get(1L)).contains(newer);
    assertThat(cache.get(2L)).isEqualTo(source.current(2));
    assertThat(commands.requestPathCommands())
        .as("Redis commands after the detach: %s", commands)
        .isZero();
    assertThat(cache.stats().redisKeys()).isEqualTo(-1);
  }

  @Test
  void get_miss_fillsRedisWithTheVersionedValueAndAJitteredTtl() {
    redis = new RedisTestSupport.Inspector(url);
    manager = newManager(commands);
    SmartCache<Long, Shopper> cache =
        manager.createCache(
            config().redisTtl(Duration.ofSeconds(100)).redisTtlJitter(0.05).build());
    source.put(1, "Ana", 10);
    source.update(1, 5);

    cache.get(1L);

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> redis.get(key(1)) != null);
    assertThat(redis.get(key(1))).isEqualTo("1|V{\"id\":1,\"name\":\"Ana\",\"coins\":15}");
    assertThat(redis.pttl(key(1))).isBetween(94_000L, 100_000L);
  }

  @Test
  void redisTtl_default_isTheOriginals3600SecondsShortenedByAtMostTheJitter() {
    redis = new RedisTestSupport.Inspector(url);
    manager = newManager(commands);
    SmartCache<Long, Shopper> cache = manager.createCache(config().build());
    LongStream.range(0, 50).forEach(i -> cache.written(i, source.put(i, "s" + i, i)));

    List<Long> ttls =
        LongStream.range(0, 50).mapToObj(i -> redis.pttl(key(i))).collect(Collectors.toList());

    assertThat(ttls)
        .allSatisfy(t -> assertThat(t).isBetween(3_600_000L - 180_000L - 5_000L, 3_600_000L));
    assertThat(ttls.stream().distinct().count()).as("jitter spreads expiry").isGreaterThan(10);
  }

  @Test
  void getAll_hundredKeysMissingFromMemory_costsOneRedisRoundTrip() {
    redis = new RedisTestSupport.Inspector(url);
    manager = newManager(commands);
    SmartCache<Long, Shopper> a = manager.createCache(config().build());
    List<Long> keys = LongStream.range(0, 100).boxed().collect(Collectors.toList());
    keys.forEach(i -> source.put(i, "s" + i, i));
    commands.reset();

    Map<Long, Versioned<Shopper>> cold = a.getAll(keys);

    assertThat(cold).hasSize(100);
    assertThat(source.loadAllCalls).hasValue(1);
    assertThat(commands.count("MGET")).isEqualTo(1);
    assertThat(commands.count("GET")).isZero();
    System.out.printf(
        "getAll(100 keys), cold: %d MGET, %d GET, %d fills (EVALSHA, pipelined, not awaited),"
            + " 1 loadAll%n",
        commands.count("MGET"), commands.count("GET"), commands.count("EVALSHA"));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> a.stats().redisKeys() == 100);

    CommandCounter other = new CommandCounter();
    try (SmartCacheManager second = newManager(other)) {
      SmartCache<Long, Shopper> b = second.createCache(config().build());
      other.reset();

      Map<Long, Versioned<Shopper>> warm = b.getAll(keys);

      long roundTrips = other.requestPathCommands();
      String seen = other.toString();
      System.out.printf(
          "getAll(100 keys), memory cold, Redis warm: %d Redis round trip (commands: %s)%n",
          roundTrips, seen);
      assertThat(warm).isEqualTo(cold);
      assertThat(source.loadAllCalls).as("all from Redis").hasValue(1);
      assertThat(roundTrips).as("request-path commands: %s", seen).isEqualTo(1);
      assertThat(other.count("MGET")).isEqualTo(1);
      assertThat(b.stats().redisHits()).isEqualTo(100);
    }
  }

  @Test
  void writtenAll_hundredKeys_onePipelinedRoundTripStoresEachAndAnnouncesEachOnTheStream() {
    redis = new RedisTestSupport.Inspector(url);
    PipelineProbe probe = new PipelineProbe();
    manager =
        RedisTestSupport.awaitAvailable(
            SmartCacheManager.builder()
                .redisUri(url)
                .namespace(namespace)
                .commandListener(probe)
                .build());
    SmartCache<Long, Shopper> a = manager.createCache(config().build());
    Map<Long, Versioned<Shopper>> rows = new java.util.LinkedHashMap<>();
    LongStream.range(0, 100).forEach(i -> rows.put(i, source.put(i, "s" + i, i)));
    source.update(3, 1);
    a.written(3L, source.current(3).orElseThrow());
    long streamBefore = redis.sync().xlen(RedisTestSupport.bytes(namespace + ":shoppers#stream"));
    probe.reset();

    a.writtenAll(rows);

    System.out.printf(
        "writtenAll(100 keys): %d EVALSHA sent before the first answer came back (of %d)%n",
        probe.startedBeforeFirstAnswer(), probe.started());
    assertThat(probe.started()).isEqualTo(100);
    assertThat(probe.startedBeforeFirstAnswer())
        .as("all sent in one flush: one round trip")
        .isEqualTo(100);
    LongStream.range(0, 100)
        .filter(i -> i != 3)
        .forEach(i -> assertThat(redis.get(key(i))).startsWith("0|V"));
    assertThat(redis.get(key(3)))
        .as("the older version in the batch lost the compare-and-set")
        .startsWith("1|V");
    assertThat(
            redis.sync().xlen(RedisTestSupport.bytes(namespace + ":shoppers#stream"))
                - streamBefore)
        .as("one stream message per key, as written appends whether or not it stored")
        .isEqualTo(100);
    assertThat(a.get(3L)).isEqualTo(source.current(3));
  }

  @Test
  void writtenAll_otherInstanceHoldsOlderVersions_itServesTheNewOnes() {
    redis = new RedisTestSupport.Inspector(url);
    manager = newManager(commands);
    SmartCache<Long, Shopper> a = manager.createCache(config().build());
    LongStream.range(0, 20).forEach(i -> source.put(i, "s" + i, i));
    try (SmartCacheManager second = newManager(new CommandCounter())) {
      SmartCache<Long, Shopper> b = second.createCache(config().build());
      LongStream.range(0, 20).forEach(b::get);
      Map<Long, Versioned<Shopper>> newer = new java.util.LinkedHashMap<>();
      LongStream.range(0, 20).forEach(i -> newer.put(i, source.update(i, 1).orElseThrow()));

      a.writtenAll(newer);

      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  LongStream.range(0, 20)
                      .forEach(i -> assertThat(b.get(i)).contains(newer.get(i))));
    }
  }

  @Test
  void invalidateAllKeys_tenKeys_oneRoundTripLeavesATombstoneEach() {
    redis = new RedisTestSupport.Inspector(url);
    PipelineProbe probe = new PipelineProbe();
    manager =
        RedisTestSupport.awaitAvailable(
            SmartCacheManager.builder()
                .redisUri(url)
                .namespace(namespace)
                .commandListener(probe)
                .build());
    SmartCache<Long, Shopper> a = manager.createCache(config().build());
    LongStream.range(0, 10).forEach(i -> a.written(i, source.put(i, "s" + i, i)));
    probe.reset();

    a.invalidateAllKeys(LongStream.range(0, 10).boxed().collect(Collectors.toList()));

    assertThat(probe.startedBeforeFirstAnswer()).as("all sent in one flush").isEqualTo(10);
    LongStream.range(0, 10).forEach(i -> assertThat(redis.get(key(i))).startsWith("0|T"));
  }

  /**
   * Records, for the EVALSHA commands started since the last reset, how many had been started when
   * the first of them was answered (an answer to an earlier command may still arrive after a
   * reset).
   */
  private static final class PipelineProbe
      implements io.lettuce.core.event.command.CommandListener {
    private final Set<Object> started =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private int beforeFirstAnswer = -1;

    private static boolean evalsha(io.lettuce.core.protocol.RedisCommand<?, ?, ?> command) {
      return "EVALSHA".equalsIgnoreCase(command.getType().toString());
    }

    @Override
    public synchronized void commandStarted(
        io.lettuce.core.event.command.CommandStartedEvent event) {
      if (evalsha(event.getCommand())) {
        started.add(event.getCommand());
      }
    }

    @Override
    public synchronized void commandSucceeded(
        io.lettuce.core.event.command.CommandSucceededEvent event) {
      answered(event.getCommand());
    }

    /** A NOSCRIPT answer (the first use of a script since Redis started) is an answer too. */
    @Override
    public synchronized void commandFailed(io.lettuce.core.event.command.CommandFailedEvent event) {
      answered(event.getCommand());
    }

    private void answered(Object command) {
      if (beforeFirstAnswer < 0 && started.contains(command)) {
        beforeFirstAnswer = started.size();
      }
    }

    synchronized int started() {
      return started.size();
    }

    synchronized int startedBeforeFirstAnswer() {
      return beforeFirstAnswer;
    }

    synchronized void reset() {
      started.clear();
      beforeFirstAnswer = -1;
    }
  }

  @Test
  void get_otherInstanceLoadedTheKey_readsRedisNotTheSource() {
    redis = new RedisTestSupport.Inspector(url);
    manager = newManager(commands);
    SmartCache<Long, Shopper> a = manager.createCache(config().build());
    Versioned<Shopper> row = source.put(1, "Ana", 10);
    a.get(1L);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> redis.get(key(1)) != null);

    try (SmartCacheManager second = newManager(new CommandCounter())) {
      SmartCache<Long, Shopper> b = second.createCache(config().build());
      assertThat(b.get(1L)).contains(row);
      assertThat(b.stats().redisHits()).isEqualTo(1);
      assertThat(source.loads).hasValue(1);
    }
  }

  /**
   * The row changes in the database without a write through the cache (a bulk update), and the
   * operator clears the cache, while a load of that row is between reading it and filling Redis:
   * the late fill must not put the old row back for every instance to read until its TTL.
   */
  @Test
  void invalidateAll_duringALoad_theLateFillLeavesRedisEmpty_otherInstancesReadTheNewRow()
      throws Exception {
    redis = new RedisTestSupport.Inspector(url);
    Versioned<Shopper> before = source.put(1, "Ana", 10);
    CountDownLatch read = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SourceOfRecord<Long, Shopper> slow =
        new SourceOfRecord<>() {
          @Override
          public Optional<Versioned<Shopper>> load(Long key) {
            Optional<Versioned<Shopper>> row = source.load(key);
            read.countDown();
            SmartCacheContract.await(release);
            return row;
          }

          @Override
          public Map<Long, Versioned<Shopper>> loadAll(Collection<? extends Long> keys) {
            return source.loadAll(keys);
          }
        };
    ScriptAnswers answers = new ScriptAnswers();
    manager = newManager(answers);
    SmartCache<Long, Shopper> a =
        manager.createCache(
            CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), slow).build());
    ExecutorService loader = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<Versioned<Shopper>>> loading = loader.submit(() -> a.get(1L));
      assertThat(read.await(30, TimeUnit.SECONDS)).isTrue();
      Versioned<Shopper> after = source.put(1, "Ana", 99);
      a.invalidateAll();
      answers.reset();
      release.countDown();

      assertThat(loading.get(30, TimeUnit.SECONDS))
          .as("its caller gets what it read")
          .contains(before);
      Awaitility.await("the fill answered")
          .atMost(Duration.ofSeconds(30))
          .until(() -> answers.answered() >= 1);
      assertThat(redis.get(key(1))).as("the late fill was refused").isNull();
      try (SmartCacheManager second = newManager(new CommandCounter())) {
        SmartCache<Long, Shopper> b = second.createCache(config().build());
        assertThat(b.get(1L)).contains(after);
      }
      assertThat(a.get(1L)).as("nor does this instance's memory keep it").contains(after);
    } finally {
      loader.shutdownNow();
    }
  }

  /** Counts answered script calls (EVALSHA, or the EVAL of a NOSCRIPT retry). */
  private static final class ScriptAnswers
      implements io.lettuce.core.event.command.CommandListener {
    private final AtomicInteger answered = new AtomicInteger();

    @Override
    public void commandSucceeded(io.lettuce.core.event.command.CommandSucceededEvent event) {
      String type = event.getCommand().getType().toString();
      if ("EVALSHA".equalsIgnoreCase(type) || "EVAL".equalsIgnoreCase(type)) {
        answered.incrementAndGet();
      }
    }

    int answered() {
      return answered.get();
    }

    void reset() {
      answered.set(0);
    }
  }

  @Test
  void get_keyNotInSource_missIsCachedInMemoryOnly() {
    redis = new RedisTestSupport.Inspector(url);
    manager = newManager(commands);
    SmartCache<Long, Shopper> cache = manager.createCache(config().build());

    assertThat(cache.get(404L)).isEmpty();
    assertThat(cache.get(404L)).isEmpty();

    assertThat(source.loads).hasValue(1);
    assertThat(redis.get(key(404))).isNull();
  }

  @Test
  void invalidate_cachedKey_leavesATombstoneThatRemembersTheVersion() {
    redis = new RedisTestSupport.Inspector(url);
    manager = newManager(commands);
    SmartCache<Long, Shopper> cache = manager.createCache(config().build());
    cache.written(1L, source.put(1, "Ana", 1));

    cache.invalidate(1L);

    assertThat(redis.get(key(1))).startsWith("0|T");
    assertThat(redis.pttl(key(1))).isPositive().isLessThanOrEqualTo(60_000L);
    Versioned<Shopper> v1 = source.update(1, 1).orElseThrow();
    assertThat(cache.get(1L)).contains(v1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> redis.get(key(1)).startsWith("1|V"));
  }

  @Test
  void stats_redisKeys_countsThisCachesKeysOnly() {
    redis = new RedisTestSupport.Inspector(url);
    manager = newManager(commands);
    SmartCache<Long, Shopper> shoppers = manager.createCache(config().build());
    SmartCache<Long, Shopper> stores =
        manager.createCache(
            CacheConfig.builder("stores", Shopper.class, KeyCodec.longs(), source).build());
    LongStream.range(0, 30).forEach(i -> shoppers.written(i, source.put(i, "s" + i, i)));
    LongStream.range(0, 5).forEach(i -> stores.written(i, source.current(i).orElseThrow()));

    Map<String, CacheStats> stats = manager.getCacheStats();

    assertThat(stats.get("shoppers").redisKeys()).isEqualTo(30);
    assertThat(stats.get("stores").redisKeys()).isEqualTo(5);
    assertThat(shoppers.stats().redisKeys()).isEqualTo(30);
    assertThat(stats.get("shoppers").redisAvailable()).isTrue();
    assertThat(stats.get("shoppers").redisState()).isEqualTo(CacheStats.RedisState.UP);
  }
}
