package com.mallquest.smartcache;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the Redis-backed tests find Redis, and what they do when it is not there: skip with a
 * message, except under CI ({@code CI=true}), where a missing Redis fails the build.
 *
 * <p>The URL is {@code REDIS_URL} from the environment, else the system property {@code redis.url}
 * (the root pom passes it), else {@code redis://127.0.0.1:6379}.
 */
public final class RedisTestSupport {

  private RedisTestSupport() {}

  public static String redisUrl() {
    String env = System.getenv("REDIS_URL");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    return System.getProperty("redis.url", "redis://127.0.0.1:6379");
  }

  public static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Skips the calling test (fails it under CI) unless {@code condition}. */
  public static void require(boolean condition, String what) {
    if (condition) {
      return;
    }
    if (ci()) {
      fail(what + " (CI=true, so this fails instead of skipping)");
    }
    Assumptions.abort(what + ": skipping");
  }

  /** The shared Redis, after checking it answers. */
  public static String requireRedis() {
    String url = redisUrl();
    require(reachable(url), "Redis is not reachable at " + url);
    return url;
  }

  public static boolean reachable(String url) {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(Duration.ofSeconds(1));
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return "PONG".equals(c.sync().ping());
    } catch (RuntimeException e) {
      return false;
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  /** Waits until the manager trusts Redis (it connects in the background). */
  static SmartCacheManager awaitAvailable(SmartCacheManager manager) {
    org.awaitility.Awaitility.await("Redis available to " + manager.instanceId())
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(manager::redisAvailable);
    return manager;
  }

  /** A namespace no other test (nor another engineer's run) uses. */
  static String uniqueNamespace(String prefix) {
    return "t-" + prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  }

  /** Deletes every key of {@code namespace} at {@code url}: what a test's caches left behind. */
  public static void deleteNamespace(String url, String namespace) {
    try (Inspector inspector = new Inspector(url)) {
      inspector.deleteNamespace(namespace);
    }
  }

  /** A plain connection to look at and clean what the caches wrote. */
  static final class Inspector implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;

    Inspector(String url) {
      RedisURI uri = RedisURI.create(url);
      uri.setTimeout(Duration.ofSeconds(5));
      client = RedisClient.create(uri);
      connection = client.connect(ByteArrayCodec.INSTANCE);
    }

    RedisCommands<byte[], byte[]> sync() {
      return connection.sync();
    }

    /** The stored bytes of a key, as text, or null. */
    String get(String key) {
      byte[] v = sync().get(bytes(key));
      return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    long pttl(String key) {
      return sync().pttl(bytes(key));
    }

    long commandCalls(String command) {
      String stats = sync().info("commandstats");
      for (String line : stats.split("\r?\n")) {
        if (line.startsWith("cmdstat_" + command + ":calls=")) {
          String rest = line.substring(("cmdstat_" + command + ":calls=").length());
          return Long.parseLong(rest.substring(0, rest.indexOf(',')));
        }
      }
      return 0;
    }

    /**
     * Deletes every key of a namespace, and of the namespaces the service derives from it by
     * appending its database's installation key ({@code <namespace>-<key>}, the service's ADR
     * 0016).
     */
    void deleteNamespace(String namespace) {
      for (String pattern : new String[] {namespace + ":*", namespace + "-*:*"}) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
          KeyScanCursor<byte[]> page =
              sync().scan(cursor, ScanArgs.Builder.matches(bytes(pattern)).limit(1000));
          if (!page.getKeys().isEmpty()) {
            sync().unlink(page.getKeys().toArray(new byte[0][]));
          }
          cursor = page;
        } while (!cursor.isFinished());
      }
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
