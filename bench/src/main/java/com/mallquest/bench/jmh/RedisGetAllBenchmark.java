package com.mallquest.bench.jmh;

import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.KeyCodec;
import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.SmartCacheManager;
import com.mallquest.smartcache.Versioned;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads that go to Redis because memory does not hold the keys: {@code getAll} of 100 keys (one
 * {@code MGET}) next to a single {@code get} (one {@code GET}), and a raw Lettuce {@code GET} as
 * the round-trip floor. 100,000 keys are written to Redis first and read in a rotating window,
 * while the memory tier holds 1,000 entries, so no key asked for is resident (it was last read
 * 100,000 keys ago). Needs Redis at {@code -Dredis.url} (default {@code redis://127.0.0.1:6379});
 * uses its own namespace {@code mqbench-jmh} and deletes it at tear-down. Both managers use a 1 s
 * command timeout instead of the default 50 ms, so that a slow Redis on a loaded machine is
 * measured rather than skipped; the source of record counts its calls (a read that fell back to
 * it), printed at tear-down and expected to be 0.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar RedisGetAllBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(1)
public class RedisGetAllBenchmark {

  static final String NAMESPACE = "mqbench-jmh";
  static final int KEYS = 100_000;
  static final int BATCH = 100;
  static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(1);
  static final java.util.concurrent.atomic.AtomicLong SOURCE_CALLS =
      new java.util.concurrent.atomic.AtomicLong();

  RedisClient client;
  StatefulRedisConnection<String, String> connection;
  RedisCommands<String, String> redis;
  SmartCacheManager writer;
  SmartCacheManager reader;
  SmartCache<Long, String> cache;
  List<List<Long>> batches;
  int nextBatch;
  long nextKey;

  /**
   * Writes the keys through one manager (memory and Redis), then reads through a second, cold one.
   */
  @Setup
  public void setUp() {
    String url = System.getProperty("redis.url", "redis://127.0.0.1:6379");
    client = RedisClient.create(url);
    connection = client.connect();
    redis = connection.sync();
    deleteNamespace();
    writer =
        SmartCacheManager.builder()
            .redisUri(url)
            .namespace(NAMESPACE)
            .commandTimeout(TIMEOUT)
            .build();
    SmartCache<Long, String> writing = writer.createCache(config(1000));
    for (long k = 0; k < KEYS; k++) {
      writing.written(k, Versioned.of("shopper-profile-" + k + "-".repeat(200), 1));
    }
    long stored = countKeys(NAMESPACE + ":shoppers:*");
    if (stored < KEYS) {
      throw new IllegalStateException((KEYS - stored) + " keys did not reach Redis");
    }
    reader =
        SmartCacheManager.builder()
            .redisUri(url)
            .namespace(NAMESPACE)
            .commandTimeout(TIMEOUT)
            .build();
    if (!reader.redisAvailable()) {
      throw new IllegalStateException("Redis is not available at " + url);
    }
    cache = reader.createCache(config(1000));
    batches = new ArrayList<>();
    for (long start = 0; start < KEYS; start += BATCH) {
      List<Long> batch = new ArrayList<>(BATCH);
      for (long k = start; k < start + BATCH; k++) {
        batch.add(k);
      }
      batches.add(batch);
    }
  }

  private static CacheConfig<Long, String> config(long memoryLimit) {
    return CacheConfig.<Long, String>builder(
            "shoppers",
            String.class,
            KeyCodec.longs(),
            key -> {
              SOURCE_CALLS.incrementAndGet();
              return Optional.of(Versioned.of("shopper-profile-" + key + "-".repeat(200), 1));
            })
        .memoryLimitEntries(memoryLimit)
        .build();
  }

  /** Closes the managers and deletes the namespace. */
  @TearDown
  public void tearDown() {
    System.out.println("source calls (reads that fell back from Redis): " + SOURCE_CALLS.get());
    reader.close();
    writer.close();
    deleteNamespace();
    connection.close();
    client.shutdown();
  }

  private long countKeys(String pattern) {
    long n = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
      n += page.getKeys().size();
      cursor = page;
    } while (!cursor.isFinished());
    return n;
  }

  private void deleteNamespace() {
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          redis.scan(cursor, ScanArgs.Builder.matches(NAMESPACE + ":*").limit(1000));
      if (!page.getKeys().isEmpty()) {
        redis.unlink(page.getKeys().toArray(new String[0]));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  /** 100 keys, none in memory: one MGET. */
  @Benchmark
  public Map<Long, Versioned<String>> getAll100() {
    List<Long> batch = batches.get(nextBatch);
    nextBatch = (nextBatch + 1) % batches.size();
    return cache.getAll(batch);
  }

  /** One key not in memory: one GET. */
  @Benchmark
  public Optional<Versioned<String>> getOne() {
    long key = nextKey;
    nextKey = (nextKey + 1) % KEYS;
    return cache.get(key);
  }

  /** The round-trip floor: a raw Lettuce GET of one of the keys. */
  @Benchmark
  public String rawRedisGet() {
    long key = nextKey;
    nextKey = (nextKey + 1) % KEYS;
    return redis.get(NAMESPACE + ":shoppers:" + key);
  }
}
