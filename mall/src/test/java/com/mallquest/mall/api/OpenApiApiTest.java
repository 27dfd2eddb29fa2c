package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document covers every endpoint, with roles, examples and problem+json errors; Swagger
 * UI is served.
 */
class OpenApiApiTest extends ApiTestSupport {

  private static final Set<String> ROLES = Set.of("ADMIN", "STORE", "APP");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  private RequestMappingHandlerMapping handlerMapping;

  @Test
  void apiDocs_listEveryHandlerMethodUnderApiV1() {
    Set<String> handlers = new TreeSet<>();
    for (RequestMappingInfo info : handlerMapping.getHandlerMethods().keySet()) {
      for (String path : info.getPatternValues()) {
        if (path.startsWith("/api/v1")) {
          Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
          assertThat(methods).as("handler for %s must name its HTTP method", path).isNotEmpty();
          methods.forEach(m -> handlers.add(m.name() + " " + path));
        }
      }
    }
    assertThat(handlers)
        .as("handler methods")
        .contains("POST /api/v1/purchases", "GET /api/v1/shoppers/{id}");

    Set<String> documented = new TreeSet<>();
    JsonNode paths = apiDocs().get("paths");
    for (Map.Entry<String, JsonNode> path : paths.properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(handlers);
  }

  @Test
  void everyOperation_hasRolesKeySchemeExampleAndProblemErrors() {
    JsonNode docs = apiDocs();
    assertThat(docs.get("openapi").asString()).startsWith("3.");
    JsonNode scheme = docs.get("components").get("securitySchemes").get("apiKey");
    assertThat(scheme.get("type").asString()).isEqualTo("apiKey");
    assertThat(scheme.get("in").asString()).isEqualTo("header");
    assertThat(scheme.get("name").asString()).isEqualTo("X-Api-Key");
    assertThat(
            docs.get("components").get("schemas").get("Problem").get("properties").propertyNames())
        .contains("type", "title", "status", "detail", "instance");

    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
        String name = entry.getKey() + " " + path.getKey();
        JsonNode operation = entry.getValue();
        JsonNode roles = operation.get("x-roles");
        assertThat(roles).as("%s x-roles", name).isNotNull();
        assertThat(roles.isEmpty()).as("%s has roles", name).isFalse();
        roles.forEach(r -> assertThat(ROLES).as(name).contains(r.asString()));
        assertThat(operation.get("description").asString()).as(name).contains("Roles");

        JsonNode responses = operation.get("responses");
        boolean success = false;
        for (Map.Entry<String, JsonNode> response : responses.properties()) {
          if (response.getKey().startsWith("2") && response.getValue().has("content")) {
            JsonNode media = response.getValue().get("content").get("application/json");
            assertThat(media).as("%s %s application/json", name, response.getKey()).isNotNull();
            assertThat(media.has("example")).as("%s %s example", name, response.getKey()).isTrue();
            success = true;
          } else if (response.getKey().equals("204")) {
            // No Content (e.g. revoking a key): nothing to give an example of.
            success = true;
          }
        }
        assertThat(success).as("%s documents a 2xx response with content, or a 204", name).isTrue();
        for (String status : List.of("401", "503")) {
          JsonNode problem = responses.get(status);
          assertThat(problem).as("%s %s", name, status).isNotNull();
          assertThat(
                  problem
                      .get("content")
                      .get("application/problem+json")
                      .get("schema")
                      .get("$ref")
                      .asString())
              .isEqualTo("#/components/schemas/Problem");
        }
        if (path.getKey().contains("{")) {
          assertThat(responses.has("404")).as("%s 404", name).isTrue();
        }
        JsonNode body = operation.get("requestBody");
        if (body != null) {
          for (Map.Entry<String, JsonNode> media : body.get("content").properties()) {
            assertThat(media.getValue().has("example") || media.getValue().has("examples"))
                .as("%s request example for %s", name, media.getKey())
                .isTrue();
          }
          assertThat(responses.has("400")).as(name).isTrue();
          assertThat(responses.has("413")).as(name).isTrue();
          assertThat(responses.has("415")).as(name).isTrue();
        }
        checked.add(name);
      }
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(12);
  }

