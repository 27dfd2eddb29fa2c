package com.mallquest.mall.bench;

import static org.awaitility.Awaitility.await;

import com.mallquest.mall.MallQuestApplication;
import com.mallquest.mall.support.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Webhook throughput, for docs/BENCHMARKS.md: the service in this JVM (H2 in memory, or the
 * PostgreSQL URL given as first argument), a fast JDK HttpServer receiver on 127.0.0.1 (204 at
 * once). Phase 1: purchases over HTTP from 8 threads with no subscription. Phase 2: the same with 3
 * active subscriptions (purchase.recorded, shopper.level_up, all types); reports purchases/s and
 * deliveries/s (from the phase's start until the receivers accepted every delivery) and the drain
 * after the load. Not a test: a measurement on whatever machine runs it.
 *
 * <pre>
 * ./mvnw -o -q -pl mall test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp mall/target/test-classes:mall/target/classes:$(cat /tmp/cp.txt) \
 *     com.mallquest.mall.bench.WebhookThroughput [jdbc-url] [purchases]
 * </pre>
 */
public final class WebhookThroughput {

  private static final String KEY = "bench-admin-key-" + UUID.randomUUID();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int THREADS = 8;
  private static final int SHOPPERS = 200;

  private WebhookThroughput() {}

  /** Runs it. */
  public static void main(String[] args) throws Exception {
    String url =
        args.length > 0 && !args[0].isEmpty()
            ? args[0]
            : "jdbc:h2:mem:bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    int purchases = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    List<String> props =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--mallquest.security.admin-key=" + KEY,
                "--mallquest.webhooks.allow-http-loopback=true",
                "--logging.level.root=WARN",
                "--spring.main.banner-mode=off"));
    if (url.startsWith("jdbc:postgresql")) {
      props.add("--spring.datasource.username=postgres");
      props.add("--spring.datasource.password=");
    }
    try (ConfigurableApplicationContext context =
            new SpringApplicationBuilder(MallQuestApplication.class)
                .run(props.toArray(String[]::new));
        WebhookReceiver a = new WebhookReceiver();
        WebhookReceiver b = new WebhookReceiver();
        WebhookReceiver c = new WebhookReceiver()) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      String base = "http://127.0.0.1:" + port;
      String run = UUID.randomUUID().toString().substring(0, 8);
      post(
          base,
          "/api/v1/stores",
          "{\"id\":\"bench-"
              + run
              + "\",\"name\":\"Bench\",\"category\":\"food\","
              + "\"floor\":\"G\"}");
      for (int i = 0; i < SHOPPERS; i++) {
        post(base, "/api/v1/shoppers", "{\"id\":\"b-" + run + "-" + i + "\"}");
      }
      load(base, run, "warm", purchases / 5);
      double none = load(base, run, "none", purchases);
      System.out.printf(
          "no subscription: %d purchases in %.2f s = %.0f purchases/s%n",
          purchases, purchases / none, none);

      post(
          base,
          "/api/v1/webhooks",
          "{\"url\":\"" + a.url() + "\",\"eventTypes\":[\"purchase.recorded\"]}");
      post(
          base,
          "/api/v1/webhooks",
          "{\"url\":\""
              + b.url()
              + "\",\"eventTypes\":[\"shopper.level_up\","
              + "\"purchase.recorded\"]}");
      post(
          base,
          "/api/v1/webhooks",
          "{\"url\":\""
              + c.url()
              + "\",\"eventTypes\":[\"purchase.recorded\","
              + "\"purchase.refunded\",\"shopper.level_up\",\"shopper.tier_changed\",\"checkin.recorded\","
              + "\"mission.completed\",\"companion.acquired\",\"companion.evolved\",\"reward.redeemed\"]}");
      long start = System.nanoTime();
      double three = load(base, run, "three", purchases);
      long loadEnd = System.nanoTime();
      int atLoadEnd = count(a, b, c);
      int expected = purchases * 3; // purchase.recorded to each; level-ups come on top
      await("every delivery accepted")
          .atMost(Duration.ofMinutes(30))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> count(a, b, c) >= expected);
      int total = count(a, b, c);
      long end = System.nanoTime();
      System.out.printf(
          "3 subscriptions: %d purchases in %.2f s = %.0f purchases/s (%.0f%% of none)%n",
          purchases, purchases / three, three, 100 * three / none);
      System.out.printf(
          "deliveries: %d accepted in %.2f s from the load's start = %.0f deliveries/s;"
              + " %d already accepted when the load ended, the rest drained in %.2f s%n",
          total,
          (end - start) / 1e9,
          total / ((end - start) / 1e9),
          atLoadEnd,
          (end - loadEnd) / 1e9);
    }
    System.exit(0);
  }

  private static int count(WebhookReceiver... receivers) {
    int n = 0;
    for (WebhookReceiver r : receivers) {
      n += r.accepted().size();
    }
    return n;
  }

  /** Purchases from 8 threads; returns purchases per second. */
  private static double load(String base, String run, String phase, int purchases)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      done.add(
          threads.submit(
              () -> {
                for (int n = next.getAndIncrement(); n < purchases; n = next.getAndIncrement()) {
                  post(
                      base,
                      "/api/v1/purchases",
                      "{\"shopperId\":\"b-"
                          + run
                          + "-"
                          + (n % SHOPPERS)
                          + "\",\"storeId\":\"bench-"
                          + run
                          + "\",\"receiptId\":\""
                          + phase
                          + "-"
                          + n
                          + "\",\"amountMinor\":1999,\"currency\":\"USD\"}");
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    threads.shutdown();
    return purchases / ((System.nanoTime() - start) / 1e9);
  }

  private static void post(String base, String path, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("X-Api-Key", KEY)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
    }
  }
}
