package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Health for orchestrators and operators, and the Prometheus scrape. This context has no Redis
 * configured: the {@code redis} component is UP and says it is not configured (not DEGRADED).
 */
class HealthAndMetricsApiTest extends ApiTestSupport {

  @Test
  void health_withoutKey_showsStatusAndComponentsButNoDetails() {
    Reply health = call("GET", "/actuator/health", null, null);
    assertThat(health.status()).isEqualTo(200);
    JsonNode json = health.json();
    assertThat(json.get("status").asString()).isEqualTo("UP");
    assertThat(json.get("components").get("db").get("status").asString()).isEqualTo("UP");
    assertThat(json.get("components").get("redis").get("status").asString()).isEqualTo("UP");
    assertThat(json.get("components").get("redis").has("details")).isFalse();
  }

  @Test
  void health_withAdminKey_showsRedisNotConfigured() {
    JsonNode redis =
        call("GET", "/actuator/health", ADMIN_KEY, null).json().get("components").get("redis");
    assertThat(redis.get("status").asString()).isEqualTo("UP");
    assertThat(redis.get("details").get("configured").asBoolean()).isFalse();
  }

  @Test
  void health_withAdminKey_showsTheOutboxUpWithItsFigures() {
    JsonNode outbox =
        call("GET", "/actuator/health", ADMIN_KEY, null).json().get("components").get("outbox");
    assertThat(outbox.get("status").asString()).isEqualTo("UP");
    JsonNode details = outbox.get("details");
    assertThat(details.get("pending").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(details.get("oldestPendingAgeMillis").asLong()).isBetween(0L, 30_000L);
    assertThat(details.get("published").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(details.get("staleAfterMillis").asLong()).isEqualTo(30_000);
    assertThat(
            call("GET", "/actuator/health", null, null)
                .json()
                .get("components")
                .get("outbox")
                .has("details"))
        .isFalse();
  }

  @Test
  void probes_livenessIsTheProcess_readinessIncludesTheDatabase() {
    Reply liveness = call("GET", "/actuator/health/liveness", null, null);
    assertThat(liveness.status()).isEqualTo(200);
    assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
    assertThat(liveness.json().get("components").propertyNames()).containsExactly("livenessState");

    Reply readiness = call("GET", "/actuator/health/readiness", null, null);
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.json().get("components").propertyNames())
        .containsExactlyInAnyOrder("readinessState", "db");
  }

  @Test
  void prometheus_afterTraffic_exposesCacheHttpJvmAndPoolMeters() {
    String shopper = createShopper();
    for (int i = 0; i < 3; i++) {
      assertThat(call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).status())
          .isEqualTo(200);
    }

    Reply scrape = call("GET", "/actuator/prometheus", ADMIN_KEY, null);
    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.contentType()).startsWith("text/plain");
    String body = scrape.raw().body();
    assertThat(body)
        .containsPattern("smartcache_gets_total\\{[^}]*cache=\"shoppers\"[^}]*\\} [1-9]")
        .contains(
            "smartcache_memory_size{",
            "smartcache_memory_limit{",
            "smartcache_redis_available{",
            "smartcache_loads_total{",
            "smartcache_evictions_total{")
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/shoppers/\\{id}\"")
        .contains("jvm_memory_used_bytes{", "hikaricp_connections_active{")
        .containsPattern("(?m)^mallquest_outbox_pending\\{[^}]*\\} [0-9]")
        .containsPattern("(?m)^mallquest_outbox_oldest_age_seconds\\{[^}]*\\} [0-9]")
        .containsPattern("(?m)^mallquest_outbox_published_total\\{[^}]*\\} [0-9]");
  }

  @Test
  void prometheus_afterAPurchase_exposesTheGroupCommitMeters() {
    String store = createStore("1.0");
    String shopper = createShopper();
    assertThat(purchase(shopper, store).status()).isEqualTo(201);

    String body = call("GET", "/actuator/prometheus", ADMIN_KEY, null).raw().body();
    assertThat(body)
        .containsPattern(
            "(?m)^mallquest_group_commit_batch_seconds_count\\{[^}]*outcome=\"committed\"[^}]*\\}"
                + " [1-9]")
        .containsPattern(
            "(?m)^mallquest_group_commit_batch_seconds\\{[^}]*quantile=\"0.5\"[^}]*\\} [0-9]")
        .containsPattern("(?m)^mallquest_group_commit_batch_units_sum\\{[^}]*\\} [1-9]")
        .containsPattern("(?m)^mallquest_group_commit_wait_seconds_count\\{[^}]*\\} [1-9]")
        .containsPattern(
            "(?m)^mallquest_group_commit_wait_seconds\\{[^}]*quantile=\"0.99\"[^}]*\\} [0-9]")
        .containsPattern("(?m)^mallquest_group_commit_queued\\{[^}]*\\} [0-9]");
  }

  @Test
  void prometheus_needsTheAdminRole() {
    assertThat(call("GET", "/actuator/prometheus", null, null).status()).isEqualTo(401);
    assertThat(call("GET", "/actuator/prometheus", createKey("app", null), null).status())
        .isEqualTo(403);
  }
}
