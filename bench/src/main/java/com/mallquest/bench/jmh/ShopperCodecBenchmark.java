package com.mallquest.bench.jmh;

import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.VipTier;
import com.mallquest.smartcache.JsonValueCodec;
import com.mallquest.smartcache.ValueCodec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding a shopper profile with the codec the service uses: the manager's default
 * {@link JsonValueCodec} (Jackson 3, default mapper; {@code CacheConfiguration} sets no other),
 * over the domain record {@link Shopper} that the shopper cache holds. This is the cost of every
 * Redis read, Redis write and fill.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar ShopperCodecBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ShopperCodecBenchmark {

  ValueCodec codec;
  Shopper shopper;
  byte[] encoded;

  /** A shopper with some progress, and its encoding. */
  @Setup
  public void setUp() {
    codec = new JsonValueCodec();
    shopper =
        new Shopper(
            ShopperId.of("shopper-12345"),
            "Ada Lovelace",
            "en-GB",
            ZoneId.of("Europe/London"),
            1_234,
            5_678,
            12,
            VipTier.GOLD,
            345_600,
            6,
            LocalDate.of(2026, 11, 26),
            Instant.parse("2026-01-02T03:04:05.123456Z"),
            42);
    encoded = codec.encode(shopper);
    Shopper back = codec.decode(encoded, Shopper.class);
    if (!back.equals(shopper)) {
      throw new IllegalStateException("codec does not round-trip: " + back);
    }
  }

  /** Shopper to bytes. */
  @Benchmark
  public byte[] encode() {
    return codec.encode(shopper);
  }

  /** Bytes to shopper. */
  @Benchmark
  public Shopper decode() {
    return codec.decode(encoded, Shopper.class);
  }
}
