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
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p>Leases (ADR 0027, with {@code maxLease} above 1): an instance takes several tokens of a key's
 * shared bucket in one round trip and spends them itself, for at most {@code leaseTime}; what is
 * left then goes back to the bucket with the key's next round trip. A key's lease starts at one
 * token and doubles (up to {@code maxLease}) while each is spent within half its time, halves when
 * one expires unspent, and the bucket never gives more than an eighth of what it has left, so near
 * the limit every decision is Redis's again. The instances together still never admit more than the
 * bucket holds; a request may be refused while another instance holds unspent tokens of the same
 * key (at most an eighth of what was left, for at most {@code leaseTime}). After a refusal the
 * instance refuses that key by itself until the bucket's next token is due.
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
  private final int maxLease;
  private final long leaseNanos;
  private final Cache<String, Lease> leases;

  /** This instance's lease of one key's shared tokens; guarded by {@link #lock}. */
  private static final class Lease {
    final ReentrantLock lock = new ReentrantLock();
    long tokens;
    long takenAtNanos;
    long size = 1;
    boolean taken;
    long sharedLeft;
    long resetAtNanos;
    long refusedUntilNanos = Long.MIN_VALUE;
  }

  private ApiKeyRateLimiter(
      long maxTrackedKeys,
      TimeMeter clock,
      Supplier<RedisBuckets> connector,
      Duration retryInterval,
      int maxLease,
      Duration leaseTime) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxLease < 1 || leaseTime == null || leaseTime.isNegative() || leaseTime.isZero()) {
      throw new IllegalArgumentException(
          "a lease is at least one token for more than no time, was "
              + maxLease
              + " for "
              + leaseTime);
    }
    this.maxLease = maxLease;
    this.leaseNanos = leaseTime.toNanos();
    this.leases =
        Caffeine.newBuilder()
            .maximumSize(maxTrackedKeys)
            .expireAfterAccess(WINDOW.multipliedBy(2))
            .build();
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
        maxTrackedKeys,
        TimeMeter.SYSTEM_MILLISECONDS,
        null,
        Duration.ofSeconds(1),
        1,
        Duration.ofSeconds(1));
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
    return shared(
        url, cluster, namespace, timeout, retryInterval, maxTrackedKeys, clock, 1, WINDOW);
  }

  /**
   * As {@link #shared(String, boolean, String, Duration, Duration, long, TimeMeter)}, with leases
   * of up to {@code maxLease} tokens held for at most {@code leaseTime} (1: every decision is one
   * round trip to Redis, as before ADR 0027).
   */
  public static ApiKeyRateLimiter shared(
      String url,
      boolean cluster,
      String namespace,
      Duration timeout,
      Duration retryInterval,
      long maxTrackedKeys,
      TimeMeter clock,
      int maxLease,
      Duration leaseTime) {
    Supplier<RedisBuckets> connector =
        () -> new RedisBuckets(RedisBuckets.urls(url), cluster, namespace, timeout, clock);
    return new ApiKeyRateLimiter(
        maxTrackedKeys, clock, connector, retryInterval, maxLease, leaseTime);
  }

  /**
   * Takes one token of {@code keyId}'s bucket, whose limit is {@code perMinute}. Never throws for
   * Redis.
   */
  public ConsumptionProbe tryConsume(String keyId, int perMinute) {
    RedisBuckets redis = shared;
    boolean retrying = fallingBack.get();
    if (redis != null && (!retrying || tryAgainNow())) {
      try {
        ConsumptionProbe probe =
            maxLease == 1
                ? redis.tryConsume(keyId, perMinute)
                : leased(redis, keyId, perMinute, retrying);
        if (probe == null) {
          return localBucket(keyId, perMinute);
        }
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
    return localBucket(keyId, perMinute);
  }

  private ConsumptionProbe localBucket(String keyId, int perMinute) {
    return local
        .get(keyId + ":" + perMinute, k -> newLocalBucket(perMinute))
        .tryConsumeAndReturnRemaining(1);
  }

  /**
   * One token from this instance's lease of the key's shared tokens, or from a new lease (one round
   * trip, which also gives back what is left of an expired one).
   *
   * @param retrying whether this request is the one that tries Redis again while falling back
   * @return the decision, or null if the instance began to fall back while this request waited for
   *     the key's lease (the request that held it found Redis not answering): the caller decides
   *     with its own buckets instead of waiting for Redis in turn
   */
  private ConsumptionProbe leased(
      RedisBuckets redis, String keyId, int perMinute, boolean retrying) {
    Lease lease = leases.get(keyId + ":" + perMinute, k -> new Lease());
    lease.lock.lock();
    try {
      if (!retrying && fallingBack.get()) {
        return null;
      }
      long now = clock.currentTimeNanos();
      long age = now - lease.takenAtNanos;
      if (lease.tokens > 0 && age < leaseNanos) {
        lease.tokens--;
        return ConsumptionProbe.consumed(
            lease.sharedLeft + lease.tokens, Math.max(0, lease.resetAtNanos - now));
      }
      if (now < lease.refusedUntilNanos) {
        return ConsumptionProbe.rejected(
            0, lease.refusedUntilNanos - now, Math.max(0, lease.resetAtNanos - now));
      }
      long back = lease.tokens;
      if (back > 0) {
        lease.size = Math.max(1, lease.size / 2);
      } else if (lease.taken && age < leaseNanos / 2) {
        lease.size = Math.min(maxLease, lease.size * 2);
      }
      // Whatever happens now, these tokens are not ours to spend any more: given back, or, if the
      // call fails, perhaps given back (a bucket short of a few tokens for a minute at most).
      lease.tokens = 0;
      lease.taken = false;
      RedisBuckets.Grant grant = redis.take(keyId, perMinute, lease.size, back);
      ConsumptionProbe probe = grant.probe();
      lease.resetAtNanos = now + probe.getNanosToWaitForReset();
      if (grant.taken() == 0) {
        lease.refusedUntilNanos = now + probe.getNanosToWaitForRefill();
        return probe;
      }
      lease.tokens = grant.taken() - 1;
      lease.takenAtNanos = now;
      lease.taken = true;
      lease.sharedLeft = probe.getRemainingTokens() - lease.tokens;
      return probe;
    } finally {
      lease.lock.unlock();
    }
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
