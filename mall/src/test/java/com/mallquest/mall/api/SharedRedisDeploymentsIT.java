package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mallquest.mall.MallQuestApplication;
import com.mallquest.mall.adapter.cache.CacheBinding;
import com.mallquest.smartcache.RedisTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two deployments with different databases and the same {@code mallquest.redis.namespace} on one
 * Redis (staging and production sharing a Redis): neither reads the other's cached entries
 * (shoppers, the mission catalog), so purchases work on both and each serves its own data (ADR
 * 0016). Then one database's cache epoch is bumped (as after a restore): its running instance
 * switches its Redis tier off (one ERROR, health DEGRADED) and keeps serving; restarted, it binds
 * to the new epoch.
 *
 * <p>Deployment A is this class's Spring context, deployment B a second application context in the
 * same JVM; both use the shared Redis of the machine, each its own in-memory H2 database.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedRedisDeploymentsIT extends ApiTestSupport {

  private static final String NAMESPACE = "shared" + UUID.randomUUID().toString().substring(0, 8);
  private static final String OTHER_ADMIN_KEY = "other-admin-key-0123456789";
  private static final String OTHER_DATABASE =
      "jdbc:h2:mem:mallquest-shared-b-"
          + UUID.randomUUID()
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
  private static final String STORE = "store-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String SHOPPER = "ada-" + UUID.randomUUID().toString().substring(0, 8);

  private static ConfigurableApplicationContext other;

  @DynamicPropertySource
  static void sharedRedis(DynamicPropertyRegistry registry) {
    String url = RedisTestSupport.requireRedis();
    registry.add("mallquest.redis.url", () -> url);
    registry.add("mallquest.redis.namespace", () -> NAMESPACE);
    registry.add("mallquest.redis.binding-check-interval", () -> "200ms");
    registry.add(
        "spring.datasource.url",
        () ->
            "jdbc:h2:mem:mallquest-shared-a;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
  }

  @AfterAll
  static void stopOtherAndCleanRedis() {
    if (other != null) {
      other.close();
    }
    RedisTestSupport.deleteNamespace(RedisTestSupport.redisUrl(), NAMESPACE);
  }

  /**
   * Deployment B: another database, the same Redis and namespace (command-line arguments beat
   * application.yml).
   */
  private static ConfigurableApplicationContext startOther() {
    return new SpringApplicationBuilder(MallQuestApplication.class)
        .run(
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--spring.datasource.url=" + OTHER_DATABASE,
            "--mallquest.security.admin-key=" + OTHER_ADMIN_KEY,
            "--mallquest.redis.url=" + RedisTestSupport.redisUrl(),
            "--mallquest.redis.namespace=" + NAMESPACE,
            "--mallquest.redis.binding-check-interval=200ms");
  }

  private static Reply onOther(String method, String path, String body) {
    int port = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("X-Api-Key", OTHER_ADMIN_KEY);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return send(b);
  }

  private static JsonNode redisHealth(Reply health) {
    assertThat(health.status()).as(health.raw().body()).isEqualTo(200);
    return health.json().get("components").get("redis");
  }

  @Test
  @Order(1)
  void sameNamespaceOtherDatabase_neitherReadsTheOthersEntries_purchasesWorkOnBoth() {
    // A: a store, a shopper and a mission; a purchase and a read put its catalog and shopper in
    // Redis.
    assertThat(
            call(
                    "POST",
                    "/api/v1/stores",
                    ADMIN_KEY,
                    "{\"id\":\""
                        + STORE
                        + "\",\"name\":\"S\","
                        + "\"category\":\"fashion\",\"floor\":\"L1\",\"coinMultiplier\":1}")
                .status())
        .isEqualTo(201);
    assertThat(
            call(
                    "POST",
                    "/api/v1/shoppers",
                    ADMIN_KEY,
                    "{\"id\":\"" + SHOPPER + "\",\"displayName\":\"Ada A\"}")
                .status())
        .isEqualTo(201);
    String mission = unique("spend");
    assertThat(
            call(
                    "POST",
                    "/api/v1/missions",
                    ADMIN_KEY,
                    MissionApiTest.missionJson(
                        mission,
                        "SPEND_TOTAL",
                        100_000,
                        MissionApiTest.fixedWindow(),
                        10,
                        10,
                        true))
                .status())
        .isEqualTo(201);
    Reply onA =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(SHOPPER, STORE, "r-a", 50_000, "USD"));
    assertThat(onA.status()).as(onA.raw().body()).isEqualTo(201);
    assertThat(onA.raw().body()).contains(mission);
    long coinsOnA =
        call("GET", "/api/v1/shoppers/" + SHOPPER, ADMIN_KEY, null).json().get("coins").asLong();
    String onlyOnA = createShopper();
    String storeOnlyOnA = createStore("2");
    assertThat(call("GET", "/api/v1/shoppers/" + onlyOnA, ADMIN_KEY, null).status()).isEqualTo(200);
    assertThat(call("GET", "/api/v1/stores/" + storeOnlyOnA, ADMIN_KEY, null).status())
        .isEqualTo(200);

    // B: the same ids in another database, without the mission.
    other = startOther();
    assertThat(
            onOther(
                    "POST",
                    "/api/v1/stores",
                    "{\"id\":\""
                        + STORE
                        + "\",\"name\":\"S\",\"category\":\"fashion\","
                        + "\"floor\":\"L1\",\"coinMultiplier\":1}")
                .status())
        .isEqualTo(201);
    assertThat(
            onOther(
                    "POST",
                    "/api/v1/shoppers",
                    "{\"id\":\"" + SHOPPER + "\",\"displayName\":\"Ada B\"}")
                .status())
        .isEqualTo(201);
    Reply onB =
        onOther("POST", "/api/v1/purchases", purchaseJson(SHOPPER, STORE, "r-b", 2_000, "USD"));

    assertThat(onB.status()).as("a purchase on B: " + onB.raw().body()).isEqualTo(201);
    assertThat(onB.raw().body()).doesNotContain(mission);
    assertThat(onOther("GET", "/api/v1/shoppers/" + onlyOnA, null).status())
        .as("A's shopper, read on B")
        .isEqualTo(404);
    assertThat(onOther("GET", "/api/v1/stores/" + storeOnlyOnA, null).status())
        .as("A's store, read on B")
        .isEqualTo(404);
    JsonNode shopperOnB = onOther("GET", "/api/v1/shoppers/" + SHOPPER, null).json();
    assertThat(shopperOnB.get("displayName").asString()).isEqualTo("Ada B");
    assertThat(shopperOnB.get("coins").asLong())
        .isEqualTo(onB.json().get("coinsEarned").asLong())
        .isNotEqualTo(coinsOnA);
    JsonNode shopperOnA = call("GET", "/api/v1/shoppers/" + SHOPPER, ADMIN_KEY, null).json();
    assertThat(shopperOnA.get("displayName").asString()).isEqualTo("Ada A");
    assertThat(shopperOnA.get("coins").asLong()).isEqualTo(coinsOnA);

    await("both Redis tiers up")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                redisHealth(call("GET", "/actuator/health", ADMIN_KEY, null))
                        .get("status")
                        .asString()
                        .equals("UP")
                    && redisHealth(onOther("GET", "/actuator/health", null))
                        .get("status")
                        .asString()
                        .equals("UP"));
    JsonNode redisA = redisHealth(call("GET", "/actuator/health", ADMIN_KEY, null));
    JsonNode redisB = redisHealth(onOther("GET", "/actuator/health", null));
    String namespaceA = redisA.get("details").get("namespace").asString();
    String namespaceB = redisB.get("details").get("namespace").asString();
    assertThat(namespaceA).startsWith(NAMESPACE + "-").isNotEqualTo(namespaceB);
    assertThat(namespaceB).startsWith(NAMESPACE + "-");
  }

  @Test
  @Order(2)
  void epochBumped_runningInstanceLeavesRedisWithOneError_restartedInstanceBindsToTheNewEpoch() {
    if (other == null) {
      other = startOther();
    }
    String namespaceBefore =
        redisHealth(onOther("GET", "/actuator/health", null))
            .get("details")
            .get("namespace")
            .asString();
    Logger bindingLog = (Logger) LoggerFactory.getLogger(CacheBinding.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    bindingLog.addAppender(events);
    try {
      Reply bumped = onOther("POST", "/api/v1/operations/cache-epoch", null);
      assertThat(bumped.status()).as(bumped.raw().body()).isEqualTo(200);
      assertThat(bumped.json().get("restartRequired").asBoolean()).isTrue();

      await("B leaves Redis")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  redisHealth(onOther("GET", "/actuator/health", null))
                      .get("status")
                      .asString()
                      .equals("DEGRADED"));
      JsonNode redisB = redisHealth(onOther("GET", "/actuator/health", null));
      assertThat(redisB.get("details").get("bindingMismatch").asString()).contains("epoch");
      CacheBinding binding = other.getBean(CacheBinding.class);
      binding.check();
      binding.check();
      assertThat(events.list.stream().filter(e -> e.getLevel() == Level.ERROR))
          .as("ERROR lines")
          .hasSize(1);
    } finally {
      bindingLog.detachAppender(events);
    }
    assertThat(
            onOther("GET", "/api/v1/cache/stats", null)
                .json()
                .get("shoppers")
                .get("redisAvailable")
                .asBoolean())
        .isFalse();
    Reply purchase =
        onOther("POST", "/api/v1/purchases", purchaseJson(SHOPPER, STORE, "r-b-2", 1_000, "USD"));
    assertThat(purchase.status()).as(purchase.raw().body()).isEqualTo(201);
    assertThat(onOther("GET", "/api/v1/shoppers/" + SHOPPER, null).json().get("coins").asLong())
        .isEqualTo(purchase.json().get("shopper").get("coins").asLong());
    assertThat(
            redisHealth(call("GET", "/actuator/health", ADMIN_KEY, null)).get("status").asString())
        .as("A, whose database did not change")
        .isEqualTo("UP");

    other.close();
    other = startOther();
    await("B's Redis tier up after the restart")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                redisHealth(onOther("GET", "/actuator/health", null))
                    .get("status")
                    .asString()
                    .equals("UP"));
    JsonNode restarted = redisHealth(onOther("GET", "/actuator/health", null));
    assertThat(restarted.get("details").get("namespace").asString())
        .startsWith(NAMESPACE + "-")
        .isNotEqualTo(namespaceBefore);
    assertThat(onOther("GET", "/api/v1/shoppers/" + SHOPPER, null).json().get("coins").asLong())
        .isEqualTo(purchase.json().get("shopper").get("coins").asLong());
  }
}
