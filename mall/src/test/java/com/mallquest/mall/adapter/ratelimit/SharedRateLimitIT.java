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
import io.github.bucket4j.TimeMeter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Two instances' rate limiters (ADR 0022) on one Redis of the test's own: they share one bucket per
 * API key, so from many threads on both the admitted requests add up to the limit exactly. With
 * Redis killed, each falls back to its own buckets (the per-instance limit, no exception, one log
 * line); with Redis back, they share again (one log line). On a Redis Cluster (ADR 0021) they share
 * one limit exactly too, through the cluster client. The buckets' clock is frozen, so no token is
 * refilled during a test and the counts are exact on any machine.
 */
class SharedRateLimitIT {

  private static final int LIMIT = 300;
  private static final int THREADS = 8;
  private static final int ATTEMPTS_PER_THREAD = 100;

  /**
   * Long, so that a busy machine's stall does not make a limiter fall back mid-count (which would
   * admit more than the limit, as designed). A killed Redis is noticed at once all the same: its
   * closed connection rejects commands without waiting.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final TimeMeter FROZEN =
      new TimeMeter() {
        private final long now = System.currentTimeMillis() * 1_000_000L;

        @Override
        public long currentTimeNanos() {
          return now;
        }

        @Override
        public boolean isWallClockBased() {
          return true;
        }
      };

  private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
  private final AppenderBase<ILoggingEvent> captured =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          events.add(event);
        }
      };
  private Logger logger;
  private RedisServerProcess redis;
  private ApiKeyRateLimiter a;
  private ApiKeyRateLimiter b;
  private ExecutorService threads;

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
    if (logger != null) {
      logger.detachAppender(captured);
    }
    if (redis != null) {
      redis.kill();
    }
  }

  private ApiKeyRateLimiter limiter(boolean batching) {
    return ApiKeyRateLimiter.shared(
        redis.url(),
        false,
        "t-rl-" + UUID.randomUUID().toString().substring(0, 8),
        TIMEOUT,
        Duration.ofMillis(50),
        batching,
        1000,
        FROZEN);
  }

  @ParameterizedTest(name = "batching={0}")
  @ValueSource(booleans = {true, false})
  void twoInstancesShareOneLimit_exactly_fallBackWithoutRedis_andShareAgainWhenItIsBack(
      boolean batching) throws Exception {
    String namespace = "t-rl-" + UUID.randomUUID().toString().substring(0, 8);
    a =
        ApiKeyRateLimiter.shared(
            redis.url(), false, namespace, TIMEOUT, Duration.ofMillis(50), batching, 1000, FROZEN);
    b =
        ApiKeyRateLimiter.shared(
            redis.url(), false, namespace, TIMEOUT, Duration.ofMillis(50), batching, 1000, FROZEN);
    await("both connected")
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.clusterWide() && b.clusterWide());

    assertThat(admittedFromBoth("key-1")).as("admitted by A and B together").isEqualTo(LIMIT);
    assertThat(keyExists(a.redis().key("key-1", LIMIT)))
        .as("the bucket is in Redis under the namespace")
        .isTrue();
    assertThat(admittedFromBoth("key-2")).as("another key has its own bucket").isEqualTo(LIMIT);
    assertThat(lines(Level.WARN)).as("no fallback while Redis runs").isEmpty();

    redis.kill();
    assertThat(admittedFromBoth("key-3"))
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
    assertThat(admittedFromBoth("key-4")).as("back on Redis: one limit again").isEqualTo(LIMIT);
    assertThat(lines(Level.INFO))
        .as("one line per instance when the fallback ends")
        .hasSize(2)
        .allMatch(m -> m.contains("cluster-wide again"));
    assertThat(lines(Level.WARN)).hasSize(2);
  }

  @ParameterizedTest(name = "batching={0}")
  @ValueSource(booleans = {true})
  void redisAbsentAtStart_perInstanceLimits_thenShared(boolean batching) throws Exception {
    redis.kill();
    a = limiter(batching);
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

  @ParameterizedTest(name = "batching={0}")
  @ValueSource(booleans = {true, false})
  void onARedisCluster_twoInstancesShareOneLimit_exactly(boolean batching) throws Exception {
    RedisClusterProcess cluster = RedisClusterProcess.shared();
    String namespace = "t-rl-" + UUID.randomUUID().toString().substring(0, 8);
    a =
        ApiKeyRateLimiter.shared(
            cluster.url(), true, namespace, TIMEOUT, Duration.ofMillis(50), batching, 1000, FROZEN);
    b =
        ApiKeyRateLimiter.shared(
            cluster.url(), true, namespace, TIMEOUT, Duration.ofMillis(50), batching, 1000, FROZEN);
    await("both connected")
        .atMost(Duration.ofSeconds(20))
        .until(() -> a.clusterWide() && b.clusterWide());

    assertThat(admittedFromBoth("key-1")).as("admitted by A and B together").isEqualTo(LIMIT);
    assertThat(admittedFromBoth("key-2"))
        .as("another key, maybe on another master")
        .isEqualTo(LIMIT);
    assertThat(a.clusterWide() && b.clusterWide()).as("no fallback").isTrue();
    assertThat(lines(Level.WARN)).isEmpty();
  }

  private List<String> lines(Level level) {
    return events.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** 8 threads, each alternating between A and B, 800 attempts in all: how many were admitted. */
  private int admittedFromBoth(String keyId) throws Exception {
    List<Callable<Integer>> work = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int offset = t;
      work.add(
          () -> {
            int admitted = 0;
            for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
              ApiKeyRateLimiter instance = (i + offset) % 2 == 0 ? a : b;
              admitted += instance.tryConsume(keyId, LIMIT).isConsumed() ? 1 : 0;
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

  private boolean keyExists(String key) {
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return c.sync().exists(key) == 1;
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }
}
