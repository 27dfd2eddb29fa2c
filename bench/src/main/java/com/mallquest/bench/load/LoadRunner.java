package com.mallquest.bench.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * The run: closed-loop workers send the mix over Zipf shoppers (a warm-up first, left out of the
 * figures), a ticker prints a progress line each second and ends a timed run, then the coin check
 * reads back the balances of the shoppers credited; the result is a {@link Report}.
 */
final class LoadRunner {

  private final LoadOptions options;
  private final MallClient client;
  private final CoinAudit audit;
  private final ExecutorService pool;
  private final PrintStream err;
  private final String runId =
      Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
  private final AtomicLong receipts = new AtomicLong();

  LoadRunner(
      LoadOptions options,
      MallClient client,
      CoinAudit audit,
      ExecutorService pool,
      PrintStream err) {
    this.options = options;
    this.client = client;
    this.audit = audit;
    this.pool = pool;
    this.err = err;
  }

  Report run() throws Exception {
    Zipf zipf = new Zipf(options.shoppers, options.zipfS);
    Duration measured = options.measured();
    Duration warmup = options.warmup;
    Stats warm = new Stats();
    Stats stats = new Stats();
    AtomicReference<Stats> current = new AtomicReference<>(warm);
    AtomicLong remaining = new AtomicLong(options.count != null ? options.count : Long.MAX_VALUE);
    long seedBase = options.seed != null ? options.seed : ThreadLocalRandom.current().nextLong();
    long warmupEnd = System.nanoTime() + warmup.toNanos();
    long[] measuredStart = new long[1];
    Map<String, JsonNode> cacheBefore = new HashMap<>();
    StopFlag stop = new StopFlag();

    if (warmup.isZero()) {
      cacheBefore.putAll(CacheStatsDelta.fetch(client, err));
      current.set(stats);
      measuredStart[0] = System.nanoTime();
    }
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < options.concurrency; w++) {
      SplittableRandom random = new SplittableRandom(seedBase + w * 0x9E3779B97F4A7C15L);
      workers.add(
          pool.submit(
              () -> {
                while (!stop.set) {
                  Stats target = current.get();
                  if (target == stats && remaining.decrementAndGet() < 0) {
                    break;
                  }
                  Operation op = options.mix.pick(random.nextDouble());
                  int shopper = zipf.next(random);
                  long t0 = System.nanoTime();
                  MallClient.Response r = send(op, shopper, random);
                  target.record(op, (System.nanoTime() - t0) / 1000, r);
                }
                return null;
              }));
    }
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(Workers.daemon("progress"));
    long[] lastTick = {System.nanoTime()};
    long runStart = System.nanoTime();
    ticker.scheduleAtFixedRate(
        () -> {
          if (current.get() == warm && System.nanoTime() >= warmupEnd) {
            cacheBefore.putAll(CacheStatsDelta.fetch(client, err));
            measuredStart[0] = System.nanoTime();
            current.set(stats);
          }
          long now = System.nanoTime();
          Stats.Interval iv = current.get().nextInterval();
          if (current.get() == stats
              && measured != null
              && now - measuredStart[0] >= measured.toNanos()) {
            stop.set = true;
          }
          if (!options.quiet) {
            err.println(
                progressLine(
                    (now - runStart) / 1e9, iv, (now - lastTick[0]) / 1e9, current.get() == warm));
          }
          lastTick[0] = now;
        },
        1,
        1,
        TimeUnit.SECONDS);
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
    Map<String, JsonNode> cacheAfter = CacheStatsDelta.fetch(client, err);
    CoinAudit.Result coins = audit.touchedShoppers().isEmpty() ? null : verifyCoins();
    return new Report(
        options.settings(),
        seconds,
        Report.operations(stats, seconds),
        stats.errorsByStatus(),
        CacheStatsDelta.between(cacheBefore, cacheAfter),
        coins);
  }

  /** A mutable stop flag visible across threads. */
  private static final class StopFlag {
    volatile boolean set;
  }

  static String progressLine(
      double elapsedSeconds, Stats.Interval iv, double intervalSeconds, boolean warming) {
    Histogram h = iv.latencies();
    long n = h.getTotalCount();
    return String.format(
        Locale.ROOT,
        "[%5.0fs]%s %8.0f req/s  errors %d  p50 %.2f ms  p99 %.2f ms",
        elapsedSeconds,
        warming ? " warm-up" : "",
        intervalSeconds > 0 ? n / intervalSeconds : 0,
        iv.errors(),
        n == 0 ? 0 : h.getValueAtPercentile(50) / 1000.0,
        n == 0 ? 0 : h.getValueAtPercentile(99) / 1000.0);
  }

  private MallClient.Response send(Operation op, int shopper, SplittableRandom random) {
    String id = options.shopperId(shopper);
    switch (op) {
      case READ -> {
        return client.get("/api/v1/shoppers/" + id);
      }
      case PURCHASE -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shopperId", id);
        body.put("storeId", options.storeId(random.nextInt(options.stores)));
        body.put("receiptId", "R-" + runId + "-" + receipts.incrementAndGet());
        body.put("amountMinor", 100 + random.nextInt(20_000));
        body.put("currency", options.currency);
        MallClient.Response r = client.post("/api/v1/purchases", body);
        // Only the credited coins are read, straight from the bytes: no tree of the whole answer.
        account(shopper, r, r.status() == 201 ? r.topLevelLong("coinsEarned").orElse(0) : 0);
        return r;
      }
      case CHECKIN -> {
        MallClient.Response r = client.post("/api/v1/shoppers/" + id + "/check-ins", "");
        account(
            shopper,
            r,
            r.ok() && !r.body().path("alreadyCheckedIn").asBoolean(true)
                ? r.body().path("coinsAwarded").asLong()
                : 0);
        return r;
      }
      default -> {
        return switch (random.nextInt(4)) {
          case 0 -> client.get("/api/v1/stores/" + options.storeId(random.nextInt(options.stores)));
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

  private CoinAudit.Result verifyCoins() throws Exception {
    List<Integer> touched = audit.touchedShoppers();
    Map<Integer, Long> balances = new ConcurrentHashMap<>();
    Workers.parallel(
        pool,
        options.concurrency,
        options.quiet,
        err,
        touched.size(),
        "coin check",
        j -> {
          int i = touched.get(j);
          MallClient.Response r = client.get("/api/v1/shoppers/" + options.shopperId(i));
          if (r.ok() && r.body().path("coins").isNumber()) {
            balances.put(i, r.body().path("coins").asLong());
          }
        });
    return audit.verify(
        i -> balances.containsKey(i) ? OptionalLong.of(balances.get(i)) : OptionalLong.empty());
  }
}
