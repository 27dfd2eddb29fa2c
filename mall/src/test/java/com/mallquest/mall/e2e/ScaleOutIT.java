package com.mallquest.mall.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.support.PostgresTestSupport;
import com.mallquest.smartcache.RedisClusterProcess;
import com.mallquest.smartcache.RedisServerProcess;
import com.mallquest.smartcache.RedisTestSupport;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Three instances of the packaged jar on one PostgreSQL schema and a Redis Cluster of three masters
 * and three replicas of the test's own (ADR 0021; {@code -Dscaleout.redis=standalone}: one
 * redis-server of its own instead), behind HAProxy (round robin, readiness checks, retries only of
 * connections that failed). Purchases, profile reads and reward redemptions from several threads
 * through HAProxy, while one instance is killed with SIGKILL (HAProxy takes it out), one Redis
 * master is killed with SIGKILL (its replica takes over; standalone: Redis is killed and restarted)
 * and the killed instance is started again (HAProxy takes it back and it serves).
 *
 * <p>Afterwards: every acknowledged purchase is in the database exactly once, every unanswered one
 * is retried with the same receipt and then recorded exactly once, none that was refused is there;
 * every shopper's coins equal their ledger and their purchases minus their redemptions; the
 * reward's stock is never oversold (exactly its stock was redeemed, each acknowledged redemption
 * once); reconciliation reports no mismatch on any instance; a write through HAProxy is seen by a
 * direct read on every instance within the outbox's bound (how long after the write the latest
 * stale read started is printed against the 100 ms coherence target: a speed target, as in
 * CoherenceIT, measured and printed, not asserted, since a busy machine stretches it); every
 * instance serves every shopper and board as the database has them.
 */
class ScaleOutIT {

  private static final String KEY = "scale-admin-key-" + UUID.randomUUID();
  private static final String NAMESPACE = "scale-" + UUID.randomUUID().toString().substring(0, 8);
  private static final int INSTANCES = 3;
  private static final int SHOPPERS = 20;
  private static final int THREADS = 6;
  private static final long REWARD_STOCK = 40;
  private static final long REWARD_PRICE = 20;

  /**
   * Cross-instance coherence target while Redis is up (docs/ARCHITECTURE.md, p99, measured by
   * CoherenceIT and the benchmarks): printed against, not asserted.
   */
  private static final Duration COHERENCE_TARGET = Duration.ofMillis(100);

  /** Writes whose reads on every instance {@link #coherence} follows. */
  private static final int COHERENCE_TRIALS = 20;

  /** The outbox's bound after a restart (ADR 0015): every instance serves the database's state. */
  private static final Duration RESTART_BOUND = Duration.ofSeconds(5);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private static boolean cluster;
  private static String schema;
  private static String redisUrl;
  private static RedisClusterProcess redisCluster;
  private static RedisServerProcess redisStandalone;
  private static HaproxyProcess haproxy;
  private static final ServiceProcess[] instances = new ServiceProcess[INSTANCES];
  private static FleetChecks checks;

  /** What a request got. */
  private enum Outcome {
    ACKNOWLEDGED,
    REFUSED,
    NO_RESPONSE
  }

  @BeforeAll
  static void setUp() throws Exception {
    cluster = !"standalone".equals(System.getProperty("scaleout.redis", "cluster"));
    RedisTestSupport.require(
        HaproxyProcess.binary() != null, "haproxy is not installed (apt-get install haproxy)");
    RedisTestSupport.require(
        RedisClusterProcess.installed(), "redis-server and redis-cli are not installed");
    PostgresTestSupport.requirePostgres();
    schema = PostgresTestSupport.createSchema();
    checks = new FleetChecks(schema, KEY);
    if (cluster) {
      redisCluster = RedisClusterProcess.start();
      redisUrl = redisCluster.url();
    } else {
      redisStandalone = RedisServerProcess.start();
      redisUrl = redisStandalone.url();
    }
  }

