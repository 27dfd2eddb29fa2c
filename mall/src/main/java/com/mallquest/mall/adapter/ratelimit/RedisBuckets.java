package com.mallquest.mall.adapter.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.RemoteBucketBuilder;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The token buckets every instance shares: Bucket4j's compare-and-swap buckets in Redis over one
 * Lettuce connection (standalone {@link RedisClient}, or {@link RedisClusterClient} in cluster
 * mode). One key per API key and limit, {@code <namespace>:rate-limit:{<keyId>}:<perMinute>}: the
 * hash tag puts everything of one API key in one cluster slot.
 *
 * <p>{@link #tryConsume} throws when Redis does not answer within the timeout (a disconnected
 * connection rejects at once); the caller falls back. Lettuce reconnects by itself.
 */
final class RedisBuckets implements AutoCloseable {

  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final StatefulConnection<byte[], byte[]> connection;
  private final ProxyManager<byte[]> proxies;
  private final String prefix;
  private final boolean batching;
  private final Cache<String, BucketProxy> buckets;

  /**
   * Connects (throws if Redis cannot be reached now).
   *
   * @param urls one Redis URL, or in cluster mode the seed nodes
   * @param cluster whether to use the cluster client
   * @param namespace the service's Redis namespace
   * @param timeout the longest a request waits for Redis
   * @param batching whether concurrent requests for one key share one Redis round trip
   * @param maxTrackedKeys most bucket proxies kept
   * @param clock the buckets' clock (tests freeze it)
   */
  RedisBuckets(
      List<String> urls,
      boolean cluster,
      String namespace,
      Duration timeout,
      boolean batching,
      long maxTrackedKeys,
      TimeMeter clock) {
    this.prefix = namespace + ":rate-limit:{";
    this.batching = batching;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxTrackedKeys)
            .expireAfterAccess(WINDOW.multipliedBy(2))
            .build();
    // Back within about a second of Redis returning, however long it was away.
    this.resources =
        DefaultClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(1)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    Duration connectTimeout = Duration.ofSeconds(1);
    SocketOptions socket =
        SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
    List<RedisURI> uris =
        urls.stream()
            .map(String::trim)
            .filter(u -> !u.isEmpty())
            .map(
                u -> {
                  RedisURI uri = RedisURI.create(u);
                  uri.setTimeout(connectTimeout);
                  uri.setClientName("mallquest-rate-limit");
                  return uri;
                })
            .toList();
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("no Redis URL");
    }
    Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]> builder;
    try {
      if (cluster) {
        RedisClusterClient c = RedisClusterClient.create(resources, uris);
        client = c;
        c.setOptions(
            ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                .timeoutOptions(timeouts)
                .topologyRefreshOptions(
                    ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .enablePeriodicRefresh(Duration.ofSeconds(5))
                        .build())
                .build());
        StatefulRedisClusterConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE);
        conn.setTimeout(timeout);
        connection = conn;
        builder = Bucket4jLettuce.casBasedBuilder(conn);
      } else {
        RedisClient c = RedisClient.create(resources, uris.get(0));
        client = c;
        c.setOptions(
            ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                .timeoutOptions(timeouts)
                .build());
        StatefulRedisConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE);
        conn.setTimeout(timeout);
        connection = conn;
        builder = Bucket4jLettuce.casBasedBuilder(conn);
      }
    } catch (RuntimeException e) {
      resources.shutdown();
      throw e;
    }
    this.proxies =
        builder
            .requestTimeout(timeout)
            .clientClock(clock)
            // A key's state lives until its bucket would be full again, plus a margin: then it is
            // dropped.
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(10)))
            .build();
  }

  /** Takes one token of {@code keyId}'s shared bucket; throws if Redis does not answer in time. */
  ConsumptionProbe tryConsume(String keyId, int perMinute) {
    String key = prefix + keyId + "}:" + perMinute;
    return buckets.get(key, k -> newProxy(k, perMinute)).tryConsumeAndReturnRemaining(1);
  }

  private BucketProxy newProxy(String key, int perMinute) {
    RemoteBucketBuilder<byte[]> builder = proxies.builder();
    if (batching) {
      builder = builder.withOptimization(Optimizations.batching());
    }
    return builder.build(key.getBytes(StandardCharsets.UTF_8), () -> configuration(perMinute));
  }

  static BucketConfiguration configuration(int perMinute) {
    return BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, WINDOW))
        .build();
  }

  /** The Redis key of {@code keyId}'s bucket at {@code perMinute} (tests look at it). */
  String key(String keyId, int perMinute) {
    return prefix + keyId + "}:" + perMinute;
  }

  @Override
  public void close() {
    connection.closeAsync();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown();
  }

  /** The seed URLs of {@code url}: one, or several separated by commas (cluster mode). */
  static List<String> urls(String url) {
    return Arrays.stream(url.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
  }
}
