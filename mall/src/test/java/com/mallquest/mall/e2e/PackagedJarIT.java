package com.mallquest.mall.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.support.PostgresTestSupport;
import com.mallquest.smartcache.RedisTestSupport;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Boots the packaged jar on a free port against PostgreSQL and Redis and walks the curl
 * walk-through of docs/API.md over HTTP.
 */
class PackagedJarIT {

  private static final String KEY = "e2e-admin-key-" + UUID.randomUUID();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Process service;
  private static int port;
  private static Path log;
  private static String schema;
  private static final String NAMESPACE = "e2e" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    PostgresTestSupport.requirePostgres();
    RedisTestSupport.requireRedis();
    File jar = new File("target/mallquest.jar");
    assertThat(jar).as("run after 'package'").exists();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    log = Files.createTempFile("mallquest-e2e", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(javaBin(), "-Xmx512m", "-jar", jar.getAbsolutePath())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("SERVER_PORT", String.valueOf(port));
    schema = PostgresTestSupport.createSchema();
    pb.environment().put("SPRING_DATASOURCE_URL", PostgresTestSupport.urlOf(schema));
    pb.environment().put("SPRING_DATASOURCE_USERNAME", "postgres");
    pb.environment().put("SPRING_DATASOURCE_PASSWORD", "");
    pb.environment().put("MALLQUEST_REDIS_URL", RedisTestSupport.redisUrl());
    pb.environment().put("MALLQUEST_REDIS_NAMESPACE", NAMESPACE);
    pb.environment().put("MALLQUEST_SECURITY_ADMIN_KEY", KEY);
    service = pb.start();
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!service.isAlive()) {
                throw new AssertionError("service exited:\n" + Files.readString(log));
              }
              try {
                return get("/actuator/health", null).statusCode() == 200;
              } catch (IOException e) {
                return false;
              }
            });
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.destroy();
      if (!service.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
    if (schema != null) {
      PostgresTestSupport.dropSchema(schema);
    }
    RedisTestSupport.deleteNamespace(RedisTestSupport.redisUrl(), NAMESPACE);
  }

  @Test
  void readmeWalkthrough_onPostgresAndRedis_works() throws Exception {
    HttpResponse<String> store =
        post(
            "/api/v1/stores",
            "{\"id\":\"sneakers\",\"name\":\"Sneaker Hub\",\"category\":\"fashion\",\"floor\":\"L2\",\"coinMultiplier\":1.5}");
    assertThat(store.statusCode()).as(store.body()).isEqualTo(201);
    assertThat(
            post("/api/v1/shoppers", "{\"id\":\"ada\",\"displayName\":\"Ada\",\"language\":\"en\"}")
                .statusCode())
        .isEqualTo(201);

    String purchase =
        "{\"shopperId\":\"ada\",\"storeId\":\"sneakers\",\"receiptId\":\"R-1001\",\"amountMinor\":12999,"
            + "\"currency\":\"USD\"}";
    HttpResponse<String> first = post("/api/v1/purchases", purchase);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(json(first).get("coinsEarned").asLong()).isEqualTo(194);
    assertThat(json(first).get("xpEarned").asLong()).isEqualTo(129);
    HttpResponse<String> again = post("/api/v1/purchases", purchase);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).get("replayed").asBoolean()).isTrue();

    HttpResponse<String> checkIn = post("/api/v1/shoppers/ada/check-ins", null);
    assertThat(checkIn.statusCode()).isEqualTo(201);
    assertThat(json(checkIn).get("coinsAwarded").asLong()).isEqualTo(5);

    JsonNode profile = json(get("/api/v1/shoppers/ada", KEY));
    assertThat(profile.get("coins").asLong()).isEqualTo(199);
    assertThat(profile.get("xp").asLong()).isEqualTo(129);
    assertThat(profile.get("loginStreak").asInt()).isEqualTo(1);
    JsonNode ledger = json(get("/api/v1/shoppers/ada/ledger", KEY));
    assertThat(ledger.get("items")).hasSize(2);

    JsonNode stats = json(get("/api/v1/cache/stats", KEY));
    assertThat(stats.get("shoppers").get("redisAvailable").asBoolean()).isTrue();
    assertThat(stats.get("shoppers").get("memoryLimit").asLong()).isEqualTo(1000);
    assertThat(Files.readString(log)).doesNotContain(KEY);
  }

  @Test
  void bulkImport_onPostgresAndRedis_createsOnceAndShowsAShopperLookedUpBefore() throws Exception {
    assertThat(get("/api/v1/shoppers/imp-late", KEY).statusCode()).isEqualTo(404);
    String csv =
        "id,displayName,language,timeZone\n"
            + "imp-late,\"Late, Lou\",es,Europe/Madrid\n"
            + "imp-2,,,\n"
            + "imp-2,Twice,,\n"
            + "bad id,,,\n";

    HttpResponse<String> first = importCsv(csv);
    HttpResponse<String> second = importCsv(csv);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(json(first).get("created").asLong()).isEqualTo(2);
    assertThat(json(first).get("skipped").asLong()).isEqualTo(1);
    assertThat(json(first).get("errors").get(0).get("line").asLong()).isEqualTo(5);
    assertThat(json(second).get("created").asLong()).as("a re-run creates nothing").isZero();
    assertThat(json(second).get("skipped").asLong()).isEqualTo(3);
    HttpResponse<String> late = get("/api/v1/shoppers/imp-late", KEY);
    assertThat(late.statusCode()).as("the cached miss is gone").isEqualTo(200);
    assertThat(json(late).get("displayName").asString()).isEqualTo("Late, Lou");
  }

  private static HttpResponse<String> importCsv(String csv) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/shoppers/import"))
            .header("X-Api-Key", KEY)
            .header("Content-Type", "text/csv")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(csv))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("X-Api-Key", KEY)
            .timeout(Duration.ofSeconds(30));
    if (body == null) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) {
    return JSON.readTree(r.body());
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
