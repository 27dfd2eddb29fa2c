package com.mallquest.mall.adapter.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token buckets every instance shares, in Redis (ADR 0024): one Lua script per decision, over
 * one Lettuce connection (standalone {@link RedisClient}, or {@link RedisClusterClient} in cluster
 * mode, which sends the script to the master of its key's slot). One key per API key and limit,
 * {@code <namespace>:rate-limit:{<keyId>}:<perMinute>}: the hash tag puts everything of one API key
 * in one cluster slot.
 *
 * <p>A decision is one {@code EVALSHA} (an {@code EVAL} instead if Redis lost the script, e.g.
 * after a restart): Redis runs the script atomically, so concurrent decisions of every instance
 * queue in Redis instead of conflicting, and none is retried. The bucket is the one the
 * per-instance buckets have ({@code capacity = perMinute}, refilled greedily: {@code perMinute}
 * tokens a minute, continuously), with exact arithmetic (see {@link #SCRIPT}).
 *
 * <p>{@link #tryConsume} throws when Redis does not answer within the timeout (a disconnected
 * connection rejects at once); the caller falls back. Lettuce reconnects by itself.
 */
final class RedisBuckets implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);

  /**
   * One decision. KEYS[1] = the bucket; ARGV[1] = its limit a minute (= capacity), ARGV[2] = the
   * caller's clock in ms.
   *
   * <p>The hash holds {@code t}, the tokens in units of 1/60,000 of a token, and {@code ts}, the ms
   * they were counted at. In those units a minute's refill of {@code perMinute} tokens is exactly
   * {@code perMinute} units a ms, so every quantity is an integer (below 2^53: exact in Lua's
   * doubles) and {@code perMinute} decisions pass in a frozen minute, not one fewer. Time never
   * goes backwards: a clock behind {@code ts} (another instance's) refills nothing. A key of
   * another type (Bucket4j's state, before ADR 0024) is replaced by a full bucket. Numbers go to
   * {@code redis.call} as numbers, which Redis writes with 17 digits, never through Lua's {@code
   * tostring} (14 digits: a large limit's tokens would be rounded).
   *
   * <p>A lease (ADR 0027): ARGV[3] = how many tokens the caller would take at once (1 if absent),
   * ARGV[4] = unspent tokens of its previous lease it gives back first (0 if absent; the bucket
   * never holds more than its capacity). It gets at most an eighth of the whole tokens left (at
   * least one, if there is one), so the closer a bucket is to empty, the smaller the leases, down
   * to one token per decision: tokens held by instances that do not need them stay few.
   *
   * <p>Taken or given back tokens write the state and set the key to expire when the bucket would
   * be full again plus 10 s; a rejection writes nothing (the stored state still describes the
   * bucket). Returns {tokens taken (0: rejected), whole tokens left, ns until the next token (0 if
   * taken), ns until full}, the times in whole ns rounded down as Bucket4j rounds them: with one
   * token asked for, a probe is the one its in-memory bucket of the same shape gives.
   */
  static final String SCRIPT =
      """
      local rate = tonumber(ARGV[1])
      local now = tonumber(ARGV[2])
      local unit = 60000 -- a token
      local minute = 60000 -- ms; capacity / rate = minute: empty to full in a minute
      local capacity = rate * unit
      local function nanos(units)
        local ms = math.floor(units / rate)
        return ms * 1000000 + math.floor((units - ms * rate) * 1000000 / rate)
      end
      local state = redis.pcall('HMGET', KEYS[1], 't', 'ts')
      local tokens, last
      if state.err then
        redis.call('DEL', KEYS[1])
      else
        tokens = tonumber(state[1])
        last = tonumber(state[2])
      end
      if tokens == nil or last == nil then
        tokens = capacity
        last = now
      elseif now > last then
        local elapsed = now - last
        if elapsed >= minute then
          tokens = capacity
        else
          tokens = math.min(capacity, tokens + elapsed * rate)
        end
        last = now
      end
      local back = tonumber(ARGV[4]) or 0
      if back > 0 then
        tokens = math.min(capacity, tokens + back * unit)
      end
      if tokens < unit then
        return {0, 0, nanos(unit - tokens), nanos(capacity - tokens)}
      end
      local want = tonumber(ARGV[3]) or 1
      local take = math.max(1, math.min(want, math.floor(tokens / unit / 8)))
      tokens = tokens - take * unit
      redis.call('HSET', KEYS[1], 't', tokens, 'ts', last)
      redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate) + 10000)
      return {take, math.floor(tokens / unit), 0, nanos(capacity - tokens)}
      """;

  private static final byte[] SCRIPT_BYTES = SCRIPT.getBytes(StandardCharsets.UTF_8);
  private static final String SCRIPT_SHA1 = sha1(SCRIPT_BYTES);

  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final RedisClusterCommands<byte[], byte[]> commands;
  private final String prefix;
  private final TimeMeter clock;

  /**
   * Connects (throws if Redis cannot be reached now) and loads the script.
   *
   * @param urls one Redis URL, or in cluster mode the seed nodes
   * @param cluster whether to use the cluster client
   * @param namespace the service's Redis namespace
   * @param timeout the longest a request waits for Redis
   * @param clock the buckets' clock (tests freeze it)
   */
  RedisBuckets(
      List<String> urls, boolean cluster, String namespace, Duration timeout, TimeMeter clock) {
    this.prefix = namespace + ":rate-limit:{";
    this.clock = clock;
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
        commands = conn.sync();
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
        commands = conn.sync();
      }
    } catch (RuntimeException e) {
      resources.shutdown();
      throw e;
    }
    // Once, so that the first decision is one round trip too (on a cluster: on every node). Not
    // needed to decide: a Redis without the script (this failed, a restart, a new master) gets it
    // with the decision's EVAL.
    try {
      commands.scriptLoad(SCRIPT_BYTES);
    } catch (RuntimeException e) {
      log.debug("rate-limit script not loaded at connect ({}); sent on first use", e.toString());
    }
  }

  /** Takes one token of {@code keyId}'s shared bucket; throws if Redis does not answer in time. */
  ConsumptionProbe tryConsume(String keyId, int perMinute) {
    return take(keyId, perMinute, 1, 0).probe();
  }

  /**
   * What one call of the script gave.
   *
   * @param taken tokens taken from the shared bucket (0: rejected); the probe spent the first
   * @param probe the decision on one token, as Bucket4j's probe (what the filter and the local
   *     buckets use)
   */
  record Grant(long taken, ConsumptionProbe probe) {}

  /**
   * Gives back {@code back} unspent tokens, then takes up to {@code want} at once (fewer when the
   * bucket has less than eight times that left, never none while it has one): one script, one round
   * trip. Throws if Redis does not answer in time; the tokens given back may then be back or not,
   * so the caller must not spend them.
   */
  Grant take(String keyId, int perMinute, long want, long back) {
    byte[][] keys = {key(keyId, perMinute).getBytes(StandardCharsets.UTF_8)};
    byte[][] args = {
      ascii(perMinute),
      ascii(Math.floorDiv(clock.currentTimeNanos(), 1_000_000L)),
      ascii(want),
      ascii(back)
    };
    List<Long> reply;
    try {
      reply = commands.evalsha(SCRIPT_SHA1, ScriptOutputType.MULTI, keys, args);
    } catch (RedisNoScriptException e) {
      reply = commands.eval(SCRIPT_BYTES, ScriptOutputType.MULTI, keys, args);
    }
    if (reply == null || reply.size() != 4 || reply.get(0) < 0 || reply.get(0) > want) {
      throw new IllegalStateException("unexpected rate-limit script reply " + reply);
    }
    long taken = reply.get(0);
    long remaining = reply.get(1);
    long toReset = reply.get(3);
    return new Grant(
        taken,
        taken > 0
            ? ConsumptionProbe.consumed(remaining + taken - 1, toReset)
            : ConsumptionProbe.rejected(remaining, reply.get(2), toReset));
  }

  /** The Redis key of {@code keyId}'s bucket at {@code perMinute}. */
  String key(String keyId, int perMinute) {
    return prefix + keyId + "}:" + perMinute;
  }

  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  private static String sha1(byte[] script) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-1", e);
    }
  }

  @Override
  public void close() {
    // Closes the connection too (closing it first made Lettuce warn it was already closed).
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown();
  }

  /** The seed URLs of {@code url}: one, or several separated by commas (cluster mode). */
  static List<String> urls(String url) {
    return Arrays.stream(url.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
  }
}
