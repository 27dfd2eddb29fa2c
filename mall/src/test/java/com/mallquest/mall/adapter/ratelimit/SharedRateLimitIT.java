package com.mallquest.mall.adapter.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.mallquest.smartcache.RedisClusterProcess;
import com.mallquest.smartcache.RedisServerProcess;
import com.mallquest.smartcache.RedisTestSupport;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Two instances' rate limiters (ADR 0022, ADR 0024) on one Redis of the test's own: they share one
 * bucket per API key, so from many threads on both the admitted requests add up to the limit
 * exactly. With Redis killed, each falls back to its own buckets (the per-instance limit, no
 * exception, one log line); with Redis back, they share again (one log line). On a Redis Cluster
 * (ADR 0021) they share one limit exactly too, through the cluster client.
 *
 * <p>The bucket itself (one Lua script per decision, ADR 0024): it refills and reports its wait as
 * Bucket4j's in-memory bucket of the same shape does, never lets a clock that is behind take tokens
 * back, and costs one Redis command per decision.
 *
 * <p>Leases (ADR 0027): instances that take several tokens at once still admit the limit exactly
 * together, in fewer round trips; a lease grows, shrinks near the limit, and goes back when its
 * time is up; a refusal is repeated locally until the next token; Redis killed and back, as above.
 *
 * <p>The buckets' clocks are the test's own, frozen unless a test moves them, so the counts are
 * exact on any machine.
 */
class SharedRateLimitIT {

  private static final int LIMIT = 300;
  private static final int THREADS = 16;

  /**
   * Long, so that a busy machine's stall does not make a limiter fall back mid-count (which would
   * admit more than the limit, as designed). A killed Redis is noticed at once all the same: its
   * closed connection rejects commands without waiting.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** A clock that moves only when the test moves it (ms, as the service's clock). */
  private static final class TestClock implements TimeMeter {
    private final AtomicLong millis;

    TestClock(long millis) {
      this.millis = new AtomicLong(millis);
    }

    @Override
    public long currentTimeNanos() {
      return millis.get() * 1_000_000L;
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }

    void advance(long ms) {
      millis.addAndGet(ms);
    }
  }

