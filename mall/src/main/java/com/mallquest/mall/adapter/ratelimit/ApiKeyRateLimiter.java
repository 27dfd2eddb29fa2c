package com.mallquest.mall.adapter.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token bucket per API key (capacity = its per-minute limit, refilled greedily over a minute),
 * cluster-wide when Redis is configured (ADR 0022; one Lua script per decision, ADR 0024), per
 * instance otherwise.
 *
 * <p>While Redis does not answer within its timeout, or is not connected, each instance falls back
 * to its own buckets (today's per-instance limits: with N instances a key gets up to N times its
 * limit). One log line when the fallback starts, one when it ends. While falling back, one request
 * per {@code retryInterval} tries Redis again; the others do not wait for it. A caller never sees a
 * Redis error.
 */
public final class ApiKeyRateLimiter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiKeyRateLimiter.class);
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final TimeMeter clock;
  private final Cache<String, Bucket> local;
  private final Supplier<RedisBuckets> connector;
  private final Duration retryInterval;
  private final ScheduledExecutorService connecting;
  private volatile RedisBuckets shared;
  private final AtomicBoolean fallingBack = new AtomicBoolean();
  private final AtomicLong nextTryNanos = new AtomicLong();
  private volatile long fallbackSinceNanos;

  private ApiKeyRateLimiter(
      long maxTrackedKeys,
      TimeMeter clock,
      Supplier<RedisBuckets> connector,
      Duration retryInterval) {
    this.clock = Objects.requireNonNull(clock, "clock");
    // Idle for two windows, a bucket is full again anyway: dropping it changes nothing.
    this.local =
        Caffeine.newBuilder()
            .maximumSize(maxTrackedKeys)
            .expireAfterAccess(WINDOW.multipliedBy(2))
            .build();
    this.connector = connector;
    this.retryInterval = retryInterval;
    if (connector == null) {
      connecting = null;
      return;
    }
    connecting =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rate-limit-redis-connect");
              t.setDaemon(true);
              return t;
            });
    connecting.execute(this::connect);
  }

  /** Buckets on this instance only. */
  public static ApiKeyRateLimiter perInstance(long maxTrackedKeys) {
    return new ApiKeyRateLimiter(
        maxTrackedKeys, TimeMeter.SYSTEM_MILLISECONDS, null, Duration.ofSeconds(1));
  }

  /**
   * Buckets shared through Redis, with per-instance buckets while Redis does not answer. Connects
   * in the background: until connected, the per-instance buckets apply.
   *
   * @param url the Redis URL; in cluster mode several seed URLs separated by commas
   * @param cluster whether Redis is a Redis Cluster
   * @param namespace the service's Redis namespace (keys go under {@code <namespace>:rate-limit:})
   * @param timeout the longest a request waits for Redis before it falls back
   * @param retryInterval while falling back, how often one request tries Redis again
   * @param maxTrackedKeys most keys whose per-instance buckets are kept in memory
   * @param clock the buckets' clock ({@link TimeMeter#SYSTEM_MILLISECONDS}; tests freeze it)
   */
  public static ApiKeyRateLimiter shared(
      String url,
      boolean cluster,
      String namespace,
      Duration timeout,
      Duration retryInterval,
      long maxTrackedKeys,
      TimeMeter clock) {
    Supplier<RedisBuckets> connector =
        () -> new RedisBuckets(RedisBuckets.urls(url), cluster, namespace, timeout, clock);
    return new ApiKeyRateLimiter(maxTrackedKeys, clock, connector, retryInterval);
  }

  /**
   * Takes one token of {@code keyId}'s bucket, whose limit is {@code perMinute}. Never throws for
   * Redis.
   */
  public ConsumptionProbe tryConsume(String keyId, int perMinute) {
    RedisBuckets redis = shared;
    if (redis != null && (!fallingBack.get() || tryAgainNow())) {
      try {
        ConsumptionProbe probe = redis.tryConsume(keyId, perMinute);
        if (fallingBack.compareAndSet(true, false)) {
          log.info(
              "rate limits are cluster-wide again: Redis answers (per-instance limits applied for {} ms)",
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fallbackSinceNanos));
        }
        return probe;
      } catch (RuntimeException e) {
        fallBack(e);
      }
    }
    return local
        .get(keyId + ":" + perMinute, k -> newLocalBucket(perMinute))
        .tryConsumeAndReturnRemaining(1);
  }

  /**
   * Whether the last decision used the shared buckets (false while falling back or not connected).
   */
  public boolean clusterWide() {
    return shared != null && !fallingBack.get();
  }

  /** Whether Redis is configured at all. */
  public boolean sharedConfigured() {
    return connector != null;
  }

  private boolean tryAgainNow() {
    long now = System.nanoTime();
    long next = nextTryNanos.get();
    return now - next >= 0 && nextTryNanos.compareAndSet(next, now + retryInterval.toNanos());
  }

  private void fallBack(RuntimeException e) {
    nextTryNanos.set(System.nanoTime() + retryInterval.toNanos());
    if (fallingBack.compareAndSet(false, true)) {
      fallbackSinceNanos = System.nanoTime();
      log.warn(
          "rate limits fall back to per-instance buckets: Redis did not answer ({}); retrying every {} ms",
          e.toString(),
          retryInterval.toMillis());
    }
  }

  private void connect() {
    if (shared != null) {
      return;
    }
    try {
      shared = connector.get();
    } catch (RuntimeException e) {
      fallBack(e);
      try {
        connecting.schedule(this::connect, retryInterval.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // closed meanwhile
      }
    }
  }

  private Bucket newLocalBucket(int perMinute) {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, WINDOW))
        .withCustomTimePrecision(clock)
        .build();
  }

  /** The shared buckets, once connected (tests). */
  RedisBuckets redis() {
    return shared;
  }

  @Override
  public void close() {
    if (connecting != null) {
      connecting.shutdownNow();
    }
    RedisBuckets redis = shared;
    shared = null;
    if (redis != null) {
      redis.close();
    }
  }
}
