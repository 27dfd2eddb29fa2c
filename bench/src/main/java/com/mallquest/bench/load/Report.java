package com.mallquest.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The final report of a run: per operation the count, errors, throughput and latency percentiles
 * (in milliseconds, from HdrHistogram), errors by status, the cache's per-tier hit ratios over the
 * run, and the coin check. Rendered as text, or as JSON for scripts ({@code --json}).
 *
 * @param settings what was run
 * @param seconds the measured duration
 * @param operations per operation, and a {@code total} row
 * @param errorsByStatus errors by "operation status"
 * @param cache per cache: the hit ratios over the run (before/after delta of {@code /cache/stats})
 * @param coins the coin check, or {@code null} if no coins were credited
 */
public record Report(
    Map<String, Object> settings,
    double seconds,
    List<OperationStats> operations,
    Map<String, Long> errorsByStatus,
    Map<String, CacheDelta> cache,
    CoinAudit.Result coins) {

  /**
   * One operation's figures.
   *
   * @param operation the operation's label, or {@code total}
   * @param count requests sent
   * @param errors non-2xx answers and transport failures
   * @param perSecond requests per second over the run
   * @param p50Ms median latency
   * @param p90Ms 90th percentile
   * @param p99Ms 99th percentile
   * @param p999Ms 99.9th percentile
   * @param maxMs the slowest
   * @param meanMs the mean
   */
  public record OperationStats(
      String operation,
      long count,
      long errors,
      double perSecond,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      double p999Ms,
      double maxMs,
      double meanMs) {

    /** The figures of {@code latencies} (microseconds) over {@code seconds}. */
    public static OperationStats of(
        String operation, Histogram latencies, long errors, double seconds) {
      long n = latencies.getTotalCount();
      return new OperationStats(
          operation,
          n,
          errors,
          seconds > 0 ? n / seconds : 0,
          ms(latencies, n, 50),
          ms(latencies, n, 90),
          ms(latencies, n, 99),
          ms(latencies, n, 99.9),
          n == 0 ? 0 : latencies.getMaxValue() / 1000.0,
          n == 0 ? 0 : latencies.getMean() / 1000.0);
    }

    private static double ms(Histogram h, long n, double percentile) {
      return n == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  /**
   * One cache's activity during the run.
   *
   * @param requests reads
   * @param memoryHitRatio share answered by memory (values and cached misses)
   * @param redisHitRatio share answered by Redis
   * @param sourceRatio share loaded from the database
   * @param memorySizeAfter entries in memory at the end
   * @param memoryLimit the memory bound
   * @param redisAvailableAfter whether Redis was available at the end
   */
  public record CacheDelta(
      long requests,
      double memoryHitRatio,
      double redisHitRatio,
      double sourceRatio,
      long memorySizeAfter,
      long memoryLimit,
      boolean redisAvailableAfter) {}

  /** Builds the operation rows from {@code stats}, plus a total row. */
  public static List<OperationStats> operations(Stats stats, double seconds) {
    List<OperationStats> rows = new ArrayList<>();
    Histogram total = new Histogram(Stats.MAX_MICROS, 3);
    long totalErrors = 0;
    for (Operation op : Operation.values()) {
      Histogram h = stats.latencies(op);
      if (h.getTotalCount() == 0) {
        continue;
      }
      total.add(h);
      totalErrors += stats.errors(op);
      rows.add(OperationStats.of(op.label(), h, stats.errors(op), seconds));
    }
    rows.add(OperationStats.of("total", total, totalErrors, seconds));
    return rows;
  }

  /** The total row. */
  public OperationStats total() {
    return operations.get(operations.size() - 1);
  }

  /** The human-readable report. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(Locale.ROOT, "%n== MallQuest load report: %.1f s, %s%n", seconds, settings));
    b.append(
        String.format(
            Locale.ROOT,
            "%-9s %9s %7s %9s %8s %8s %8s %8s %8s%n",
            "operation",
            "count",
            "errors",
            "req/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "p99.9 ms",
            "max ms"));
    for (OperationStats o : operations) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-9s %9d %7d %9.1f %8.2f %8.2f %8.2f %8.2f %8.2f%n",
              o.operation(),
              o.count(),
              o.errors(),
              o.perSecond(),
              o.p50Ms(),
              o.p90Ms(),
              o.p99Ms(),
              o.p999Ms(),
              o.maxMs()));
    }
    b.append("errors by status: ")
        .append(errorsByStatus.isEmpty() ? "none" : errorsByStatus)
        .append('\n');
    cache.forEach(
        (name, c) ->
            b.append(
                String.format(
                    Locale.ROOT,
                    "cache %-8s reads %d: memory %.1f%%, redis %.1f%%, database %.1f%% (memory %d/%d, redis %s)%n",
                    name,
                    c.requests(),
                    100 * c.memoryHitRatio(),
                    100 * c.redisHitRatio(),
                    100 * c.sourceRatio(),
                    c.memorySizeAfter(),
                    c.memoryLimit(),
                    c.redisAvailableAfter() ? "available" : "unavailable")));
    if (coins != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "coin check: %s - %d shoppers checked, %d coins credited, %d found in balances, %d mismatched, %d uncertain, %d unreadable%n",
              coins.ok() ? "OK (zero lost, zero doubled)" : "MISMATCH",
              coins.checked(),
              coins.coinsCredited(),
              coins.coinsFound(),
              coins.mismatchCount(),
              coins.uncertain(),
              coins.unreadable()));
      coins.mismatches().forEach(m -> b.append("  ").append(m).append('\n'));
    }
    return b.toString();
  }

  /** The report as JSON. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("settings", settings);
    json.put("seconds", seconds);
    json.put("operations", operations);
    json.put("errorsByStatus", errorsByStatus);
    json.put("cache", cache);
    json.put("coins", coins);
    return MallClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(json);
  }
}