  @Test
  void everyOperation_hasAStableIdASummaryAResourceTagAndDescribedParameters() {
    JsonNode docs = apiDocs();
    Set<String> tags = new TreeSet<>();
    docs.get("tags").forEach(t -> tags.add(t.get("name").asString()));
    assertThat(tags)
        .contains(
            "Shoppers",
            "Purchases",
            "Stores",
            "Missions",
            "Companions",
            "Rewards",
            "Redemptions",
            "Leaderboards",
            "Analytics",
            "API keys",
            "Operations");
    assertThat(docs.get("info").get("license").get("name").asString()).isNotBlank();
    Set<String> ids = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
        String name = entry.getKey() + " " + path.getKey();
        JsonNode operation = entry.getValue();
        String id = operation.get("operationId").asString();
        // Not springdoc's numbered fallbacks (get_3), which shift when a controller is added.
        assertThat(id).as("%s operationId", name).matches("[a-z][A-Za-z]+");
        assertThat(ids.add(id)).as("%s operationId %s is unique", name, id).isTrue();
        assertThat(operation.get("summary")).as("%s summary", name).isNotNull();
        assertThat(operation.get("tags")).as("%s tags", name).hasSize(1);
        assertThat(tags).as("%s tag", name).contains(operation.get("tags").get(0).asString());
        if (operation.has("parameters")) {
          for (JsonNode parameter : operation.get("parameters")) {
            assertThat(parameter.has("description"))
                .as("%s parameter %s description", name, parameter.get("name"))
                .isTrue();
            assertThat(parameter.get("name").asString())
                .as("%s: Content-Type is the request body's, not a parameter", name)
                .isNotEqualToIgnoringCase("Content-Type");
          }
        }
      }
    }
    JsonNode paths = docs.get("paths");
    assertThat(paths.get("/api/v1/shoppers/{id}").get("get").get("operationId").asString())
        .isEqualTo("getShopper");
    assertThat(paths.get("/api/v1/purchases").get("post").get("operationId").asString())
        .isEqualTo("recordPurchase");
    assertThat(paths.get("/api/v1/purchases").get("post").get("responses").has("404"))
        .as("unknown shopper")
        .isTrue();
    assertThat(paths.get("/api/v1/stores").get("get").get("responses").has("406"))
        .as("Accept: application/xml")
        .isTrue();
  }

  @Test
  void theDocument_saysWhatTheServerTakesAndSends() {
    JsonNode docs = apiDocs();
    JsonNode schemas = docs.get("components").get("schemas");
    JsonNode problem = schemas.get("Problem");
    assertThat(problem.get("properties").get("instance").get("format").asString())
        .isEqualTo("uri-reference");
    assertThat(problem.get("required"))
        .extracting(JsonNode::asString)
        .contains("type", "title", "status");

    // A mission's reward is {coins, xp, companionSpeciesId}, not the reward catalogue's shape.
    for (String mission : List.of("MissionRequest", "MissionView")) {
      String ref = schemas.get(mission).get("properties").get("reward").get("$ref").asString();
      JsonNode reward = schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
      assertThat(reward.get("properties").propertyNames())
          .as(mission)
          .containsExactlyInAnyOrder("coins", "xp", "companionSpeciesId");
    }

    JsonNode paths = docs.get("paths");
    JsonNode importShoppers = paths.get("/api/v1/shoppers/import").get("post");
    assertThat(importShoppers.get("requestBody").get("required").asBoolean()).isTrue();
    assertThat(importShoppers.get("requestBody").get("content").propertyNames())
        .containsExactlyInAnyOrder("application/x-ndjson", "text/csv");
    assertThat(importShoppers.get("responses").propertyNames())
        .contains("200", "400", "413", "415");
    assertThat(importShoppers.has("parameters")).as("no Content-Type parameter").isFalse();

    for (String[] required :
        new String[][] {
          {"/api/v1/shoppers/{shopperId}/redemptions", "post"},
          {"/api/v1/shoppers/{id}/companions", "post"}
        }) {
      assertThat(
              parameter(paths.get(required[0]).get(required[1]), "header", "Idempotency-Key")
                  .get("required")
                  .asBoolean())
          .as(required[0])
          .isTrue();
    }
    assertThat(
            parameter(paths.get("/api/v1/purchases").get("post"), "header", "Idempotency-Key")
                .get("required")
                .asBoolean())
        .as("optional on other POSTs")
        .isFalse();

    JsonNode limit =
        parameter(paths.get("/api/v1/shoppers/{id}/purchases").get("get"), "query", "limit")
            .get("schema");
    assertThat(limit.get("minimum").asInt()).isEqualTo(1);
    assertThat(limit.get("maximum").asInt()).isEqualTo(100);
    JsonNode period =
        parameter(paths.get("/api/v1/leaderboards/{period}").get("get"), "path", "period")
            .get("schema");
    assertThat(period.get("enum"))
        .extracting(JsonNode::asString)
        .containsExactly("all-time", "week", "month");
    for (String name : List.of("from", "to")) {
      JsonNode date = parameter(paths.get("/api/v1/analytics/overview").get("get"), "query", name);
      assertThat(date.get("schema").get("format").asString()).as(name).isEqualTo("date");
      assertThat(date.get("required").asBoolean()).as(name).isTrue();
    }
    JsonNode stats =
        paths
            .get("/api/v1/cache/stats")
            .get("get")
            .get("responses")
            .get("200")
            .get("content")
            .get("application/json")
            .get("example");
    assertThat(stats.get("shoppers").has("cacheHitRatio"))
        .as("a cache's figures, not a placeholder: %s", stats)
        .isTrue();
  }

  /**
   * The document as served is the one in {@code docs/openapi.json}, from which the build generates
   * the Java client ({@code api-client-it}) and which CI lints. After a deliberate API change,
   * rewrite it with {@code -Dopenapi.write=true} and review the diff.
   */
  @Test
  void theDocument_isTheCommittedOne() throws IOException {
    JsonNode served = apiDocs();
    Path committed = Path.of("..", "docs", "openapi.json");
    String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
    if (Boolean.getBoolean("openapi.write")) {
      Files.writeString(committed, pretty);
    }
    assertThat(Files.exists(committed))
        .as("%s (write it with -Dopenapi.write=true)", committed)
        .isTrue();
    assertThat(JSON.readTree(Files.readString(committed)))
        .as(
            "the served document differs from %s: if the API change is meant, run "
                + "./mvnw -pl smartcache,mall test -Dtest=OpenApiApiTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dopenapi.write=true and commit the file",
            committed)
        .isEqualTo(served);
  }

  private static JsonNode parameter(JsonNode operation, String in, String name) {
    for (JsonNode p : operation.get("parameters")) {
      if (p.get("in").asString().equals(in) && p.get("name").asString().equals(name)) {
        return p;
      }
    }
    throw new AssertionError(
        "no " + in + " parameter " + name + " in " + operation.get("operationId"));
  }

  @Test
  void roles_comeFromTheLiveSecurityRules() {
    JsonNode paths = apiDocs().get("paths");
    assertThat(roles(paths, "/api/v1/purchases", "post")).containsExactly("ADMIN", "STORE");
    assertThat(roles(paths, "/api/v1/stores", "get")).containsExactly("ADMIN", "STORE", "APP");
    assertThat(roles(paths, "/api/v1/stores", "post")).containsExactly("ADMIN");
    assertThat(roles(paths, "/api/v1/shoppers/{id}", "get")).containsExactly("ADMIN", "APP");
    assertThat(roles(paths, "/api/v1/cache/stats", "get")).containsExactly("ADMIN");
    JsonNode purchase = paths.get("/api/v1/purchases").get("post");
    assertThat(purchase.get("responses").has("201")).isTrue();
    assertThat(purchase.get("responses").has("403")).isTrue();
    JsonNode example =
        purchase.get("requestBody").get("content").get("application/json").get("example");
    assertThat(example.get("amountMinor").asLong()).isEqualTo(12999);
    assertThat(example.get("currency").asString()).isEqualTo("USD");
  }

  @Test
  void swaggerUi_isServedWithoutAKey() {
    Reply redirect = call("GET", "/swagger-ui", null, null);
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.header("Location")).contains("/swagger-ui/index.html");
    Reply page = call("GET", "/swagger-ui/index.html", null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().body()).contains("swagger-ui");
    Reply config = call("GET", "/v3/api-docs/swagger-config", null, null);
    assertThat(config.status()).isEqualTo(200);
    assertThat(config.json().get("url").asString()).isEqualTo("/v3/api-docs");
    // Its bundle sets inline styles; nothing else gets that allowance.
    assertThat(page.header("Content-Security-Policy"))
        .contains("style-src 'self' 'unsafe-inline'")
        .contains("frame-ancestors 'none'");
    assertThat(call("GET", "/v3/api-docs", null, null).header("Content-Security-Policy"))
        .doesNotContain("unsafe-inline");
  }

  private JsonNode apiDocs() {
    Reply reply = call("GET", "/v3/api-docs", null, null);
    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
    try {
      // Kept for readers of the build output (and the README): the document as served.
      Files.writeString(Path.of("target", "openapi.json"), reply.raw().body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return reply.json();
  }

  private static List<String> roles(JsonNode paths, String path, String method) {
    List<String> roles = new ArrayList<>();
    paths.get(path).get(method).get("x-roles").forEach(r -> roles.add(r.asString()));
    return roles;
  }
}
