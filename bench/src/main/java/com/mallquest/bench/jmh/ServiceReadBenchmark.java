package com.mallquest.bench.jmh;

import com.mallquest.bench.load.Zipf;
import com.mallquest.mall.MallQuestApplication;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.shopper.GetShopper;
import com.mallquest.mall.application.shopper.RegisterShopper;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Target 1: a shopper profile read at the service layer, served from the memory tier ({@link
 * GetShopper}, the use case behind {@code GET /shoppers/{id}}) against the same read from the
 * database only ({@link ShopperRepository#findById}, the query the cache's source runs: what the
 * service would do without a cache). Starts the real service's Spring context (its web server on a
 * random port, unused: the security configuration needs the servlet stack), on PostgreSQL (no
 * Redis), with 1,000 shoppers, all resident in memory (limit 10,000).
 *
 * <pre>
 * createdb -h 127.0.0.1 -U postgres mq_bench
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -Dbench.jdbc=jdbc:postgresql://127.0.0.1:5432/mq_bench -jar bench/target/benchmarks.jar ServiceReadBenchmark \
 *     -f 1 -wi 3 -w 2s -i 5 -r 2s
 * dropdb -h 127.0.0.1 -U postgres mq_bench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ServiceReadBenchmark {

  static final int SHOPPERS = 1000;
  static final int INDEXES = 1 << 16;

  ConfigurableApplicationContext context;
  GetShopper getShopper;
  ShopperRepository repository;
  String[] ids;
  int[] indexes;

  /** Starts the service's context and registers the shoppers (once per database). */
  @Setup
  public void setUp() {
    // Command-line arguments, not SpringApplicationBuilder.properties(): those are defaults, which
    // the
    // service's application.yml (an H2 file database) overrides, so the benchmark would not read
    // from PostgreSQL at all.
    String[] args = {
      "--spring.datasource.url="
          + System.getProperty("bench.jdbc", "jdbc:postgresql://127.0.0.1:5432/mq_bench"),
      "--spring.datasource.username=postgres",
      "--spring.datasource.password=",
      "--spring.datasource.hikari.maximum-pool-size=4",
      "--mallquest.security.admin-key=bench-admin-key-not-secret-0001",
      "--mallquest.cache.shoppers.memory-limit=10000",
      "--logging.level.root=WARN",
      "--server.port=0"
    };
    context =
        new SpringApplicationBuilder(MallQuestApplication.class)
            .web(WebApplicationType.SERVLET)
            .run(args);
    String url = context.getEnvironment().getProperty("spring.datasource.url", "");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalStateException("the benchmark must read from PostgreSQL, not " + url);
    }
    getShopper = context.getBean(GetShopper.class);
    repository = context.getBean(ShopperRepository.class);
    RegisterShopper register = context.getBean(RegisterShopper.class);
    ids = new String[SHOPPERS];
    for (int i = 0; i < SHOPPERS; i++) {
      ids[i] = "svc-" + i;
      if (repository.findById(ShopperId.of(ids[i])).isEmpty()) {
        register.register(
            new RegisterShopper.Command(
                Optional.of(ids[i]), Optional.empty(), Optional.empty(), Optional.empty()));
      }
      getShopper.get(ids[i]);
    }
    indexes = new Zipf(SHOPPERS, 0.99).sample(INDEXES, new SplittableRandom(7));
  }

  /** Closes the context. */
  @TearDown
  public void tearDown() {
    context.close();
  }

  /** Each thread walks the index array from its own random start. */
  @State(Scope.Thread)
  public static class Cursor {
    int next = ThreadLocalRandom.current().nextInt(INDEXES);
  }

  /** The use case through the cache: a memory hit. */
  @Benchmark
  public Shopper memoryHit(Cursor c) {
    return getShopper.get(ids[indexes[c.next++ & (INDEXES - 1)]]);
  }

  /** The same read from the database only. */
  @Benchmark
  public Shopper databaseOnly(Cursor c) {
    return repository.findById(ShopperId.of(ids[indexes[c.next++ & (INDEXES - 1)]])).orElseThrow();
  }
}
