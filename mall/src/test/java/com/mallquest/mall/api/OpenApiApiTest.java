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

/** The OpenAPI document covers every endpoint, with roles, examples and problem+json errors; Swagger UI is served. */
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
    assertThat(handlers).as("handler methods").contains("POST /api/v1/purchases", "GET /api/v1/shoppers/{id}");

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
    assertThat(docs.get("components").get("schemas").get("Problem").get("properties").propertyNames())
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
          assertThat(problem.get("content").get("application/problem+json").get("schema").get("$ref").asString())
              .isEqualTo("#/components/schemas/Problem");
        }
        if (path.getKey().contains("{")) {
          assertThat(responses.has("404")).as("%s 404", name).isTrue();
        }
        JsonNode body = operation.get("requestBody");
        if (body != null) {
          for (Map.Entry<String, JsonNode> media : body.get("content").properties()) {
            assertThat(media.getValue().has("example") || media.getValue().has("examples"))
                .as("%s request example for %s", name, media.getKey()).isTrue();
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
    JsonNode example = purchase.get("requestBody").get("content").get("application/json").get("example");
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
    assertThat(page.header("Content-Security-Policy")).contains("style-src 'self' 'unsafe-inline'")
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
