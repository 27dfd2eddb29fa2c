package com.mallquest.bench.load;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Drives a running MallQuest over HTTP: creates stores and shoppers (parallel POSTs, or the bulk
 * import), then sends a mix of profile reads, purchases, check-ins and other reads over
 * Zipf-distributed shoppers for a duration or a count, at a concurrency; prints a progress line
 * each second and a final report (latency percentiles per operation, throughput, errors by status,
 * the cache's per-tier hit ratios over the run), and checks that the coins the service said it
 * credited equal the change in the shoppers' balances. Exit code 1 if they do not, 2 if the setup
 * failed.
 *
 * <p>The parts: {@link LoadOptions} (the command line), {@link LoadSetup} (stores, shoppers,
 * starting balances), {@link LoadRunner} (the run and the coin check), {@link Report} with {@link
 * CacheStatsDelta}.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * MALLQUEST_API_KEY=... java -cp bench/target/benchmarks.jar com.mallquest.bench.load.LoadTool \
 *     --url http://127.0.0.1:8080 --shoppers 10000 --duration 60s --concurrency 16 --json report.json
 * </pre>
 */
@Command(
    name = "mallquest-load",
    mixinStandardHelpOptions = true,
    description = "HTTP load against a running MallQuest, with a coin check at the end.")
public final class LoadTool implements Callable<Integer> {

  @Mixin LoadOptions options = new LoadOptions();

  private final PrintStream out;
  private final PrintStream err;

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
    if (options.apiKey == null || options.apiKey.isBlank()) {
      err.println("an ADMIN key is needed: --api-key or MALLQUEST_API_KEY");
      return 2;
    }
    if (options.shoppers < 1 || options.stores < 1 || options.concurrency < 1) {
      err.println("--shoppers, --stores and --concurrency must be at least 1");
      return 2;
    }
    MallClient client = new MallClient(options.url, options.apiKey, options.timeout);
    CoinAudit audit = new CoinAudit(options.shoppers);
    ExecutorService pool =
        Executors.newFixedThreadPool(options.concurrency, Workers.daemon("load"));
    try {
      if (!new LoadSetup(options, client, audit, pool, err).prepare(options.credits())) {
        return 2;
      }
      Report report = new LoadRunner(options, client, audit, pool, err).run();
      out.print(report.toText());
      if (options.jsonFile != null) {
        Files.writeString(options.jsonFile, report.toJson());
        out.println("report written to " + options.jsonFile);
      }
      return report.coins() != null && !report.coins().ok() ? 1 : 0;
    } finally {
      pool.shutdownNow();
    }
  }
}
