package com.mallquest.bench.load;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load tool's own CPU per request, for each way {@link MallClient} can send, in one run: a
 * trivial HTTP server (another JVM, so that its CPU is not counted) answers a ~300-byte JSON body
 * after a fixed delay (the service's latency), and worker threads send 70% profile reads and 30%
 * purchase-like POSTs through each client in turn; the client JVM's process CPU time over the
 * measured window, divided by the requests answered, is the figure. Every client first runs
 * unmeasured with no delay, so that all are compiled before any is measured (at 300 requests a
 * second, the JIT's own CPU would otherwise dominate). Each round runs every client (in a rotating
 * order); the medians over the rounds are printed last, so one round still compiling or disturbed
 * by other work on the machine does not decide the figure.
 *
 * <ul>
 *   <li>{@code old}: {@code java.net.http} with a timeout per request, every body parsed into a
 *       tree: the client as it was.
 *   <li>{@code jdk-lazy}: {@code java.net.http} as before, bodies read only as the load tool needs.
 *   <li>{@code new}: {@link java.net.HttpURLConnection} (the default), bodies read as needed.
 * </ul>
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar com.mallquest.bench.load.ClientCpuComparison \
 *     --seconds 10 --warmup 10 --threads 16 --server-delay-ms 50 --rounds 3
 * </pre>
 */
@Command(
    name = "client-cpu-comparison",
    mixinStandardHelpOptions = true,
    description = "CPU per request of the load tool's HTTP clients against a trivial local server.")
public final class ClientCpuComparison implements Callable<Integer> {

  /** One way of sending, and what is read from each answer. */
  enum Variant {
    OLD("old", MallClient.Transport.JAVA_NET_HTTP, true),
    JDK_LAZY("jdk-lazy", MallClient.Transport.JAVA_NET_HTTP, false),
    NEW("new", MallClient.Transport.URL_CONNECTION, false);

    final String label;
    final MallClient.Transport transport;
    final boolean parseEveryBody;

    Variant(String label, MallClient.Transport transport, boolean parseEveryBody) {
      this.label = label;
      this.transport = transport;
      this.parseEveryBody = parseEveryBody;
    }
  }

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "Measured seconds per client per round (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description =
          "Seconds each client first sends with no delay, not measured (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(
      names = "--threads",
      defaultValue = "16",
      description = "Worker threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--server-delay-ms",
      defaultValue = "5",
      description = "The server's delay per answer (default: ${DEFAULT-VALUE}).")
  int serverDelayMs;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Rounds; medians are reported (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--serve",
      hidden = true,
      description = "Be the server: print the port, answer until killed.")
  boolean serve;

  /** A ~300-byte answer with the field a purchase's coin check reads. */
  static final byte[] BODY =
      ("{\"purchaseId\":\"0b7e3c1a-5f9d-4c2e-8a61-3d2f4b5c6d7e\",\"coinsEarned\":42,"
              + "\"xpEarned\":42,\"shopper\":{\"id\":\"bench-1234\",\"displayName\":\"bench-1234\",\"coins\":1234,"
              + "\"xp\":5678,\"level\":7,\"tier\":\"SILVER\",\"language\":\"en\",\"createdAt\":\"2025-01-01T00:00:00Z\","
              + "\"updatedAt\":\"2025-01-02T03:04:05Z\",\"badges\":[\"first-purchase\",\"early-bird\"]},\"replayed\":false}")
          .getBytes(StandardCharsets.UTF_8);

  /** Runs the comparison. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ClientCpuComparison()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (serve) {
      serve();
      return 0;
    }
    Process server = startServer();
    try {
      int port = readPort(server);
      URI base = URI.create("http://127.0.0.1:" + port);
      Map<Variant, List<Double>> cpu = new EnumMap<>(Variant.class);
      Variant[] variants = Variant.values();
      for (Variant v : variants) {
        measure(base, v, warmupSeconds, 0);
      }
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < variants.length; k++) {
          Variant v = variants[(round + k) % variants.length];
          Result r = measure(base, v, seconds, serverDelayMs);
          cpu.computeIfAbsent(v, x -> new ArrayList<>()).add(r.cpuMicrosPerRequest());
          System.out.printf(
              Locale.ROOT,
              "round %d %-9s %7.0f req/s  %6.1f µs CPU/request  JIT %5d ms  errors %d%n",
              round + 1,
              v.label,
              r.requests() / (double) seconds,
              r.cpuMicrosPerRequest(),
              r.jitMillis(),
              r.errors());
        }
      }
      System.out.printf(
          Locale.ROOT,
          "median of %d rounds, %d threads, server delay %d ms:%n",
          rounds,
          threads,
          serverDelayMs);
      double old = median(cpu.get(Variant.OLD));
      for (Variant v : variants) {
        double m = median(cpu.get(v));
        System.out.printf(
            Locale.ROOT,
            "  %-9s %6.1f µs CPU/request  (%.0f%% of old)%n",
            v.label,
            m,
            100 * m / old);
      }
      return 0;
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * One measurement.
   *
   * @param requests requests answered in the measured window
   * @param errors answers that were not 200 in it
   * @param cpuMicrosPerRequest the process's CPU time in it, per request
   * @param jitMillis time the JIT compilers spent in it: a round where it is large is still warming
   *     up (it is elapsed time, so it is shown, not subtracted)
   */
  record Result(long requests, long errors, double cpuMicrosPerRequest, long jitMillis) {}

  /** Runs {@code variant} for {@code measuredSeconds} after one second unmeasured. */
  private Result measure(URI base, Variant variant, int measuredSeconds, int delayMs)
      throws Exception {
    MallClient client =
        new MallClient(base, "comparison-key", Duration.ofSeconds(10), variant.transport);
    LongAdder requests = new LongAdder();
    LongAdder errors = new LongAdder();
    Worker[] workers = new Worker[threads];
    for (int i = 0; i < threads; i++) {
      workers[i] =
          new Worker(client, variant.parseEveryBody, "?delayMs=" + delayMs, requests, errors, i);
      workers[i].start();
    }
    // The first second opens the connections: a cost of the run's start, not of each request.
    TimeUnit.SECONDS.sleep(1);
    long cpu0 = processCpuNanos();
    long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    long n0 = requests.sum();
    long e0 = errors.sum();
    TimeUnit.SECONDS.sleep(measuredSeconds);
    long cpu1 = processCpuNanos();
    long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
    long n = requests.sum() - n0;
    long e = errors.sum() - e0;
    for (Worker w : workers) {
      w.running = false;
    }
    for (Worker w : workers) {
      w.join();
    }
    return new Result(n, e, n == 0 ? 0 : (cpu1 - cpu0) / 1000.0 / n, jit);
  }

  /** Sends 7 reads, then 3 purchases, and again, until stopped; reads what the load tool reads. */
  private static final class Worker extends Thread {
    private final MallClient client;
    private final boolean parseEveryBody;
    private final String query;
    private final LongAdder requests;
    private final LongAdder errors;
    private final int id;
    volatile boolean running = true;

    /** What was read, kept so that the reading is not optimised away. */
    long sink;

    Worker(
        MallClient client,
        boolean parseEveryBody,
        String query,
        LongAdder requests,
        LongAdder errors,
        int id) {
      super("comparison-" + id);
      setDaemon(true);
      this.client = client;
      this.parseEveryBody = parseEveryBody;
      this.query = query;
      this.requests = requests;
      this.errors = errors;
      this.id = id;
    }

    @Override
    public void run() {
      long receipts = 0;
      for (int i = 0; running; i++) {
        MallClient.Response r;
        if (i % 10 < 7) {
          r = client.get("/api/v1/shoppers/bench-" + (i % 1000) + query);
        } else {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("shopperId", "bench-" + (i % 1000));
          body.put("storeId", "bench-s1");
          body.put("receiptId", "R-" + id + "-" + receipts++);
          body.put("amountMinor", 1234);
          body.put("currency", "USD");
          r = client.post("/api/v1/purchases" + query, body);
          if (!parseEveryBody) {
            sink += r.topLevelLong("coinsEarned").orElse(0);
          }
        }
        if (parseEveryBody) {
          sink += r.body().size();
        }
        requests.increment();
        if (r.status() != 200) {
          errors.increment();
        }
      }
    }
  }

  // ---------------------------------------------------------------- the server, in its own JVM

  private Process startServer() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // TCP_NODELAY as Tomcat has it: with Nagle's algorithm on, the JDK server's answer (headers,
    // then
    // body, two writes) waits ~40 ms for the client's delayed ACK, and the comparison measures
    // that.
    return new ProcessBuilder(
            java,
            "-Xmx128m",
            "-Dsun.net.httpserver.nodelay=true",
            "-cp",
            System.getProperty("java.class.path"),
            ClientCpuComparison.class.getName(),
            "--serve",
            "--threads",
            Integer.toString(threads))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static int readPort(Process server) throws IOException {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line = lines.readLine();
    if (line == null) {
      throw new IllegalStateException(
          "the server did not start (exit " + server.onExit().join().exitValue() + ")");
    }
    return Integer.parseInt(line.trim());
  }

  /** Answers {@link #BODY} to everything, after the query's {@code delayMs}. */
  private void serve() throws IOException, InterruptedException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // A thread per client thread, so that the delay is latency and not queueing.
    server.setExecutor(Executors.newFixedThreadPool(threads + 4));
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            ex.getRequestBody().readAllBytes();
            String query = ex.getRequestURI().getRawQuery();
            int delayMs =
                query != null && query.startsWith("delayMs=")
                    ? Integer.parseInt(query.substring(8))
                    : 0;
            if (delayMs > 0) {
              TimeUnit.MILLISECONDS.sleep(delayMs);
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, BODY.length);
            ex.getResponseBody().write(BODY);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
    System.out.println(server.getAddress().getPort());
    System.out.flush();
    Thread.currentThread().join();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
