package com.mallquest.bench.load;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Before a run: creates the stores and shoppers (parallel POSTs, 409 = reuse, or the bulk import),
 * and reads the balances the coin check starts from when some shoppers existed already.
 */
final class LoadSetup {

  private final LoadOptions options;
  private final MallClient client;
  private final CoinAudit audit;
  private final ExecutorService pool;
  private final PrintStream err;

  LoadSetup(
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

  /** Prepares the stores and shoppers; false (after printing why) if the run cannot start. */
  boolean prepare(boolean credits) throws Exception {
    if (options.skipSetup) {
      if (credits) {
        readBalances();
      }
      return true;
    }
    long start = System.nanoTime();
    AtomicInteger failures = new AtomicInteger();
    parallel(
        options.stores,
        "stores",
        i -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("id", options.storeId(i));
          body.put("name", "Bench store " + i);
          body.put("category", "fashion");
          body.put("floor", "L1");
          body.put("coinMultiplier", 1.0);
          MallClient.Response r = client.post("/api/v1/stores", body);
          if (!r.ok() && r.status() != 409) {
            failures.incrementAndGet();
            err.println(
                "store "
                    + options.storeId(i)
                    + ": "
                    + r.statusLabel()
                    + " "
                    + (r.error() != null ? r.error() : r.body()));
          }
        });
    if (failures.get() > 0) {
      return false;
    }
    boolean needBalances = options.useImport ? importShoppers() : createShoppers(failures);
    if (failures.get() > 0) {
      err.println(failures.get() + " shoppers could not be created");
      return false;
    }
    if (credits && needBalances) {
      readBalances();
    }
    err.printf(
        Locale.ROOT,
        "setup: %d stores, %d shoppers in %.1f s%n",
        options.stores,
        options.shoppers,
        (System.nanoTime() - start) / 1e9);
    return true;
  }

  /** One POST per shopper; returns whether some existed already (their balances must be read). */
  private boolean createShoppers(AtomicInteger failures) throws Exception {
    AtomicInteger existing = new AtomicInteger();
    parallel(
        options.shoppers,
        "shoppers",
        i -> {
          MallClient.Response r =
              client.post("/api/v1/shoppers", Map.of("id", options.shopperId(i)));
          if (r.status() == 409) {
            existing.incrementAndGet();
          } else if (r.ok()) {
            audit.before(i, r.body().path("coins").asLong());
          } else {
            if (failures.incrementAndGet() <= 5) {
              err.println(
                  "shopper "
                      + options.shopperId(i)
                      + ": "
                      + r.statusLabel()
                      + " "
                      + (r.error() != null ? r.error() : r.body()));
            }
          }
        });
    return existing.get() > 0;
  }

  /** Streams NDJSON to the bulk import; returns whether rows were skipped (they existed). */
  private boolean importShoppers() {
    int n = options.shoppers;
    Enumeration<InputStream> lines =
        new Enumeration<>() {
          private int next;

          @Override
          public boolean hasMoreElements() {
            return next < n;
          }

          @Override
          public InputStream nextElement() {
            String id = options.shopperId(next++);
            String line = "{\"id\":\"" + id + "\",\"displayName\":\"" + id + "\"}\n";
            return new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8));
          }
        };
    long start = System.nanoTime();
    MallClient.Response r =
        client.postStream(
            "/api/v1/shoppers/import",
            "application/x-ndjson",
            () -> new SequenceInputStream(lines));
    err.printf(
        Locale.ROOT,
        "import: %s in %.1f s: %s%n",
        r.statusLabel(),
        (System.nanoTime() - start) / 1e9,
        r.error() != null ? r.error() : r.body());
    if (!r.ok()) {
      throw new IllegalStateException("bulk import failed: " + r.statusLabel());
    }
    return r.body().path("skipped").asLong(0) > 0 || r.body().path("rejected").asLong(0) > 0;
  }

  private void readBalances() throws Exception {
    AtomicInteger missing = new AtomicInteger();
    parallel(
        options.shoppers,
        "balances",
        i -> {
          MallClient.Response r = client.get("/api/v1/shoppers/" + options.shopperId(i));
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

  private void parallel(int n, String what, IntConsumer task) throws Exception {
    Workers.parallel(pool, options.concurrency, options.quiet, err, n, what, task);
  }
}
