package com.mallquest.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The load tool's threads: daemon thread factories and a parallel loop over indexes with progress.
 */
final class Workers {

  private Workers() {}

  /**
   * Runs {@code task} for 0..n-1 on {@code concurrency} workers of {@code pool}; unless {@code
   * quiet}, prints {@code what: done/n} to {@code err} every second.
   */
  static void parallel(
      ExecutorService pool,
      int concurrency,
      boolean quiet,
      PrintStream err,
      int n,
      String what,
      IntConsumer task)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(daemon("setup-progress"));
    if (!quiet) {
      ticker.scheduleAtFixedRate(
          () -> err.printf(Locale.ROOT, "  %s: %d/%d%n", what, done.get(), n),
          1,
          1,
          TimeUnit.SECONDS);
    }
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      workers.add(
          pool.submit(
              () -> {
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

  /** Daemon threads named {@code name-1}, {@code name-2}, ... */
  static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
