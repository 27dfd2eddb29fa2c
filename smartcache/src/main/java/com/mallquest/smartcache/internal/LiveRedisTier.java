package com.mallquest.smartcache.internal;

import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.CacheStats;
import com.mallquest.smartcache.KeyCodec;
import io.lettuce.core.KeyValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis tier of one cache over the manager's {@link RedisLink}.
 *
 * <p><b>Layout</b> ({@link RedisScripts}, ADR 0005, {@link KeyLayout}): {@code <ns>:<cache>:<key>}
 * holds {@code <version>|V<codec bytes>} or a tombstone; {@code <ns>:<cache>#stream} is the
 * invalidation stream, {@code <ns>:<cache>#n} counts its messages, {@code <ns>:<cache>#gen} is the
 * clear generation that FILL checks. On a Redis Cluster (ADR 0021) each key belongs to one of
 * {@value KeyLayout#CLUSTER_GROUPS} stream groups whose hash tag is in all of these keys, so a
 * script's keys share one slot. The scripts' constant arguments (stream and counter keys, the
 * stream's length, cache name, origin) are encoded once.
 *
 * @param <K> the key type
 */
final class LiveRedisTier<K> implements RedisTier<K> {

  /** How long an invalidation's tombstone keeps old loads from refilling Redis. */
  static final Duration TOMBSTONE_TTL = Duration.ofSeconds(60);

  /** Keys whose change waits for Redis at most, before a full clear is replayed instead. */
  static final int OUTBOX_CAPACITY = 10_000;

  /** Keys per SCAN page. */
  static final int SCAN_COUNT = 1000;

  private static final Logger log = LoggerFactory.getLogger(LiveRedisTier.class);
  private static final byte[] NONE = new byte[0];

  private final RedisLink link;
  private final CacheMetrics metrics;
  private final KeyCodec<K> keyCodec;
  private final String name;
  private final String namespace;
  private final KeyLayout layout;
  private final byte[][] streamKeys;
  private final byte[][] counterKeys;
  private final byte[][] generationKeys;
  private final List<CacheStream> streams;
  private final byte[] streamMaxLength;
  private final byte[] nameBytes;
  private final byte[] originBytes;
  private final byte[] tombstoneTtl = ascii(TOMBSTONE_TTL.toMillis());
  private final long redisTtlMillis;
  private final double redisTtlJitter;
  private final Outbox<K> outbox = new Outbox<>(OUTBOX_CAPACITY);

  LiveRedisTier(
      CacheConfig<K, ?> config, CacheContext context, RedisLink link, CacheMetrics metrics) {
    this.link = link;
    this.metrics = metrics;
    this.keyCodec = config.keyCodec();
    this.name = config.name();
    this.namespace = context.namespace();
    this.layout = new KeyLayout(namespace, name, link.cluster());
    int groups = layout.groups();
    this.streamKeys = new byte[groups][];
    this.counterKeys = new byte[groups][];
    this.generationKeys = new byte[groups][];
    List<CacheStream> all = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      streamKeys[g] = utf8(layout.streamKey(g));
      counterKeys[g] = utf8(layout.counterKey(g));
      generationKeys[g] = utf8(layout.generationKey(g));
      all.add(CacheStream.of(layout, g));
    }
    this.streams = List.copyOf(all);
    this.streamMaxLength = ascii(context.streamMaxLength());
    this.nameBytes = utf8(name);
    this.originBytes = utf8(context.instanceId());
    this.redisTtlMillis = config.redisTtl().toMillis();
    this.redisTtlJitter = config.redisTtlJitter();
  }

  /** The key of a cache's invalidation stream on one Redis: {@code <namespace>:<cache>#stream}. */
  static String streamKeyOf(String namespace, String cache) {
    return new KeyLayout(namespace, cache, false).streamKey(0);
  }

  @Override
  public boolean storesValues() {
    return true;
  }

  @Override
  public boolean coherent() {
    if (!link.available()) {
      return false;
    }
    for (CacheStream stream : streams) {
      if (!stream.cursor().known()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean available() {
    return link.available();
  }

  @Override
  public CacheStats.RedisState state() {
    if (link.available()) {
      return CacheStats.RedisState.UP;
    }
    return link.breaker().state() == CircuitBreaker.State.CLOSED
        ? CacheStats.RedisState.DEGRADED
        : CacheStats.RedisState.BREAKER_OPEN;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Seen see(K key) {
    List<Seen> seen = seeAll(List.of(key));
    return seen == null ? Seen.NOTHING : seen.get(0);
  }

  /**
   * One MGET of the values and, after them, the clear generation of each group they belong to (on a
   * cluster, each generation is in its group's slot, so the command splits by slot as before).
   */
  @Override
  public List<Seen> seeAll(List<K> keys) {
    int n = keys.size();
    int[] groupOf = new int[n];
    List<byte[]> redisKeys = new ArrayList<>(n + 1);
    Map<Integer, Integer> generationAt = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String encoded = keyCodec.encode(keys.get(i));
      groupOf[i] = layout.group(encoded);
      redisKeys.add(utf8(layout.dataKey(encoded)));
    }
    for (int i = 0; i < n; i++) {
      generationAt.computeIfAbsent(
          groupOf[i],
          g -> {
            redisKeys.add(generationKeys[g]);
            return redisKeys.size() - 1;
          });
    }
    byte[][] all = redisKeys.toArray(new byte[0][]);
    Reply<List<KeyValue<byte[], byte[]>>> reply = link.call(c -> c.mget(all));
    count(reply);
    if (!reply.isOk()) {
      return null;
    }
    List<KeyValue<byte[], byte[]>> values = reply.value();
    List<Seen> seen = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      KeyValue<byte[], byte[]> value = values.get(i);
      KeyValue<byte[], byte[]> generation = values.get(generationAt.get(groupOf[i]));
      seen.add(
          new Seen(
              value.hasValue() ? value.getValue() : null,
              generation.hasValue() ? generation.getValue() : NONE));
    }
    return seen;
  }

  @Override
  public List<byte[]> getAll(List<K> keys) {
    byte[][] dataKeys = new byte[keys.size()][];
    for (int i = 0; i < dataKeys.length; i++) {
      dataKeys[i] = dataKey(keys.get(i));
    }
    Reply<List<KeyValue<byte[], byte[]>>> reply = link.call(c -> c.mget(dataKeys));
    count(reply);
    if (!reply.isOk()) {
      return null;
    }
    List<byte[]> values = new ArrayList<>(keys.size());
    for (KeyValue<byte[], byte[]> kv : reply.value()) {
      values.add(kv.hasValue() ? kv.getValue() : null);
    }
    return values;
  }

  @Override
  public void fill(K key, long version, byte[] payload, Seen seen) {
    byte[] stored = RedisValue.encode(version, payload);
    String encoded = keyCodec.encode(key);
    link.evalAsync(
            RedisScripts.FILL,
            new byte[][] {utf8(layout.dataKey(encoded)), generationKeys[layout.group(encoded)]},
            ascii(version),
            stored,
            ascii(ttlMillis()),
            seen.raw() == null ? NONE : seen.raw(),
            seen.generation())
        .thenAccept(this::count);
  }

  // ---------------------------------------------------------------- changes

  @Override
  public void written(K key, long version, byte[] payload) {
    byte[] stored = RedisValue.encode(version, payload);
    Reply<Long> reply =
        link.eval(RedisScripts.WRITE, changeKeys(key), writeArgs(key, version, stored));
    count(reply);
    if (!reply.isOk()) {
      outbox.written(key, version, stored);
    }
  }

  @Override
  public void writtenAll(List<K> keys, List<Long> versions, List<byte[]> payloads) {
    if (keys.isEmpty()) {
      return;
    }
    List<byte[][]> redisKeys = new ArrayList<>(keys.size());
    List<byte[][]> redisArgs = new ArrayList<>(keys.size());
    List<byte[]> stored = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      stored.add(RedisValue.encode(versions.get(i), payloads.get(i)));
      redisKeys.add(changeKeys(keys.get(i)));
      redisArgs.add(writeArgs(keys.get(i), versions.get(i), stored.get(i)));
    }
    List<Reply<Long>> replies = link.evalAll(RedisScripts.WRITE, redisKeys, redisArgs);
    for (int i = 0; i < keys.size(); i++) {
      Reply<Long> reply = replies.get(i);
      count(reply);
      if (!reply.isOk()) {
        outbox.written(keys.get(i), versions.get(i), stored.get(i));
      }
    }
  }

  @Override
  public void invalidate(K key) {
    Reply<Long> reply = invalidateInRedis(key);
    count(reply);
    if (!reply.isOk()) {
      outbox.invalidated(key);
    }
  }

  @Override
  public void invalidateAll(Collection<K> keys) {
    if (keys.isEmpty()) {
      return;
    }
    List<byte[][]> redisKeys = new ArrayList<>(keys.size());
    List<byte[][]> redisArgs = new ArrayList<>(keys.size());
    for (K key : keys) {
      redisKeys.add(changeKeys(key));
      redisArgs.add(invalidateArgs(key));
    }
    List<Reply<Long>> replies = link.evalAll(RedisScripts.INVALIDATE, redisKeys, redisArgs);
    int i = 0;
    for (K key : keys) {
      Reply<Long> reply = replies.get(i++);
      count(reply);
      if (!reply.isOk()) {
        outbox.invalidated(key);
      }
    }
  }

  @Override
  public void clear() {
    if (!clearRedis()) {
      outbox.cleared();
    }
  }

  @Override
  public void invalidateMisses() {
    if (!announce(RedisScripts.MISSES)) {
      // Other instances would keep their misses: a full clear, replayed once Redis is back, is
      // safe.
      outbox.cleared();
    }
  }

  private Reply<Long> invalidateInRedis(K key) {
    return link.eval(RedisScripts.INVALIDATE, changeKeys(key), invalidateArgs(key));
  }

  /**
   * Raises every group's clear generation (so that no load begun before this clear fills after it),
   * deletes this cache's keys from Redis (SCAN + UNLINK) and announces the clear on the stream.
   */
  private boolean clearRedis() {
    for (byte[] generationKey : generationKeys) {
      Reply<Long> raised = link.call(c -> c.incr(generationKey));
      count(raised);
      if (!raised.isOk()) {
        return false;
      }
    }
    byte[] pattern = utf8(layout.dataPrefix() + "*");
    boolean[] deletedAll = {true};
    Reply<Void> scanned =
        link.scan(
            pattern,
            SCAN_COUNT,
            Integer.MAX_VALUE,
            keys -> {
              Reply<Long> deleted = link.call(c -> c.unlink(keys.toArray(new byte[0][])));
              count(deleted);
              deletedAll[0] = deleted.isOk();
              return deletedAll[0];
            });
    count(scanned);
    if (!scanned.isOk() || !deletedAll[0]) {
      return false;
    }
    return announce(RedisScripts.CLEAR);
  }

  /** Appends a message without a key ({@code clear}, {@code misses}) to every group's stream. */
  private boolean announce(LuaScript script) {
    for (int g = 0; g < streamKeys.length; g++) {
      Reply<Long> announced =
          link.eval(
              script,
              new byte[][] {streamKeys[g], counterKeys[g]},
              streamMaxLength,
              nameBytes,
              originBytes);
      count(announced);
      if (!announced.isOk()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long keyCount() {
    Map<String, Long> keys = RedisKeyCounter.count(link, namespace, Set.of(name));
    return keys.getOrDefault(name, -1L);
  }

  // ---------------------------------------------------------------- the stream reader's side

  @Override
  public List<CacheStream> streams() {
    return streams;
  }

  @Override
  public boolean flushOutbox() {
    if (outbox.isEmpty()) {
      return true;
    }
    if (outbox.clearPending()) {
      if (!clearRedis()) {
        return false;
      }
      outbox.clearDone();
    }
    int replayed = 0;
    for (Map.Entry<K, Outbox.Pending> e : outbox.entries()) {
      K key = e.getKey();
      Outbox.Pending p = e.getValue();
      Reply<Long> reply =
          p.invalidation()
              ? invalidateInRedis(key)
              : link.eval(
                  RedisScripts.WRITE, changeKeys(key), writeArgs(key, p.version(), p.stored()));
      count(reply);
      if (!reply.isOk()) {
        return false;
      }
      outbox.done(key, p);
      replayed++;
    }
    log.info("cache {}: replayed {} changes to Redis after an outage", name, replayed);
    return true;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The Redis TTL shortened by a random fraction up to the jitter, so entries do not expire
   * together.
   */
  long ttlMillis() {
    long cut = (long) (redisTtlMillis * redisTtlJitter * ThreadLocalRandom.current().nextDouble());
    return Math.max(1, redisTtlMillis - cut);
  }

  private byte[][] changeKeys(K key) {
    String encoded = keyCodec.encode(key);
    int g = layout.group(encoded);
    return new byte[][] {utf8(layout.dataKey(encoded)), streamKeys[g], counterKeys[g]};
  }

  private byte[][] writeArgs(K key, long version, byte[] stored) {
    return new byte[][] {
      ascii(version),
      stored,
      ascii(ttlMillis()),
      streamMaxLength,
      nameBytes,
      utf8(keyCodec.encode(key)),
      originBytes
    };
  }

  private byte[][] invalidateArgs(K key) {
    String tombstoneId = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return new byte[][] {
      utf8(tombstoneId),
      tombstoneTtl,
      streamMaxLength,
      nameBytes,
      utf8(keyCodec.encode(key)),
      originBytes
    };
  }

  private byte[] dataKey(K key) {
    return utf8(layout.dataKey(keyCodec.encode(key)));
  }

  private void count(Reply<?> reply) {
    if (reply.status() == Reply.Status.FAILED) {
      metrics.recordRedisError();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return link.toString();
  }
}