  private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
  private final AppenderBase<ILoggingEvent> captured =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          events.add(event);
        }
      };
  private final TestClock clock = new TestClock(System.currentTimeMillis());
  private final String namespace = "t-rl-" + UUID.randomUUID().toString().substring(0, 8);
  private Logger logger;
  private RedisServerProcess redis;
  private ApiKeyRateLimiter a;
  private ApiKeyRateLimiter b;
  private ExecutorService threads;
  private RedisClient stats;
  private StatefulRedisConnection<String, String> statsConnection;

  @BeforeEach
  void start() {
    RedisTestSupport.require(RedisServerProcess.installed(), "redis-server is not installed");
    redis = RedisServerProcess.start();
    logger = (Logger) LoggerFactory.getLogger(ApiKeyRateLimiter.class);
    captured.start();
    logger.addAppender(captured);
    threads = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void stop() {
    if (threads != null) {
      threads.shutdownNow();
    }
    for (ApiKeyRateLimiter limiter : new ApiKeyRateLimiter[] {a, b}) {
      if (limiter != null) {
        limiter.close();
      }
    }
    if (stats != null) {
      stats.shutdown(Duration.ZERO, Duration.ofSeconds(1)); // closes its connection
    }
    if (logger != null) {
      logger.detachAppender(captured);
    }
    if (redis != null) {
      redis.kill();
    }
  }

  private ApiKeyRateLimiter limiter(String url, boolean cluster, TimeMeter clock) {
    return ApiKeyRateLimiter.shared(
        url, cluster, namespace, TIMEOUT, Duration.ofMillis(50), 1000, clock);
  }

  /** A and B on the test's redis-server, both on {@link #clock}, connected. */
  private void twoConnected() {
    a = limiter(redis.url(), false, clock);
    b = limiter(redis.url(), false, clock);
    await("both connected")
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.clusterWide() && b.clusterWide());
  }

  @ParameterizedTest(name = "max lease {0}")
  @ValueSource(ints = {1, 64})
  void twoInstancesShareOneLimit_exactly_fallBackWithoutRedis_andShareAgainWhenItIsBack(
      int maxLease) throws Exception {
    if (maxLease == 1) {
      twoConnected();
    } else {
      twoLeasing(maxLease);
    }

    assertThat(admittedFromBoth("key-1", LIMIT, 8, 100))
        .as("admitted by A and B together")
        .isEqualTo(LIMIT);
    assertThat(keyExists(a.redis().key("key-1", LIMIT)))
        .as("the bucket is in Redis under the namespace")
        .isTrue();
    assertThat(admittedFromBoth("key-2", LIMIT, 8, 100))
        .as("another key has its own bucket")
        .isEqualTo(LIMIT);
    assertThat(lines(Level.WARN)).as("no fallback while Redis runs").isEmpty();

    redis.kill();
    assertThat(admittedFromBoth("key-3", LIMIT, 8, 100))
        .as("without Redis, each instance admits its own limit")
        .isEqualTo(2 * LIMIT);
    assertThat(a.clusterWide() || b.clusterWide()).isFalse();
    assertThat(lines(Level.WARN))
        .as("one line per instance when the fallback starts")
        .hasSize(2)
        .allMatch(m -> m.contains("fall back to per-instance buckets"));

    redis.restart();
    await("both share again")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              a.tryConsume("probe", LIMIT);
              b.tryConsume("probe", LIMIT);
              return a.clusterWide() && b.clusterWide();
            });
    assertThat(admittedFromBoth("key-4", LIMIT, 8, 100))
        .as("back on Redis (which lost the script with its restart): one limit again")
        .isEqualTo(LIMIT);
    assertThat(lines(Level.INFO))
        .as("one line per instance when the fallback ends")
        .hasSize(2)
        .allMatch(m -> m.contains("cluster-wide again"));
    assertThat(lines(Level.WARN)).hasSize(2);
  }

  @ParameterizedTest(name = "limit {0}")
  @ValueSource(ints = {1, 500, 1_000_000})
  void sixteenThreadsOnTwoInstances_oneKey_admitExactlyTheLimit(int limit) throws Exception {
    twoConnected();
    int perThread = Math.min(limit, 2_000) / THREADS + 20;

    int admitted = admittedFromBoth("hot", limit, THREADS, perThread);

    assertThat(admitted)
        .as("admitted by 16 threads on A and B together")
        .isEqualTo(Math.min(limit, THREADS * perThread));
    assertThat(a.clusterWide() && b.clusterWide()).as("no fallback").isTrue();
    assertThat(lines(Level.WARN)).isEmpty();
  }

  @Test
  void refill_afterTheClockMoves_givesExactlyTheTokensOfTheElapsedTime() throws Exception {
    int limit = 600; // one token every 100 ms
    twoConnected();
    assertThat(admittedFromBoth("k", limit, THREADS, 50)).isEqualTo(limit);

    clock.advance(1_050);
    assertThat(admittedFromBoth("k", limit, THREADS, 2))
        .as("1,050 ms: 10.5 tokens, so 10")
        .isEqualTo(10);
    clock.advance(50);
    assertThat(admittedFromBoth("k", limit, THREADS, 2))
        .as("50 ms more: the half token left and another half make one")
        .isEqualTo(1);
    clock.advance(10_000);
    assertThat(admittedFromBoth("k", limit, THREADS, 10)).as("10 s: 100 tokens").isEqualTo(100);
    clock.advance(5 * 60_000);
    assertThat(admittedFromBoth("k", limit, THREADS, 50))
        .as("5 minutes: full, no more than the capacity")
        .isEqualTo(limit);
    assertThat(lines(Level.WARN)).isEmpty();
  }

  @Test
  void rejectedProbe_waitsForTheNextToken_remainingCounts() {
    int limit = 600; // one token every 100 ms
    twoConnected();

    ConsumptionProbe first = a.tryConsume("k", limit);
    assertThat(first.isConsumed()).isTrue();
    assertThat(first.getRemainingTokens()).isEqualTo(limit - 1);
    assertThat(first.getNanosToWaitForRefill()).isZero();
    assertThat(first.getNanosToWaitForReset()).as("one token back: 100 ms").isEqualTo(ms(100));
    for (int i = 1; i < limit; i++) {
      assertThat(b.tryConsume("k", limit).getRemainingTokens()).isEqualTo(limit - 1 - i);
    }

    ConsumptionProbe rejected = a.tryConsume("k", limit);
    assertThat(rejected.isConsumed()).isFalse();
    assertThat(rejected.getRemainingTokens()).isZero();
    assertThat(rejected.getNanosToWaitForRefill()).isEqualTo(ms(100));
    assertThat(rejected.getNanosToWaitForReset()).isEqualTo(ms(60_000));

    clock.advance(30);
    assertThat(b.tryConsume("k", limit).getNanosToWaitForRefill())
        .as("30 ms later")
        .isEqualTo(ms(70));
    clock.advance(69);
    assertThat(a.tryConsume("k", limit).getNanosToWaitForRefill()).isEqualTo(ms(1));
    clock.advance(1);
    assertThat(a.tryConsume("k", limit).isConsumed()).as("100 ms: one token").isTrue();

    int slow = 7; // one token every 8,571.43 ms: the wait is not a whole number of ms
    for (int i = 0; i < slow; i++) {
      assertThat(a.tryConsume("slow", slow).isConsumed()).isTrue();
    }
    assertThat(a.tryConsume("slow", slow).getNanosToWaitForRefill())
        .as("60 s / 7 = 8,571,428,571.4 ns, in whole ns (as Bucket4j's)")
        .isEqualTo(8_571_428_571L);
  }

  @Test
  void aClockBehind_neitherRefillsNorTakesTimeBack() {
    int limit = 600;
    TestClock behind = new TestClock(clock.millis.get() - 5_000);
    a = limiter(redis.url(), false, clock);
    b = limiter(redis.url(), false, behind);
    await("both connected")
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.clusterWide() && b.clusterWide());
    for (int i = 0; i < limit; i++) {
      assertThat(a.tryConsume("k", limit).isConsumed()).isTrue();
    }

    clock.advance(200);
    assertThat(a.tryConsume("k", limit).isConsumed()).as("200 ms: two tokens, one").isTrue();
    assertThat(b.tryConsume("k", limit).isConsumed())
        .as("B, its clock 5 s behind, takes the other one A's clock refilled")
        .isTrue();
    assertThat(b.tryConsume("k", limit).isConsumed()).isFalse();
    behind.advance(1_000);
    ConsumptionProbe none = b.tryConsume("k", limit);
    assertThat(none.isConsumed()).as("B's clock, still behind, refills nothing").isFalse();
    assertThat(none.getNanosToWaitForRefill()).isEqualTo(ms(100));

    clock.advance(100);
    assertThat(a.tryConsume("k", limit).isConsumed()).isTrue();
    assertThat(a.tryConsume("k", limit).isConsumed())
        .as("100 ms after the last refill: one token, not B's 5 s again")
        .isFalse();
  }

  /**
   * The Redis bucket against Bucket4j's in-memory bucket of the same shape (what the per-instance
   * fallback uses), on one clock moved by random steps: the same decisions, remaining tokens and
   * waits.
   */
  @ParameterizedTest(name = "limit {0}")
  @ValueSource(ints = {1, 7, 600, 1_000_000, Integer.MAX_VALUE})
  void decidesAsBucket4jsBucketOfTheSameShape(int limit) {
    a = limiter(redis.url(), false, clock);
    await("connected").atMost(Duration.ofSeconds(10)).until(a::clusterWide);
    Bucket reference =
        Bucket.builder()
            .addLimit(l -> l.capacity(limit).refillGreedy(limit, Duration.ofMinutes(1)))
            .withCustomTimePrecision(clock)
            .build();
    Random random = new Random(limit);
    long tokenMs = Math.max(1, 60_000L / limit);
    int consumed = 0;
    int rejected = 0;
    for (int step = 0; step < 1_500; step++) {
      int burst = random.nextInt(4) == 0 ? 1 + random.nextInt(Math.min(limit, 50) + 3) : 1;
      for (int i = 0; i < burst; i++) {
        ConsumptionProbe expected = reference.tryConsumeAndReturnRemaining(1);
        ConsumptionProbe actual = a.tryConsume("k", limit);
        assertThat(actual.isConsumed())
            .as("step %d: consumed", step)
            .isEqualTo(expected.isConsumed());
        assertThat(actual.getRemainingTokens())
            .as("step %d: remaining", step)
            .isEqualTo(expected.getRemainingTokens());
        assertThat(actual.getNanosToWaitForRefill())
            .as("step %d: wait for refill", step)
            .isEqualTo(expected.getNanosToWaitForRefill());
        assertThat(actual.getNanosToWaitForReset())
            .as("step %d: wait until full", step)
            .isEqualTo(expected.getNanosToWaitForReset());
        if (actual.isConsumed()) {
          consumed++;
        } else {
          rejected++;
        }
      }
      clock.advance(
          random.nextInt(20) == 0 ? random.nextInt(90_000) : random.nextLong(tokenMs * 3));
    }
    assertThat(consumed).as("some consumed").isPositive();
    if (limit < 1_000_000) {
      assertThat(rejected).as("some rejected").isPositive();
    }
    assertThat(a.clusterWide()).isTrue();
  }

  @Test
  void aDecisionIsOneRedisCommand_evenAfterRedisLostTheScript() throws Exception {
    int limit = 200;
    twoConnected();
    a.tryConsume("warm-up", limit);
    b.tryConsume("warm-up", limit);
    stats = RedisClient.create(redis.url());
    statsConnection = stats.connect();
    Map<String, Long> before = commandStats();

    int admitted = admittedFromBoth("k", limit, THREADS, 25);

    Map<String, Long> delta = delta(before, commandStats());
    assertThat(admitted).isEqualTo(limit);
    assertThat(delta)
        .as("400 decisions from 16 threads: one EVALSHA each, no retry, nothing else")
        .containsEntry("evalsha", 400L)
        .doesNotContainKeys("eval", "get", "set", "watch", "multi", "exec");
    assertThat(delta.keySet())
        .as("top-level: EVALSHA; in the script: HMGET, HSET, PEXPIRE; the test's INFO")
        .isSubsetOf(Set.of("evalsha", "hmget", "hset", "pexpire", "info"));
    assertThat(delta).as("the script ran once per decision").containsEntry("hmget", 400L);
    assertThat(delta).as("only a consumed token writes").containsEntry("hset", 200L);

    redisCommand(c -> c.sync().scriptFlush());
    before = commandStats();
    ConsumptionProbe afterFlush = a.tryConsume("other", limit);
    ConsumptionProbe next = a.tryConsume("other", limit);
    delta = delta(before, commandStats());
    assertThat(afterFlush.isConsumed() && next.isConsumed()).isTrue();
    assertThat(next.getRemainingTokens()).isEqualTo(limit - 2);
    assertThat(delta)
        .as("NOSCRIPT, then EVAL once; then EVALSHA again")
        .containsEntry("evalsha", 2L)
        .containsEntry("eval", 1L);
    assertThat(lines(Level.WARN)).as("no fallback for a lost script").isEmpty();
  }

  /** A and B on the test's redis-server, both on {@link #clock}, leasing (ADR 0027), connected. */
  private void twoLeasing(int maxLease) {
    a = leasing(maxLease);
    b = leasing(maxLease);
    await("both connected")
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.clusterWide() && b.clusterWide());
  }

  private ApiKeyRateLimiter leasing(int maxLease) {
    return ApiKeyRateLimiter.shared(
        redis.url(),
        false,
        namespace,
        TIMEOUT,
        Duration.ofMillis(50),
        1000,
        clock,
        maxLease,
        Duration.ofMillis(100));
  }

  /**
   * ADR 0027: instances that lease tokens still admit exactly the limit together (every leased
   * token is spent before a request is refused), in a fraction of the round trips, and a key
   * refused by Redis is refused by the instance itself until its next token is due.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 600})
  void leases_twoInstancesStillAdmitExactlyTheLimit_inFewerRoundTrips(int limit) throws Exception {
    twoLeasing(64);
    a.tryConsume("warm-up", limit);
    b.tryConsume("warm-up", limit);
    stats = RedisClient.create(redis.url());
    statsConnection = stats.connect();
    Map<String, Long> before = commandStats();

    int admitted = admittedFromBoth("k", limit, THREADS, 100);

    long roundTrips = delta(before, commandStats()).getOrDefault("evalsha", 0L);
    assertThat(admitted).as("1,600 attempts").isEqualTo(limit);
    // Each round trip takes at least one token, or is one instance's refusal (after which it
    // refuses by itself: the test's clock does not move); with many tokens left it takes up to
    // 64 of them.
    assertThat(roundTrips).isLessThanOrEqualTo(limit + 2L);
    if (limit == 600) {
      assertThat(roundTrips).as("leases of up to 64 tokens").isLessThan(limit / 4L);
    }
    assertThat(a.clusterWide() && b.clusterWide()).as("no fallback").isTrue();
    assertThat(lines(Level.WARN)).isEmpty();
  }

  /**
   * A lease grows while it is spent quickly; what is left of it when its time is up goes back to
   * the bucket with the key's next round trip, so no token is lost for good.
   */
  @Test
  void aLeaseGrows_andWhatIsLeftGoesBackWhenItsTimeIsUp() {
    int limit = 60; // one token a second: 60 units a ms
    a = leasing(8);
    await("connected").atMost(Duration.ofSeconds(10)).until(() -> a.clusterWide());
    for (int i = 0; i < 4; i++) {
      assertThat(a.tryConsume("k", limit).isConsumed()).isTrue();
    }
    // Leases of 1, 2 (one spent locally), then 4: 7 tokens taken, 4 spent, 3 held here.
    String key = redisKey(a, "k", limit);
    assertThat(tokenUnits(key)).as("60 - 7 tokens, in 1/60,000ths").isEqualTo(53L * 60_000);

    clock.advance(100); // the lease's time is up; 100 ms refill 6,000 units
    ConsumptionProbe next = a.tryConsume("k", limit);

    assertThat(next.isConsumed()).isTrue();
    // 53 + 0.1 refilled + 3 given back = 56.1; the lease halves to 2: 54.1 left
    assertThat(tokenUnits(key)).isEqualTo(54L * 60_000 + 6_000);
    assertThat(next.getRemainingTokens()).as("54 shared, 1 held").isEqualTo(55);
  }

  /**
   * Near the limit a lease is one token, and a refusal is repeated locally until a token is due.
   */
  @Test
  void nearTheLimit_oneTokenPerRoundTrip_andARefusalIsRepeatedLocallyUntilTheNextToken()
      throws Exception {
    int limit = 2; // one token every 30 s
    a = leasing(64);
    await("connected").atMost(Duration.ofSeconds(10)).until(() -> a.clusterWide());
    a.tryConsume("warm-up", limit);
    stats = RedisClient.create(redis.url());
    statsConnection = stats.connect();
    Map<String, Long> before = commandStats();

    assertThat(a.tryConsume("k", limit).isConsumed()).isTrue();
    assertThat(a.tryConsume("k", limit).isConsumed()).as("a lease of 2 would be all").isTrue();
    ConsumptionProbe refused = a.tryConsume("k", limit);
    clock.advance(10_000);
    ConsumptionProbe refusedHere = a.tryConsume("k", limit);

    assertThat(refused.isConsumed()).isFalse();
    assertThat(refused.getNanosToWaitForRefill()).isEqualTo(ms(30_000));
    assertThat(refusedHere.isConsumed()).isFalse();
    assertThat(refusedHere.getNanosToWaitForRefill()).isEqualTo(ms(20_000));
    assertThat(delta(before, commandStats()))
        .as("three round trips for four decisions")
        .containsEntry("evalsha", 3L);

    clock.advance(20_000);
    assertThat(a.tryConsume("k", limit).isConsumed()).as("30 s: a token").isTrue();
  }

  private String redisKey(ApiKeyRateLimiter limiter, String keyId, int limit) {
    return limiter.redis().key(keyId, limit);
  }

  private long tokenUnits(String key) {
    return Long.parseLong(redisCommand(c -> c.sync().hget(key, "t")));
  }

  @Test
  void aKeyOfAnotherType_isReplacedByAFullBucket() {
    int limit = 5;
    a = limiter(redis.url(), false, clock);
    await("connected").atMost(Duration.ofSeconds(10)).until(a::clusterWide);
    String key = a.redis().key("k", limit);
    // What Bucket4j's compare-and-swap buckets left under the same key before ADR 0024.
    redisCommand(c -> c.sync().set(key, "bucket4j state"));

    ConsumptionProbe probe = a.tryConsume("k", limit);

    assertThat(probe.isConsumed()).isTrue();
    assertThat(probe.getRemainingTokens()).isEqualTo(limit - 1);
    String type = redisCommand(c -> c.sync().type(key));
    assertThat(type).isEqualTo("hash");
    long ttl = redisCommand(c -> c.sync().pttl(key));
    assertThat(ttl).as("full again in 12 s, plus 10 s").isBetween(21_000L, 22_000L);
    assertThat(a.clusterWide()).isTrue();
  }

  @Test
  void redisAbsentAtStart_perInstanceLimits_thenShared() throws Exception {
    redis.kill();
    a = limiter(redis.url(), false, clock);
    await("fallback noticed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !lines(Level.WARN).isEmpty());
    int admitted = 0;
    for (int i = 0; i < LIMIT + 10; i++) {
      admitted += a.tryConsume("k", LIMIT).isConsumed() ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(LIMIT);
    redis.restart();
    await("connected")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              a.tryConsume("probe", LIMIT);
              return a.clusterWide();
            });
    assertThat(lines(Level.WARN)).hasSize(1);
    assertThat(lines(Level.INFO)).hasSize(1);
  }

  @Test
  void onARedisCluster_twoInstancesShareOneLimit_exactly() throws Exception {
    RedisClusterProcess cluster = RedisClusterProcess.shared();
    a = limiter(cluster.url(), true, clock);
    b = limiter(cluster.url(), true, clock);
    await("both connected")
        .atMost(Duration.ofSeconds(20))
        .until(() -> a.clusterWide() && b.clusterWide());

    assertThat(admittedFromBoth("key-1", LIMIT, THREADS, 50))
        .as("admitted by A and B together")
        .isEqualTo(LIMIT);
    assertThat(admittedFromBoth("key-2", LIMIT, THREADS, 50))
        .as("another key, maybe on another master")
        .isEqualTo(LIMIT);
    clock.advance(1_000);
    assertThat(admittedFromBoth("key-1", LIMIT, THREADS, 50))
        .as("a second later: 5 tokens")
        .isEqualTo(5);
    assertThat(a.clusterWide() && b.clusterWide()).as("no fallback").isTrue();
    assertThat(lines(Level.WARN)).isEmpty();
  }

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private List<String> lines(Level level) {
    return events.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /**
   * {@code threads} threads, each alternating between A and B for {@code attemptsPerThread}
   * attempts: how many were admitted.
   */
  private int admittedFromBoth(String keyId, int limit, int threadCount, int attemptsPerThread)
      throws Exception {
    List<Callable<Integer>> work = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      int offset = t;
      work.add(
          () -> {
            int admitted = 0;
            for (int i = 0; i < attemptsPerThread; i++) {
              ApiKeyRateLimiter instance = (i + offset) % 2 == 0 ? a : b;
              admitted += instance.tryConsume(keyId, limit).isConsumed() ? 1 : 0;
            }
            return admitted;
          });
    }
    int total = 0;
    for (Future<Integer> f : threads.invokeAll(work)) {
      total += f.get(60, TimeUnit.SECONDS);
    }
    return total;
  }

  /**
   * {@code INFO commandstats} of the test's redis-server: calls by command (lower case), on one
   * connection (a new one would add its handshake's commands).
   */
  private Map<String, Long> commandStats() {
    String info = statsConnection.sync().info("commandstats");
    Map<String, Long> calls = new HashMap<>();
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(','));
        calls.put(name, Long.parseLong(count));
      }
    }
    return calls;
  }

  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new HashMap<>();
    after.forEach(
        (name, calls) -> {
          long d = calls - before.getOrDefault(name, 0L);
          if (d != 0) {
            delta.put(name, d);
          }
        });
    return delta;
  }

  private boolean keyExists(String key) {
    return redisCommand(c -> c.sync().exists(key)) == 1;
  }

  private <T> T redisCommand(Function<StatefulRedisConnection<String, String>, T> command) {
    RedisClient client = RedisClient.create(redis.url());
    try {
      return command.apply(client.connect());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1)); // closes the connection
    }
  }
}
