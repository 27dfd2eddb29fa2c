package com.mallquest.mall.bench;

import com.mallquest.mall.adapter.ratelimit.ApiKeyRateLimiter;
import com.mallquest.smartcache.RedisServerProcess;
import io.github.bucket4j.TimeMeter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * CPU per rate-limit decision, for docs/BENCHMARKS.md: {@link ApiKeyRateLimiter} per instance, and
 * cluster-wide on a redis-server of its own (one Lua script per decision, ADR 0024), from one
 * limiter and from two (as two instances sharing the key's bucket). 16 threads decide for one API
 * key (the worst case: every request contends for one bucket) with a limit nobody reaches (timeout
 * 1 s: a loaded machine must not make it fall back mid-run); reports decisions/s, this JVM's CPU
 * (all threads, Lettuce's included) and redis-server's CPU per decision. Modes alternate over the
 * rounds. Not a test: a measurement.
 *
 * <pre>
 * ./mvnw -o -q -pl mall test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp mall/target/test-classes:mall/target/classes:$(cat /tmp/cp.txt) \
 *     com.mallquest.mall.bench.RateLimitCost [rounds, default 5] [decisions per run, default 200000]
 * </pre>
 */
public final class RateLimitCost {

  private static final int THREADS = 16;

  private RateLimitCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int decisions = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int port = RedisServerProcess.freePort();
    Process redisProcess =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      awaitPing(port);
      String url = "redis://127.0.0.1:" + port;
      long redisPid = redisProcess.pid();
      for (int round = 1; round <= rounds; round++) {
        List<String> modes =
            round % 2 == 1
                ? List.of("local", "cluster-wide", "two-instances")
                : List.of("two-instances", "cluster-wide", "local");
        for (String mode : modes) {
          run(mode, url, redisPid, decisions, round);
        }
      }
    } finally {
      redisProcess.destroyForcibly();
    }
  }

  private static void awaitPing(int port) {
    org.awaitility.Awaitility.await("redis-server on port " + port)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                s.getOutputStream()
                    .write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return s.getInputStream().read() == '+';
              }
            });
  }

  private static void run(String mode, String url, long redisPid, int decisions, int round)
      throws Exception {
    // "two-instances": two limiters on one namespace, as two service instances sharing a key's
    // bucket; each thread decides on one of them.
    int instances = mode.equals("two-instances") ? 2 : 1;
    List<ApiKeyRateLimiter> limiters = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        limiters.add(
            mode.equals("local")
                ? ApiKeyRateLimiter.perInstance(1000)
                : ApiKeyRateLimiter.shared(
                    url,
                    false,
                    "bench-rl-" + round + mode,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    1000,
                    TimeMeter.SYSTEM_MILLISECONDS));
      }
      for (ApiKeyRateLimiter limiter : limiters) {
        while (limiter.sharedConfigured() && !limiter.clusterWide()) {
          limiter.tryConsume("warm", 100_000_000);
          Thread.onSpinWait();
        }
      }
      decide(limiters, decisions / 4); // warm-up
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long redis0 = cpuNanos(redisPid);
      long t0 = System.nanoTime();
      decide(limiters, decisions);
      long wall = System.nanoTime() - t0;
      long cpu = os.getProcessCpuTime() - cpu0;
      long redisCpu = cpuNanos(redisPid) - redis0;
      for (ApiKeyRateLimiter limiter : limiters) {
        if (limiter.sharedConfigured() && !limiter.clusterWide()) {
          throw new IllegalStateException(
              mode + ": fell back to per-instance buckets during the run");
        }
      }
      System.out.printf(
          "RESULT round=%d mode=%s decisions/s=%.0f jvm_cpu_us_per_decision=%.2f"
              + " redis_cpu_us_per_decision=%.2f%n",
          round, mode, decisions / (wall / 1e9), cpu / 1e3 / decisions, redisCpu / 1e3 / decisions);
    } finally {
      limiters.forEach(ApiKeyRateLimiter::close);
    }
  }

  /** {@link #THREADS} threads, thread t deciding on limiter t mod their number. */
  private static void decide(List<ApiKeyRateLimiter> limiters, int decisions) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        ApiKeyRateLimiter limiter = limiters.get(t % limiters.size());
        running.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < decisions / THREADS; i++) {
                    if (!limiter.tryConsume("bench-key", 100_000_000).isConsumed()) {
                      throw new IllegalStateException("limited");
                    }
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      threads.shutdown();
    }
  }

  private static long cpuNanos(long pid) throws IOException {
    String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    // utime and stime are fields 14 and 15; after "pid (comm) " they are at index 11 and 12.
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
  }
}
