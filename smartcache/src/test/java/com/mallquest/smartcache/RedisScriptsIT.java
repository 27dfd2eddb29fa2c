package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.smartcache.internal.LuaScript;
import com.mallquest.smartcache.internal.RedisScripts;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lua compare-and-set rules, one by one, against the shared Redis. */
class RedisScriptsIT {

  private final String ns = RedisTestSupport.uniqueNamespace("lua");
  private final String data = ns + ":c:k";
  private final String stream = ns + ":c#stream";
  private final String counter = ns + ":c#n";
  private final String generation = ns + ":c#gen";
  private RedisTestSupport.Inspector redis;

  @BeforeEach
  void connect() {
    redis = new RedisTestSupport.Inspector(RedisTestSupport.requireRedis());
  }

  @AfterEach
  void clean() {
    redis.deleteNamespace(ns);
    redis.close();
  }

  private long run(LuaScript script, String[] keys, String... args) {
    byte[][] k = new byte[keys.length][];
    for (int i = 0; i < keys.length; i++) {
      k[i] = RedisTestSupport.bytes(keys[i]);
    }
    byte[][] a = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      a[i] = RedisTestSupport.bytes(args[i]);
    }
    Long result = redis.sync().eval(script.bytes(), ScriptOutputType.INTEGER, k, a);
    return result;
  }

  private long write(long version) {
    return run(
        RedisScripts.WRITE,
        new String[] {data, stream, counter},
        Long.toString(version),
        version + "|V{}",
        "60000",
        "1000",
        "c",
        "k",
        "me");
  }

  private long fill(long version, String seen) {
    return fill(version, seen, "");
  }

  private long fill(long version, String seen, String seenGeneration) {
    return run(
        RedisScripts.FILL,
        new String[] {data, generation},
        Long.toString(version),
        version + "|V{}",
        "60000",
        seen,
        seenGeneration);
  }

  private void invalidate() {
    run(
        RedisScripts.INVALIDATE,
        new String[] {data, stream, counter},
        "tomb1",
        "60000",
        "1000",
        "c",
        "k",
        "me");
  }

  private String stored() {
    return redis.get(data);
  }

  @Test
  void write_absentOlderOrEqual_stores_newer_refuses() {
    assertThat(write(5)).isEqualTo(1);
    assertThat(write(5)).isEqualTo(1);
    assertThat(write(9)).isEqualTo(1);
    assertThat(write(7)).isZero();
    assertThat(stored()).isEqualTo("9|V{}");
  }

  @Test
  void write_versionsComparedExactlyAsDecimals() {
    assertThat(write(10)).isEqualTo(1);
    assertThat(write(9)).as("9 < 10 although '9' > '10' as text").isZero();
    assertThat(write(9_223_372_036_854_775_806L)).isEqualTo(1);
    assertThat(write(9_223_372_036_854_775_807L)).as("beyond a double's precision").isEqualTo(1);
    assertThat(write(9_223_372_036_854_775_806L)).isZero();
  }

  @Test
  void write_always_appendsToTheStreamWithACounter() {
    write(1);
    write(0);
    invalidate();

    List<StreamMessage<byte[], byte[]>> messages =
        redis.sync().xrange(RedisTestSupport.bytes(stream), Range.create("-", "+"));
    assertThat(messages).hasSize(3);
    assertThat(messages).extracting(m -> field(m.getBody(), "n")).containsExactly("1", "2", "3");
    assertThat(messages).extracting(m -> field(m.getBody(), "op")).containsExactly("w", "w", "i");
    assertThat(field(messages.get(0).getBody(), "o")).isEqualTo("me");
    assertThat(field(messages.get(2).getBody(), "v"))
        .as("the version the tombstone replaced")
        .isEqualTo("1");
  }

  @Test
  void fill_neverReplacesANewerOrUnseenEqualValue() {
    assertThat(fill(3, "")).isEqualTo(1);
    assertThat(fill(2, "")).isZero();
    assertThat(fill(3, "")).as("same version, not the bytes it saw").isZero();
    assertThat(fill(3, "3|V{}")).as("same version it saw: may refresh it").isEqualTo(1);
    assertThat(fill(4, "")).isEqualTo(1);
    assertThat(stored()).isEqualTo("4|V{}");
  }

  @Test
  void fill_afterAClear_onlyIfTheLoaderLookedAfterIt() {
    write(3);
    // A clear: the generation first, then the keys.
    redis.sync().incr(RedisTestSupport.bytes(generation));
    redis.sync().del(RedisTestSupport.bytes(data));

    assertThat(fill(3, "3|V{}", "")).as("loaded before the clear, which it did not see").isZero();
    assertThat(fill(3, "", "")).isZero();
    assertThat(stored()).isNull();
    assertThat(fill(4, "", "1")).as("loaded after the clear").isEqualTo(1);
    assertThat(stored()).isEqualTo("4|V{}");
  }

  @Test
  void fill_tombstone_onlyIfTheLoaderSawIt() {
    write(3);
    invalidate();
    String tombstone = stored();
    assertThat(tombstone).isEqualTo("3|Ttomb1");

    assertThat(fill(3, "")).as("an invalidation ran during this load").isZero();
    assertThat(fill(3, "3|V{}")).isZero();
    assertThat(fill(4, tombstone)).as("loaded after the invalidation").isEqualTo(1);
  }

  @Test
  void write_overTombstone_renewsItSoOnlyALaterLoadFills() {
    write(3);
    invalidate();
    String seenBeforeTheWrite = stored();
    long ttl = redis.pttl(data);

    assertThat(write(4)).isZero();

    String renewed = stored();
    assertThat(renewed).startsWith("4|T").isNotEqualTo(seenBeforeTheWrite);
    assertThat(redis.pttl(data)).isPositive().isLessThanOrEqualTo(ttl);
    assertThat(fill(3, seenBeforeTheWrite))
        .as("a load that read the source before the write")
        .isZero();
    assertThat(fill(4, renewed)).as("a load that saw the renewed tombstone").isEqualTo(1);
    assertThat(stored()).isEqualTo("4|V{}");
  }

  private static String field(Map<byte[], byte[]> body, String name) {
    for (Map.Entry<byte[], byte[]> e : body.entrySet()) {
      if (new String(e.getKey(), StandardCharsets.UTF_8).equals(name)) {
        return new String(e.getValue(), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
