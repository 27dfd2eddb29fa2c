package com.mallquest.bench.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays the public traces through plain LRU, Belady's OPT and SmartCache's memory tier and prints
 * one table of hit ratios.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar com.mallquest.bench.sim.HitRatioSimulator [--traces DIR] [--markdown]
 * </pre>
 */
@Command(
    name = "hit-ratio-simulator",
    mixinStandardHelpOptions = true,
    description = "Hit ratios of LRU, OPT and SmartCache's memory tier on the public traces.")
public final class HitRatioSimulator implements Callable<Integer> {

  /**
   * One row to simulate.
   *
   * @param trace the trace name
   * @param size the cache size in entries
   */
  public record Case(String trace, int size) {}

  /**
   * One row of the table.
   *
   * @param trace the trace name
   * @param size the cache size in entries
   * @param accesses the trace's length
   * @param lru LRU's hit ratio, percent
   * @param opt OPT's hit ratio, percent
   * @param memoryTier SmartCache's memory tier's hit ratio, percent
   */
  public record Row(
      String trace, int size, int accesses, double lru, double opt, double memoryTier) {

    /** The memory tier minus LRU, in percentage points. */
    public double deltaVsLru() {
      return memoryTier - lru;
    }
  }

  /** The README's reference rows, then the other LIRS traces and Caffeine's adaptivity trace. */
  public static final List<Case> CASES =
      List.of(
          new Case("OLTP", 1000),
          new Case("OLTP", 2000),
          new Case("OLTP", 10000),
          new Case("gli", 1000),
          new Case("gli", 2000),
          new Case("loop", 1000),
          new Case("multi2", 1000),
          new Case("multi2", 2000),
          new Case("sprite", 500),
          new Case("2_pools", 1000),
          new Case("scan", 1000),
          new Case("web07", 1000),
          new Case("corda", 1024),
          new Case("multi1", 1000),
          new Case("multi3", 2000),
          new Case("cs", 500),
          new Case("cpp", 500),
          new Case("ps", 1000),
          new Case("zigzag", 1000),
          new Case("backf", 500),
          new Case("adaptivity", 512));

  @Option(
      names = "--traces",
      description = "The traces directory (default: -Dmallquest.traces or MALLQUEST_TRACES).")
  private Path tracesDir;

  @Option(names = "--markdown", description = "Print a Markdown table.")
  private boolean markdown;

  @Option(names = "--trace", description = "Only these traces (repeatable).")
  private List<String> only = new ArrayList<>();

  /** Runs the simulator. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new HitRatioSimulator()).execute(args));
  }

  @Override
  public Integer call() {
    Path dir =
        tracesDir != null
            ? tracesDir
            : Traces.locate()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "no traces directory: pass --traces, -Dmallquest.traces or MALLQUEST_TRACES"));
    Traces traces = new Traces(dir);
    System.out.println(
        markdown
            ? "| trace | size | accesses | LRU % | OPT % | SmartCache % | delta vs LRU (pp) |\n|---|---:|---:|---:|---:|---:|---:|"
            : String.format(
                Locale.ROOT,
                "%-11s %6s %9s %7s %7s %11s %9s",
                "trace",
                "size",
                "accesses",
                "LRU",
                "OPT",
                "SmartCache",
                "delta"));
    Map<String, long[]> loaded = new LinkedHashMap<>();
    for (Case c : CASES) {
      if (!only.isEmpty() && !only.contains(c.trace())) {
        continue;
      }
      long[] keys = loaded.computeIfAbsent(c.trace(), name -> traces.keys(Traces.named(name)));
      Row row = simulate(c, keys);
      System.out.println(format(row, markdown));
    }
    return 0;
  }

  /** One row: the three policies over {@code keys} at {@code c.size()}. */
  public static Row simulate(Case c, long[] keys) {
    return new Row(
        c.trace(),
        c.size(),
        keys.length,
        percent(Policies.lru(keys, c.size()), keys.length),
        percent(Policies.opt(keys, c.size()), keys.length),
        percent(Policies.memoryTier(keys, c.size()), keys.length));
  }

  /** Hits over accesses, in percent. */
  public static double percent(long hits, int accesses) {
    return accesses == 0 ? 0 : 100.0 * hits / accesses;
  }

  static String format(Row r, boolean markdown) {
    if (markdown) {
      return String.format(
          Locale.ROOT,
          "| %s | %d | %,d | %.2f | %.2f | %.2f | %+.2f |",
          r.trace(),
          r.size(),
          r.accesses(),
          r.lru(),
          r.opt(),
          r.memoryTier(),
          r.deltaVsLru());
    }
    return String.format(
        Locale.ROOT,
        "%-11s %6d %9d %7.2f %7.2f %11.2f %+9.2f",
        r.trace(),
        r.size(),
        r.accesses(),
        r.lru(),
        r.opt(),
        r.memoryTier(),
        r.deltaVsLru());
  }
}
