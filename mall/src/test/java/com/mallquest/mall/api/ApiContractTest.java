package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/**
 * What {@link ApiContract} refuses, on a small document: the checks every API test relies on, kept
 * from being loosened by accident (no Spring, no server).
 */
class ApiContractTest {

  private static final String DOCUMENT =
      """
      {"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
       "paths": {"/api/v1/things/{id}": {"get": {
         "parameters": [
           {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
           {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}}],
         "responses": {
           "200": {"description": "ok", "content": {"application/json": {
             "schema": {"$ref": "#/components/schemas/Thing"}}}},
           "400": {"description": "bad", "content": {"application/problem+json": {"schema": {"type": "object",
             "properties": {"type": {"type": "string"}, "status": {"type": "integer"}}}}}}}}}},
       "components": {"schemas": {"Thing": {"type": "object", "required": ["id"],
         "properties": {"id": {"type": "string"}, "n": {"type": "integer"}}}}}}
      """;
  private static final OpenApiInteractionValidator VALIDATOR = ApiContract.validator(DOCUMENT);

  @Test
  void aDocumentedAnswer_passes() {
    assertThatCode(
            () -> check("/api/v1/things/a", 200, "application/json", "{\"id\":\"a\",\"n\":1}"))
        .doesNotThrowAnyException();
  }

  @Test
  void anUndocumentedField_fails() {
    assertThatThrownBy(
            () -> check("/api/v1/things/a", 200, "application/json", "{\"id\":\"a\",\"extra\":1}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("additionalProperties")
        .hasMessageContaining("extra");
  }

  @Test
  void anUndeclaredStatus_fails() {
    assertThatThrownBy(
            () -> check("/api/v1/things/a", 404, "application/problem+json", "{\"status\":404}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("404");
  }

  @Test
  void aBodyOfTheWrongShape_fails() {
    assertThatThrownBy(() -> check("/api/v1/things/a", 200, "application/json", "{\"n\":\"one\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("required")
        .hasMessageContaining("n");
  }

  @Test
  void anUndeclaredContentType_fails() {
    assertThatThrownBy(() -> check("/api/v1/things/a", 200, "text/plain", "a"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Content-Type");
  }

  @Test
  void aRequestTheDocumentRefuses_mustBeRefused() {
    assertThatThrownBy(
            () -> check("/api/v1/things/a?limit=500", 200, "application/json", "{\"id\":\"a\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("refuses this request");
    assertThatCode(
            () ->
                check(
                    "/api/v1/things/a?limit=500",
                    400,
                    "application/problem+json",
                    "{\"type\":\"about:blank\",\"status\":400}"))
        .doesNotThrowAnyException();
  }

  @Test
  void anOptionalParameterSentEmpty_isTheParameterAbsent_butAnEmptyOneThatIsNotANumberIsNot() {
    // "?limit=": the server takes it for an absent limit (its default), which the document allows.
    assertThatCode(
            () -> check("/api/v1/things/a?limit=", 200, "application/json", "{\"id\":\"a\"}"))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> check("/api/v1/things/a?from=&limit=", 200, "application/json", "{\"id\":\"a\"}"))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> check("/api/v1/things/a?limit=x", 200, "application/json", "{\"id\":\"a\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("refuses");
  }

  @Test
  void whatTheServerIgnores_andPathsOutsideTheApi_areNotCounted() {
    assertThatCode(
            () -> check("/api/v1/things/a?unknown=1", 200, "application/json", "{\"id\":\"a\"}"))
        .doesNotThrowAnyException();
    assertThatCode(() -> check("/actuator/health", 500, "text/plain", "down"))
        .doesNotThrowAnyException();
    // Not the documented path (the server answers 404 for it): only a refusal is required.
    assertThatCode(
            () -> check("/api/v1/things/a/", 404, "application/problem+json", "{\"status\":404}"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> check("/api/v1/things/a/", 200, "application/json", "{\"id\":\"a\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("refuses this request");
  }

  private static void check(String pathAndQuery, int status, String contentType, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:1" + pathAndQuery)).GET().build();
    ApiContract.check(VALIDATOR, request, new Answer(request, status, contentType, body));
  }

  /** A canned answer. */
  private record Answer(HttpRequest request, int statusCode, String contentType, String body)
      implements HttpResponse<String> {

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return HttpHeaders.of(Map.of("Content-Type", List.of(contentType)), (name, value) -> true);
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return request.uri();
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
