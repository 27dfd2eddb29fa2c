package com.mallquest.bench.load;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * Drives a running MallQuest over HTTP: creates stores and shoppers (parallel POSTs, or the bulk
 * import), then sends a mix of profile reads, purchases, check-ins and other reads over
 * Zipf-distributed shoppers for a duration or a count, at a concurrency; prints a progress line each
 * second and a final report (latency percentiles per operation, throughput, errors by status, the
 * cache's per-tier hit ratios over the run), and checks that the coins the service said it credited
 * equal the change in the shoppers' balances. Exit code 1 if they do not, 2 if the setup failed.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * MALLQUEST_API_KEY=... java -cp bench/target/benchmarks.jar com.mallquest.bench.load.LoadTool \
 *     --url http://127.0.0.1:8080 --shoppers 10000 --duration 60s --concurrency 16 --json report.json
 * </pre>
 */
@Command(name = "mallquest-load", mixinStandardHelpOptions = true,
    description = "HTTP load against a running MallQuest, with a coin check at the end.")
public final class LoadTool implements Callable<Integer> {

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The service (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--api-key", defaultValue = "${env:MALLQUEST_API_KEY}",
      description = "An ADMIN key (default: the environment variable MALLQUEST_API_KEY).")
  String apiKey;

  @Option(names = "--shoppers", defaultValue = "10000", description = "Shoppers to use (default: ${DEFAULT-VALUE}).")
  int shoppers;

  @Option(names = "--stores", defaultValue = "20", description = "Stores to use (default: ${DEFAULT-VALUE}).")
  int stores;

  @Option(names = "--prefix", defaultValue = "bench", description = "Id prefix: shoppers <prefix>-<n>, stores <prefix>-s<n>.")
  String prefix;

  @Option(names = "--import", description = "Create the shoppers with POST /api/v1/shoppers/import (NDJSON) instead of one POST each.")
  boolean useImport;

  @Option(names = "--skip-setup", description = "The stores and shoppers exist already (their balances are read first).")
  boolean skipSetup;

  @Option(names = "--mix", defaultValue = Mix.DEFAULT, converter = MixConverter.class,
      description = "Operation weights (default: ${DEFAULT-VALUE}).")
  Mix mix;

  @Option(names = "--zipf-s", defaultValue = "0.99", description = "Zipf exponent over shoppers; 0 = uniform (default: ${DEFAULT-VALUE}).")
  double zipfS;

  @Option(names = "--duration", converter = DurationConverter.class, description = "How long to run, e.g. 60s, 5m (default 30s unless --count).")
  Duration duration;

  @Option(names = "--count", description = "How many requests to send (instead of --duration).")
  Long count;

  @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
      description = "Load first sent for this long and left out of the figures (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--concurrency", defaultValue = "8", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class, description = "Request timeout (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--currency", defaultValue = "USD", description = "The mall's currency (default: ${DEFAULT-VALUE}).")
  String currency;

  @Option(names = "--seed", description = "Random seed (default: random).")
  Long seed;

  @Option(names = "--json", description = "Write the report as JSON to this file.")
  Path jsonFile;

  @Option(names = "--quiet", description = "No progress line.")
  boolean quiet;

  private final PrintStream out;
  private final PrintStream err;
  private MallClient client;
  private CoinAudit audit;
  private final String runId = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
  private final AtomicLong receipts = new AtomicLong();

  /** A tool printing to the standard streams. */
  public LoadTool() {
    this(System.out, System.err);
  }

  LoadTool(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the tool. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadTool()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (apiKey == null || apiKey.isBlank()) {
      err.println("an ADMIN key is needed: --api-key or MALLQUEST_API_KEY");
      return 2;
    }
    if (shoppers < 1 || stores < 1 || concurrency < 1) {
      err.println("--shoppers, --stores and --concurrency must be at least 1");
      return 2;
    }
    client = new MallClient(url, apiKey, timeout);
    audit = new CoinAudit(shoppers);
    boolean credits = mix.weights().get(Operation.PURCHASE) > 0 || mix.weights().get(Operation.CHECKIN) > 0;
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, daemon("load"));
    try {
      if (!setup(pool, credits)) {
        return 2;
      }
      Report report = run(pool);
      out.print(report.toText());
      if (jsonFile != null) {
        Files.writeString(jsonFile, report.toJson());
        out.println("report written to " + jsonFile);
      }
      return report.coins() != null && !report.coins().ok() ? 1 : 0;
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- setup

  private boolean setup(ExecutorService pool, boolean credits) throws Exception {
    if (skipSetup) {
      if (credits) {
        readBalances(pool);
      }
      return true;
    }
    long start = System.nanoTime();
    AtomicInteger failures = new AtomicInteger();
    parallel(pool, stores, "stores", i -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", storeId(i));
      body.put("name", "Bench store " + i);
      body.put("category", "fashion");
      body.put("floor", "L1");
      body.put("coinMultiplier", 1.0);
      MallClient.Response r = client.post("/api/v1/stores", body);
      if (!r.ok() && r.status() != 409) {
        failures.incrementAndGet();
        err.println("store " + storeId(i) + ": " + r.statusLabel() + " " + (r.error() != null ? r.error() : r.body()));
      }
    });
    if (failures.get() > 0) {
      return false;
    }
    boolean needBalances = useImport ? importShoppers() : createShoppers(pool, failures);
    if (failures.get() > 0) {
      err.println(failures.get() + " shoppers could not be created");
      return false;
    }
    if (credits && needBalances) {
      readBalances(pool);
    }
    err.printf(Locale.ROOT, "setup: %d stores, %d shoppers in %.1f s%n", stores, shoppers,
        (System.nanoTime() - start) / 1e9);
    return true;
  }

  /** One POST per shopper; returns whether some existed already (their balances must be read). */
  private boolean createShoppers(ExecutorService pool, AtomicInteger failures) throws Exception {
    AtomicInteger existing = new AtomicInteger();
    parallel(pool, shoppers, "shoppers", i -> {
      MallClient.Response r = client.post("/api/v1/shoppers", Map.of("id", shopperId(i)));
      if (r.status() == 409) {
        existing.incrementAndGet();
      } else if (r.ok()) {
        audit.before(i, r.body().path("coins").asLong());
      } else {
        if (failures.incrementAndGet() <= 5) {
          err.println("shopper " + shopperId(i) + ": " + r.statusLabel() + " " + (r.error() != null ? r.error() : r.body()));
        }
      }
    });
    return existing.get() > 0;
  }

  /** Streams NDJSON to the bulk import; returns whether rows were skipped (they existed). */
  private boolean importShoppers() {
    int n = shoppers;
    Enumeration<InputStream> lines = new Enumeration<>() {
      private int next;

      @Override
      public boolean hasMoreElements() {
        return next < n;
      }

      @Override
      public InputStream nextElement() {
        String id = shopperId(next++);
        String line = "{\"id\":\"" + id + "\",\"displayName\":\"" + id + "\"}\n";
        return new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8));
      }
    };
    long start = System.nanoTime();
    MallClient.Response r = client.postStream("/api/v1/shoppers/import", "application/x-ndjson",
        () -> new SequenceInputStream(lines));
    err.printf(Locale.ROOT, "import: %s in %.1f s: %s%n", r.statusLabel(), (System.nanoTime() - start) / 1e9,
        r.error() != null ? r.error() : r.body());
    if (!r.ok()) {
      throw new IllegalStateException("bulk import failed: " + r.statusLabel());
    }
    return r.body().path("skipped").asLong(0) > 0 || r.body().path("rejected").asLong(0) > 0;
  }

  private void readBalances(ExecutorService pool) throws Exception {
    AtomicInteger missing = new AtomicInteger();
    parallel(pool, shoppers, "balances", i -> {
      MallClient.Response r = client.get("/api/v1/shoppers/" + shopperId(i));
      if (r.ok()) {
        audit.before(i, r.body().path("coins").asLong());
      } else {
        missing.incrementAndGet();
      }
    });
    if (missing.get() > 0) {
      throw new IllegalStateException(missing.get() + " shoppers could not be read before the run");
    }
  }

  private void parallel(ExecutorService pool, int n, String what, IntConsumer task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("setup-progress"));
    if (!quiet) {
      ticker.scheduleAtFixedRate(() -> err.printf(Locale.ROOT, "  %s: %d/%d%n", what, done.get(), n), 1, 1,
          TimeUnit.SECONDS);
    }
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      workers.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          task.accept(i);
          done.incrementAndGet();
        }
        return null;
      }));
    }
    try {
      for (Future<?> f : workers) {
        f.get();
      }
    } finally {
      ticker.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- the run

  private Report run(ExecutorService pool) throws Exception {
    Zipf zipf = new Zipf(shoppers, zipfS);
    Duration measured = duration != null ? duration : count == null ? Duration.ofSeconds(30) : null;
    Stats warm = new Stats();
    Stats stats = new Stats();
    AtomicReference<Stats> current = new AtomicReference<>(warm);
    AtomicLong remaining = new AtomicLong(count != null ? count : Long.MAX_VALUE);
    long seedBase = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    long warmupEnd = System.nanoTime() + warmup.toNanos();
    long[] measuredStart = new long[1];
    Map<String, JsonNode> cacheBefore = new HashMap<>();
    StopFlag stop = new StopFlag();

    if (warmup.isZero()) {
      cacheBefore.putAll(cacheStats());
      current.set(stats);
      measuredStart[0] = System.nanoTime();
    }
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      SplittableRandom random = new SplittableRandom(seedBase + w * 0x9E3779B97F4A7C15L);
      workers.add(pool.submit(() -> {
        while (!stop.set) {
          Stats target = current.get();
          if (target == stats && remaining.decrementAndGet() < 0) {
            break;
          }
          Operation op = mix.pick(random.nextDouble());
          int shopper = zipf.next(random);
          long t0 = System.nanoTime();
          MallClient.Response r = send(op, shopper, random);
          target.record(op, (System.nanoTime() - t0) / 1000, r);
        }
        return null;
      }));
    }
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("progress"));
    long[] lastTick = {System.nanoTime()};
    long runStart = System.nanoTime();
    ticker.scheduleAtFixedRate(() -> {
      if (current.get() == warm && System.nanoTime() >= warmupEnd) {
        cacheBefore.putAll(cacheStats());
        measuredStart[0] = System.nanoTime();
        current.set(stats);
      }
      long now = System.nanoTime();
      Stats.Interval iv = current.get().nextInterval();
      if (current.get() == stats && measured != null && now - measuredStart[0] >= measured.toNanos()) {
        stop.set = true;
      }
      if (!quiet) {
        err.println(progressLine((now - runStart) / 1e9, iv, (now - lastTick[0]) / 1e9, current.get() == warm));
      }
      lastTick[0] = now;
    }, 1, 1, TimeUnit.SECONDS);
    try {
      for (Future<?> f : workers) {
        f.get();
      }
    } finally {
      stop.set = true;
      ticker.shutdownNow();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    }
    double seconds = (System.nanoTime() - measuredStart[0]) / 1e9;
    Map<String, JsonNode> cacheAfter = cacheStats();
    CoinAudit.Result coins = audit.touchedShoppers().isEmpty() ? null : verifyCoins(pool);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("url", url.toString());
    settings.put("shoppers", shoppers);
    settings.put("stores", stores);
    settings.put("mix", mix.toString());
    settings.put("zipfS", zipfS);
    settings.put("concurrency", concurrency);
    settings.put("duration", measured == null ? null : measured.toString());
    settings.put("count", count);
    settings.put("warmup", warmup.toString());
    return new Report(settings, seconds, Report.operations(stats, seconds), stats.errorsByStatus(),
        cacheDelta(cacheBefore, cacheAfter), coins);
  }

  /** A mutable stop flag visible across threads. */
  private static final class StopFlag {
    volatile boolean set;
  }

  static String progressLine(double elapsedSeconds, Stats.Interval iv, double intervalSeconds, boolean warming) {
    Histogram h = iv.latencies();
    long n = h.getTotalCount();
    return String.format(Locale.ROOT, "[%5.0fs]%s %8.0f req/s  errors %d  p50 %.2f ms  p99 %.2f ms", elapsedSeconds,
        warming ? " warm-up" : "", intervalSeconds > 0 ? n / intervalSeconds : 0, iv.errors(),
        n == 0 ? 0 : h.getValueAtPercentile(50) / 1000.0, n == 0 ? 0 : h.getValueAtPercentile(99) / 1000.0);
  }

  private MallClient.Response send(Operation op, int shopper, SplittableRandom random) {
    String id = shopperId(shopper);
    switch (op) {
      case READ -> {
        return client.get("/api/v1/shoppers/" + id);
      }
      case PURCHASE -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shopperId", id);
        body.put("storeId", storeId(random.nextInt(stores)));
        body.put("receiptId", "R-" + runId + "-" + receipts.incrementAndGet());
        body.put("amountMinor", 100 + random.nextInt(20_000));
        body.put("currency", currency);
        MallClient.Response r = client.post("/api/v1/purchases", body);
        // Only the credited coins are read, straight from the bytes: no tree of the whole answer.
        account(shopper, r, r.status() == 201 ? r.topLevelLong("coinsEarned").orElse(0) : 0);
        return r;
      }
      case CHECKIN -> {
        MallClient.Response r = client.post("/api/v1/shoppers/" + id + "/check-ins", "");
        account(shopper, r, r.ok() && !r.body().path("alreadyCheckedIn").asBoolean(true)
            ? r.body().path("coinsAwarded").asLong() : 0);
        return r;
      }
      default -> {
        return switch (random.nextInt(4)) {
          case 0 -> client.get("/api/v1/stores/" + storeId(random.nextInt(stores)));
          case 1 -> client.get("/api/v1/stores?limit=20");
          case 2 -> client.get("/api/v1/shoppers/" + id + "/ledger?limit=10");
          default -> client.get("/api/v1/shoppers/" + id + "/purchases?limit=10");
        };
      }
    }
  }

  /** Counts what a coin-crediting answer said; an unknown outcome makes the shopper uncertain. */
  private void account(int shopper, MallClient.Response r, long coins) {
    if (r.status() == 0 || r.status() >= 500) {
      audit.uncertain(shopper);
    } else if (r.ok()) {
      audit.credited(shopper, coins);
    }
  }

  private CoinAudit.Result verifyCoins(ExecutorService pool) throws Exception {
    List<Integer> touched = audit.touchedShoppers();
    Map<Integer, Long> balances = new ConcurrentHashMap<>();
    parallel(pool, touched.size(), "coin check", j -> {
      int i = touched.get(j);
      MallClient.Response r = client.get("/api/v1/shoppers/" + shopperId(i));
      if (r.ok() && r.body().path("coins").isNumber()) {
        balances.put(i, r.body().path("coins").asLong());
      }
    });
    return audit.verify(i -> balances.containsKey(i) ? OptionalLong.of(balances.get(i)) : OptionalLong.empty());
  }

  // ---------------------------------------------------------------- cache statistics

  private Map<String, JsonNode> cacheStats() {
    MallClient.Response r = client.get("/api/v1/cache/stats");
    if (!r.ok()) {
      err.println("cache stats unavailable: " + r.statusLabel());
      return Map.of();
    }
    Map<String, JsonNode> stats = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : r.body().properties()) {
      stats.put(e.getKey(), e.getValue());
    }
    return stats;
  }

  static Map<String, Report.CacheDelta> cacheDelta(Map<String, JsonNode> before, Map<String, JsonNode> after) {
    Map<String, Report.CacheDelta> deltas = new LinkedHashMap<>();
    after.forEach((name, a) -> {
      JsonNode b = before.get(name);
      long requests = diff(a, b, "requests");
      double memory = ratio(diff(a, b, "memoryHits") + diff(a, b, "negativeHits"), requests);
      deltas.put(name, new Report.CacheDelta(requests, memory, ratio(diff(a, b, "redisHits"), requests),
          ratio(diff(a, b, "sourceLoads"), requests), a.path("memoryCacheSize").asLong(),
          a.path("memoryLimit").asLong(), a.path("redisAvailable").asBoolean()));
    });
    return Collections.unmodifiableMap(deltas);
  }

  private static long diff(JsonNode after, JsonNode before, String field) {
    return after.path(field).asLong() - (before == null ? 0 : before.path(field).asLong());
  }

  private static double ratio(long part, long whole) {
    return whole <= 0 ? 0 : (double) part / whole;
  }

  // ---------------------------------------------------------------- helpers

  String shopperId(int i) {
    return prefix + "-" + i;
  }

  String storeId(int i) {
    return prefix + "-s" + i;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Parses {@code --mix}. */
  static final class MixConverter implements ITypeConverter<Mix> {
    @Override
    public Mix convert(String value) {
      try {
        return Mix.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT30S}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parseDuration(value);
    }
  }

  /** See {@link DurationConverter}. */
  static Duration parseDuration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("pt")) {
        return Duration.parse(value.trim());
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new CommandLine.TypeConversionException("not a duration: " + value);
      };
    } catch (RuntimeException e) {
      if (e instanceof CommandLine.TypeConversionException t) {
        throw t;
      }
      throw new CommandLine.TypeConversionException("not a duration (use 500ms, 30s, 5m, 1h): " + value);
    }
  }
}