  @AfterAll
  static void cleanUp() throws InterruptedException {
    for (ServiceProcess s : instances) {
      if (s != null) {
        s.stop();
      }
    }
    if (haproxy != null) {
      haproxy.close();
    }
    if (redisCluster != null) {
      redisCluster.close();
    }
    if (redisStandalone != null) {
      redisStandalone.kill();
    }
    if (schema != null) {
      PostgresTestSupport.dropSchema(schema);
    }
  }

  private static Map<String, String> environment() {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "SPRING_DATASOURCE_URL",
                PostgresTestSupport.urlOf(schema),
                "SPRING_DATASOURCE_USERNAME",
                "postgres",
                "SPRING_DATASOURCE_PASSWORD",
                "",
                "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE",
                "6",
                "MALLQUEST_REDIS_URL",
                redisUrl,
                "MALLQUEST_REDIS_NAMESPACE",
                NAMESPACE,
                "MALLQUEST_SECURITY_ADMIN_KEY",
                KEY,
                // A redemption the killed instance had claimed blocks its Idempotency-Key this long
                // (default 60 s).
                "MALLQUEST_IDEMPOTENCY_INFLIGHTTIMEOUT",
                "3s"));
    if (cluster) {
      env.put("MALLQUEST_REDIS_CLUSTER", "true");
    }
    return env;
  }

  @Test
  void
      threeInstancesBehindHaproxy_survivingAKilledInstanceAndAKilledRedisMaster_loseAndDoubleNothing()
          throws Exception {
    long started = System.nanoTime();
    instances[0] = ServiceProcess.start(environment());
    ExecutorService starting = Executors.newFixedThreadPool(INSTANCES - 1);
    List<Future<ServiceProcess>> others = new ArrayList<>();
    for (int i = 1; i < INSTANCES; i++) {
      others.add(starting.submit(() -> ServiceProcess.start(environment())));
    }
    for (int i = 1; i < INSTANCES; i++) {
      instances[i] = others.get(i - 1).get(240, TimeUnit.SECONDS);
    }
    starting.shutdown();
    Map<String, Integer> servers = new LinkedHashMap<>();
    for (int i = 0; i < INSTANCES; i++) {
      servers.put("i" + i, instances[i].port());
    }
    haproxy = HaproxyProcess.start(servers);
    awaitStatus(
        "every instance UP in HAProxy", Duration.ofSeconds(30), "i0", "UP", "i1", "UP", "i2", "UP");
    long startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(
            post(
                    "/api/v1/stores",
                    "{\"id\":\"scale-store\",\"name\":\"Scale\",\"category\":\"food\","
                        + "\"floor\":\"G\"}",
                    null)
                .statusCode())
        .isEqualTo(201);
    assertThat(
            post(
                    "/api/v1/rewards",
                    "{\"id\":\"scale-reward\",\"name\":{\"en\":\"Mug\"},\"description\":"
                        + "{\"en\":\"A mug\"},\"priceCoins\":"
                        + REWARD_PRICE
                        + ",\"stock\":"
                        + REWARD_STOCK
                        + "}",
                    null)
                .statusCode())
        .isEqualTo(201);
    List<String> shoppers = new ArrayList<>();
    for (int i = 0; i < SHOPPERS; i++) {
      shoppers.add("scale-" + i);
      assertThat(post("/api/v1/shoppers", "{\"id\":\"scale-" + i + "\"}", null).statusCode())
          .isEqualTo(201);
    }
    checks.boardsInRedis(instances[1]);

    Load load = new Load(shoppers);
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> running = new ArrayList<>();
    String killedRedis;
    long instanceDownMillis;
    long failoverMillis;
    long rejoinMillis;
    try {
      for (int t = 0; t < THREADS; t++) {
        running.add(threads.submit(load::run));
      }
      load.awaitMorePurchases(100);

      // 1. An instance dies: HAProxy takes it out, the others carry the load.
      ServiceProcess victim = instances[0];
      int victimPort = victim.port();
      long t0 = System.nanoTime();
      victim.kill();
      awaitStatus("HAProxy took i0 out", Duration.ofSeconds(10), "i0", "DOWN");
      instanceDownMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      load.awaitMorePurchases(50);

      // 2. A Redis master dies: its replica takes over (standalone: Redis is away for a while).
      t0 = System.nanoTime();
      if (cluster) {
        int master = redisCluster.killMasterOf("scale-0");
        killedRedis = "master 127.0.0.1:" + master;
        redisCluster.awaitPromoted("scale-0", master);
      } else {
        killedRedis = "standalone 127.0.0.1:" + redisStandalone.port();
        redisStandalone.kill();
        load.awaitMorePurchases(30);
        redisStandalone.restart();
      }
      failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      load.awaitMorePurchases(50);

      // 3. The killed instance starts again where HAProxy expects it, is taken back and serves.
      t0 = System.nanoTime();
      long servedBefore = haproxy.sessionsPerServer().get("i0");
      instances[0] = ServiceProcess.start(environment(), victimPort);
      awaitStatus("HAProxy took i0 back", Duration.ofSeconds(30), "i0", "UP");
      rejoinMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      await("i0 serves requests through HAProxy")
          .atMost(Duration.ofSeconds(30))
          .until(() -> haproxy.sessionsPerServer().get("i0") >= servedBefore + 20);
      load.awaitMorePurchases(50);
    } finally {
      load.stop.set(true);
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
      threads.shutdownNow();
    }
    assertThat(load.failures).as("unexpected answers").isEmpty();

    // Unanswered requests are retried with the same receipt / Idempotency-Key.
    int purchasesRetried = 0;
    int purchasesCommittedBefore = 0;
    for (Map.Entry<String, Outcome> e : load.purchases.entrySet()) {
      if (e.getValue() == Outcome.NO_RESPONSE) {
        HttpResponse<String> retry = post("/api/v1/purchases", load.bodies.get(e.getKey()), null);
        assertThat(retry.statusCode())
            .as("retry of %s: %s", e.getKey(), retry.body())
            .isIn(200, 201);
        purchasesRetried++;
        purchasesCommittedBefore += retry.statusCode() == 200 ? 1 : 0;
        e.setValue(Outcome.ACKNOWLEDGED);
      }
    }
    for (Map.Entry<String, Outcome> e : load.redemptions.entrySet()) {
      if (e.getValue() == Outcome.NO_RESPONSE) {
        e.setValue(retryRedemption(e.getKey(), load.redeemers.get(e.getKey())));
      }
    }
    // Whatever stock the load left is redeemed now, until the reward says it is out of stock.
    drainStock(load, shoppers);

    Map<String, Long> stored = checks.purchasesPerReceipt();
    load.purchases.forEach(
        (receipt, outcome) ->
            assertThat(stored.getOrDefault(receipt, 0L))
                .as("purchase %s (%s) in the database", receipt, outcome)
                .isEqualTo(outcome == Outcome.REFUSED ? 0 : 1));
    assertThat(stored.keySet()).as("no purchase nobody sent").isSubsetOf(load.purchases.keySet());
    Map<String, Long> redeemed = redemptionsPerKey();
    load.redemptions.forEach(
        (key, outcome) ->
            assertThat(redeemed.getOrDefault(key, 0L))
                .as("redemption %s (%s) in the database", key, outcome)
                .isEqualTo(outcome == Outcome.ACKNOWLEDGED ? 1 : 0));
    assertThat(redeemed.keySet())
        .as("no redemption nobody asked for")
        .isSubsetOf(load.redemptions.keySet());
    assertThat(redeemed.size())
        .as("redemptions of a reward with stock %d", REWARD_STOCK)
        .isEqualTo(REWARD_STOCK);
    assertThat(rewardStock()).as("stock left").isZero();
    assertThat(coinsMismatches())
        .as("shoppers whose coins differ from their ledger or their history")
        .isEmpty();

    await("outbox drained").atMost(RESTART_BOUND).until(() -> checks.outboxPending() == 0);
    for (ServiceProcess instance : instances) {
      checks.reconciliationClean(instance, SHOPPERS);
      checks.servesTheDatabase(instance, shoppers, RESTART_BOUND);
    }
    Coherence coherence = coherence(shoppers);

    System.out.printf(
        "ScaleOutIT (%s Redis): %d instances up in %d ms; %d purchases acknowledged during the load,"
            + " %d unanswered (%d of them had committed), %d redemptions (%d unanswered); i0 out of HAProxy %d ms"
            + " after SIGKILL; Redis %s killed, Redis whole again after %d ms; i0 back in HAProxy %d ms after its"
            + " restart; the latest stale direct read started %.1f ms after its write was acknowledged"
            + " (%d of %d instances' reads of a write still stale after the %d ms target%s); total %d s%n",
        cluster ? "cluster" : "standalone",
        INSTANCES,
        startupMillis,
        load.acknowledgedPurchases.get(),
        purchasesRetried,
        purchasesCommittedBefore,
        redeemed.size(),
        load.unansweredRedemptions.get(),
        instanceDownMillis,
        killedRedis,
        failoverMillis,
        rejoinMillis,
        coherence.stalestMicros() / 1000.0,
        coherence.late().size(),
        COHERENCE_TRIALS * INSTANCES,
        COHERENCE_TARGET.toMillis(),
        coherence.late().isEmpty() ? "" : ": " + String.join(", ", coherence.late()),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
  }

  /** The purchase / read / redemption mix from several threads, through HAProxy. */
  private static final class Load {
    final List<String> shoppers;
    final Map<String, Outcome> purchases = new ConcurrentHashMap<>();
    final Map<String, String> bodies = new ConcurrentHashMap<>();
    final Map<String, Outcome> redemptions = new ConcurrentHashMap<>();
    final Map<String, String> redeemers = new ConcurrentHashMap<>();
    final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicLong acknowledgedPurchases = new AtomicLong();
    final AtomicLong unansweredRedemptions = new AtomicLong();
    final AtomicLong sequence = new AtomicLong();
    final AtomicBoolean stop = new AtomicBoolean();

    Load(List<String> shoppers) {
      this.shoppers = shoppers;
    }

    void awaitMorePurchases(long more) {
      long target = acknowledgedPurchases.get() + more;
      await(more + " more purchases acknowledged")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> acknowledgedPurchases.get() >= target || !failures.isEmpty());
      assertThat(failures).as("unexpected answers").isEmpty();
    }

    void run() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (!stop.get()) {
        String shopper = shoppers.get(random.nextInt(shoppers.size()));
        int dice = random.nextInt(100);
        try {
          if (dice < 60) {
            purchase(shopper);
          } else if (dice < 85) {
            read(shopper);
          } else {
            redeem(shopper);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private void purchase(String shopper) throws InterruptedException {
      String receipt = "S-" + sequence.incrementAndGet();
      String body =
          "{\"shopperId\":\""
              + shopper
              + "\",\"storeId\":\"scale-store\",\"receiptId\":\""
              + receipt
              + "\",\"amountMinor\":"
              + (500 + ThreadLocalRandom.current().nextInt(5_000))
              + ",\"currency\":\"USD\"}";
      bodies.put(receipt, body);
      purchases.put(receipt, Outcome.NO_RESPONSE);
      try {
        HttpResponse<String> r = post("/api/v1/purchases", body, null);
        if (r.statusCode() == 201) {
          purchases.put(receipt, Outcome.ACKNOWLEDGED);
          acknowledgedPurchases.incrementAndGet();
        } else if (r.statusCode() / 100 == 4) {
          purchases.put(receipt, Outcome.REFUSED);
          failures.add("purchase " + receipt + ": " + r.statusCode() + " " + r.body());
        }
        // 5xx (HAProxy's 502 for a connection the killed instance dropped, a 503): unknown, retried
        // later.
      } catch (IOException e) {
        // No answer: unknown, retried later.
      }
    }

    private void read(String shopper) throws InterruptedException {
      try {
        HttpResponse<String> r = get("/api/v1/shoppers/" + shopper);
        if (r.statusCode() != 200 && r.statusCode() / 100 != 5) {
          failures.add("read " + shopper + ": " + r.statusCode() + " " + r.body());
        }
      } catch (IOException e) {
        // A read in flight on the killed instance.
      }
    }

    private void redeem(String shopper) throws InterruptedException {
      String key = "R-" + sequence.incrementAndGet();
      redeemers.put(key, shopper);
      redemptions.put(key, Outcome.NO_RESPONSE);
      try {
        HttpResponse<String> r =
            post(
                "/api/v1/shoppers/" + shopper + "/redemptions",
                "{\"rewardId\":\"scale-reward\"}",
                key);
        if (r.statusCode() == 201) {
          redemptions.put(key, Outcome.ACKNOWLEDGED);
        } else if (r.statusCode() == 409) {
          // Out of stock, or not enough coins.
          redemptions.put(key, Outcome.REFUSED);
        } else if (r.statusCode() / 100 == 4) {
          redemptions.put(key, Outcome.REFUSED);
          failures.add("redemption " + key + ": " + r.statusCode() + " " + r.body());
        } else {
          unansweredRedemptions.incrementAndGet();
        }
      } catch (IOException e) {
        unansweredRedemptions.incrementAndGet();
      }
    }
  }

  /** Retries an unanswered redemption with its Idempotency-Key until it gets a definite answer. */
  private static Outcome retryRedemption(String key, String shopper) {
    AtomicLong status = new AtomicLong();
    await("definite answer to redemption " + key)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<String> r =
                  post(
                      "/api/v1/shoppers/" + shopper + "/redemptions",
                      "{\"rewardId\":\"scale-reward\"}",
                      key);
              status.set(r.statusCode());
              // 409 "still being processed": the dead instance's claim, until the in-flight
              // timeout.
              return r.statusCode() / 100 == 2
                  || (r.statusCode() == 409 && !r.body().contains("still being processed"));
            });
    return status.get() / 100 == 2 ? Outcome.ACKNOWLEDGED : Outcome.REFUSED;
  }

  /** Redeems (through HAProxy) until the reward is out of stock. */
  private static void drainStock(Load load, List<String> shoppers) throws Exception {
    for (int i = 0; i < 10_000; i++) {
      String shopper = shoppers.get(i % shoppers.size());
      String key = "D-" + i;
      HttpResponse<String> r =
          post(
              "/api/v1/shoppers/" + shopper + "/redemptions",
              "{\"rewardId\":\"scale-reward\"}",
              key);
      if (r.statusCode() == 201) {
        load.redemptions.put(key, Outcome.ACKNOWLEDGED);
      } else {
        assertThat(r.statusCode()).as("redemption %s: %s", key, r.body()).isEqualTo(409);
        load.redemptions.put(key, Outcome.REFUSED);
        if (r.body().contains("out of stock")) {
          return;
        }
        // Not enough coins: earn some.
        assertThat(
                post(
                        "/api/v1/purchases",
                        "{\"shopperId\":\""
                            + shopper
                            + "\",\"storeId\":\"scale-store\","
                            + "\"receiptId\":\""
                            + key
                            + "\",\"amountMinor\":5000,\"currency\":\"USD\"}",
                        null)
                    .statusCode())
            .isEqualTo(201);
        load.purchases.put(key, Outcome.ACKNOWLEDGED);
      }
    }
    throw new AssertionError("the reward never ran out of stock");
  }

  /**
   * Writes through HAProxy, then reads on every instance directly until it serves the written
   * version; fails if one does not within the outbox's bound. Returns how long after its write the
   * latest stale read started (a lower bound of the staleness; read latency is not in it) and the
   * stale reads that started later than the coherence target.
   */
  private static Coherence coherence(List<String> shoppers) throws Exception {
    long worst = 0;
    List<String> late = new ArrayList<>();
    for (int trial = 0; trial < COHERENCE_TRIALS; trial++) {
      String shopper = shoppers.get(trial % shoppers.size());
      HttpResponse<String> written =
          post(
              "/api/v1/purchases",
              "{\"shopperId\":\""
                  + shopper
                  + "\",\"storeId\":"
                  + "\"scale-store\",\"receiptId\":\"C-"
                  + trial
                  + "\",\"amountMinor\":1000,\"currency\":\"USD\"}",
              null);
      long acknowledged = System.nanoTime();
      assertThat(written.statusCode()).as(written.body()).isEqualTo(201);
      long version =
          FleetChecks.JSON.readTree(written.body()).get("shopper").get("version").asLong();
      for (ServiceProcess instance : instances) {
        AtomicLong staleAt = new AtomicLong(acknowledged);
        await("version " + version + " of " + shopper + " on port " + instance.port())
            .atMost(RESTART_BOUND)
            .pollInterval(Duration.ofMillis(2))
            .until(
                () -> {
                  long readStarted = System.nanoTime();
                  JsonNode served = checks.getJson(instance, "/api/v1/shoppers/" + shopper);
                  if (served.get("version").asLong() >= version) {
                    return true;
                  }
                  staleAt.set(readStarted);
                  return false;
                });
        long staleMicros = (staleAt.get() - acknowledged) / 1000;
        if (staleMicros > COHERENCE_TARGET.toNanos() / 1000) {
          late.add(
              shopper + " v" + version + " on port " + instance.port() + " " + staleMicros + " us");
        }
        worst = Math.max(worst, staleMicros);
      }
    }
    return new Coherence(worst, late);
  }

  /**
   * What {@link #coherence} saw: the latest stale read's start after its write, in microseconds,
   * and the stale reads that started later than {@link #COHERENCE_TARGET}.
   */
  private record Coherence(long stalestMicros, List<String> late) {}

  private void awaitStatus(String what, Duration atMost, String... serverAndStatus) {
    // Until HAProxy has opened its admin socket, asking it fails: asked again.
    await(what)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptionsInstanceOf(IOException.class)
        .untilAsserted(
            () -> {
              assertThat(haproxy.alive()).as("haproxy runs: %s", haproxy.log()).isTrue();
              Map<String, String> status = haproxy.serverStatus();
              for (int i = 0; i < serverAndStatus.length; i += 2) {
                assertThat(status.get(serverAndStatus[i]))
                    .as(serverAndStatus[i])
                    .startsWith(serverAndStatus[i + 1]);
              }
            });
  }

  private static HttpResponse<String> post(String path, String body, String idempotencyKey)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(haproxy.uri(path))
            .header("X-Api-Key", KEY)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(haproxy.uri(path))
            .header("X-Api-Key", KEY)
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Long> redemptionsPerKey() throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT idempotency_key, COUNT(*) FROM redemptions WHERE reward_id = ? GROUP BY idempotency_key")) {
      s.setString(1, "scale-reward");
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return counts;
  }

  private static long rewardStock() throws SQLException {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT stock FROM rewards WHERE id = ?")) {
      s.setString(1, "scale-reward");
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Shoppers whose coins differ from the sum of their ledger, or from their purchases minus their
   * redemptions.
   */
  private static List<String> coinsMismatches() throws SQLException {
    List<String> mismatches = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT s.id, s.coins,"
                    + " (SELECT COALESCE(SUM(l.delta), 0) FROM coin_ledger l WHERE l.shopper_id = s.id),"
                    + " (SELECT COALESCE(SUM(p.coins_earned), 0) FROM purchases p WHERE p.shopper_id = s.id)"
                    + " - (SELECT COALESCE(SUM(r.price_coins), 0) FROM redemptions r WHERE r.shopper_id = s.id)"
                    + " FROM shoppers s");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        if (rs.getLong(2) != rs.getLong(3) || rs.getLong(2) != rs.getLong(4)) {
          mismatches.add(
              rs.getString(1)
                  + ": coins "
                  + rs.getLong(2)
                  + ", ledger "
                  + rs.getLong(3)
                  + ", purchases - redemptions "
                  + rs.getLong(4));
        }
      }
    }
    return mismatches;
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        PostgresTestSupport.urlOf(schema), PostgresTestSupport.connectionProperties());
  }
}
