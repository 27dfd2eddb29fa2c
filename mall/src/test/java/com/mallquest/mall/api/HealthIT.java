package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.smartcache.RedisServerProcess;
import com.mallquest.smartcache.RedisTestSupport;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Health as an orchestrator sees it when a dependency fails: Redis (a {@code redis-server} of this
 * test's own, killed and restarted) makes the service DEGRADED with HTTP 200, and it recovers; the
 * database (refusing the pool's connections) makes it DOWN with 503 and not ready, while liveness
 * stays UP so the instance is not restarted for an outage elsewhere.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HealthIT extends ApiTestSupport {

  private static RedisServerProcess redis;

  @Autowired private DataSource dataSource;

  @BeforeAll
  static void startRedis() {
    RedisTestSupport.require(RedisServerProcess.installed(), "redis-server is not installed");
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.kill();
    }
  }

  @DynamicPropertySource
  static void ownRedisAndShortPoolTimeout(DynamicPropertyRegistry registry) {
    registry.add("mallquest.redis.url", () -> redis.url());
    registry.add(
        "spring.datasource.url",
        () ->
            "jdbc:h2:mem:mallquest-health;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("spring.datasource.hikari.connection-timeout", () -> "500");
  }

  @Test
  void redisKilledAndRestarted_healthGoesUpDegradedUp_alwaysHttp200() {
    await().atMost(Duration.ofSeconds(15)).until(() -> "UP".equals(status("/actuator/health")));
    assertThat(redisComponent().get("details").get("configured").asBoolean()).isTrue();

    redis.kill();
    // The tier notices on its next command or reconnect attempt; reads drive commands.
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              call("GET", "/api/v1/cache/stats", ADMIN_KEY, null);
              return "DEGRADED".equals(status("/actuator/health"));
            });
    Reply degraded = call("GET", "/actuator/health", null, null);
    assertThat(degraded.status()).isEqualTo(200);
    assertThat(degraded.json().get("components").get("redis").get("status").asString())
        .isEqualTo("DEGRADED");
    assertThat(degraded.json().get("components").get("db").get("status").asString())
        .isEqualTo("UP");
    assertThat(call("GET", "/actuator/health/readiness", null, null).status()).isEqualTo(200);
    assertThat(call("GET", "/actuator/health/liveness", null, null).status()).isEqualTo(200);

    redis.restart();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> "UP".equals(status("/actuator/health")));
    assertThat(redisComponent().get("status").asString()).isEqualTo("UP");
  }

  @Test
  void databaseUnavailable_healthAndReadinessAre503Down_livenessStaysUp() throws Exception {
    HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
    String password = pool.getPassword();
    // The database refuses every new connection, and the pool drops the ones it has.
    pool.getHikariConfigMXBean().setPassword("not-the-password");
    pool.getHikariPoolMXBean().softEvictConnections();
    try {
      Reply health = call("GET", "/actuator/health", null, null);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
      assertThat(health.json().get("components").get("db").get("status").asString())
          .isEqualTo("DOWN");
      assertThat(call("GET", "/actuator/health/readiness", null, null).status()).isEqualTo(503);
      assertThat(call("GET", "/actuator/health/liveness", null, null).status()).isEqualTo(200);
    } finally {
      pool.getHikariConfigMXBean().setPassword(password);
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> call("GET", "/actuator/health/readiness", null, null).status() == 200);
  }

  private String status(String path) {
    return call("GET", path, null, null).json().get("status").asString();
  }

  private tools.jackson.databind.JsonNode redisComponent() {
    return call("GET", "/actuator/health", ADMIN_KEY, null).json().get("components").get("redis");
  }
}
