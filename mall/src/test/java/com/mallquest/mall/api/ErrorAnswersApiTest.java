package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Every error answer, whoever gives it (a controller, the security chain, a filter, the {@code
 * /error} dispatch, Tomcat itself), is one kind of RFC 9457 problem: {@code type}, {@code title},
 * {@code status}, {@code detail} and {@code instance} (the path asked for, as a relative URI
 * reference), in {@code application/problem+json} whatever {@code Accept} asked for, with the
 * security headers, and a detail that says what is wrong.
 */
class ErrorAnswersApiTest extends ApiTestSupport {

  /** Paths the container or the firewall refuses before any controller runs. */
  private static final List<String> REFUSED_PATHS =
      List.of(
          "/api/v1/shoppers/../api-keys",
          "/api/v1/shoppers/%2e%2e/api-keys",
          "/api/v1/shoppers/..;/api-keys",
          "/api/v1/shoppers;jsessionid=1",
          "/api/v1//shoppers",
          "/api/v1/./shoppers",
          "/api/v1/shoppers/%252e%252e");

  private static final List<String> ACCEPTS =
      List.of(
          "application/json",
          "application/problem+json",
          "*/*",
          "application/json, text/html;q=0.5");

  @Test
  void everySourceOfErrors_answersTheSameProblemMembers() {
    String app = createKey("app", null);
    record Case(
        String what, String method, String path, String key, String body, String contentType) {}
    List<Case> cases =
        List.of(
            new Case(
                "controller 400",
                "POST",
                "/api/v1/shoppers",
                ADMIN_KEY,
                "{\"displayName\": ",
                "application/json"),
            new Case(
                "controller 404", "GET", "/api/v1/shoppers/nobody-here", ADMIN_KEY, null, null),
            new Case("spring 404", "GET", "/api/v1/no-such-thing", ADMIN_KEY, null, null),
            new Case("spring 405", "DELETE", "/api/v1/stores", ADMIN_KEY, null, null),
            new Case("spring 415", "POST", "/api/v1/shoppers", ADMIN_KEY, "{}", "text/plain"),
            new Case("security 401", "GET", "/api/v1/stores", null, null, null),
            new Case("key filter 401", "GET", "/api/v1/stores", "mq_nope", null, null),
            new Case("security 403", "GET", "/api/v1/cache/stats", app, null, null),
            new Case(
                "size filter 413",
                "POST",
                "/api/v1/shoppers",
                ADMIN_KEY,
                "{\"displayName\":\"" + "x".repeat(40_000) + "\"}",
                "application/json"),
            new Case(
                "idempotency filter 400",
                "POST",
                "/api/v1/shoppers",
                ADMIN_KEY,
                "{}",
                "application/json"));
    for (Case c : cases) {
      List<String> headers = new ArrayList<>(List.of("Accept", "application/json"));
      if (c.contentType() != null) {
        headers.addAll(List.of("Content-Type", c.contentType()));
      }
      if (c.what().startsWith("idempotency")) {
        headers.addAll(List.of("Idempotency-Key", "bad key with spaces"));
      }
      Reply r = callWith(c.method(), c.path(), c.key(), c.body(), headers.toArray(String[]::new));
      assertThat(r.contentType()).as(c.what()).startsWith("application/problem+json");
      assertProblemMembers(c.what(), r.status(), r.json(), c.path());
    }
    RawHttp.Answer firewall =
        RawHttp.send(
            port,
            "GET /api/v1/shoppers/../api-keys HTTP/1.1",
            List.of("Accept: application/json", "X-Api-Key: " + ADMIN_KEY));
    assertProblemMembers(
        "/error dispatch", firewall.status(), firewall.json(), "/api/v1/shoppers/../api-keys");
    RawHttp.Answer tomcat =
        RawHttp.send(
            port, "GET /api/v1/shoppers/a%2Fb HTTP/1.1", List.of("Accept: application/json"));
    assertProblemMembers(
        "Tomcat's valve", tomcat.status(), tomcat.json(), "/api/v1/shoppers/a%2Fb");
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/problem+json", "*/*"})
  void refusedPaths_are400ProblemWhateverTheAcceptHeader(String accept) {
    for (String path : REFUSED_PATHS) {
      for (String key : new String[] {null, ADMIN_KEY}) {
        List<String> headers = new ArrayList<>(List.of("Accept: " + accept));
        if (key != null) {
          headers.add("X-Api-Key: " + key);
        }
        RawHttp.Answer r = RawHttp.send(port, "GET " + path + " HTTP/1.1", headers);
        String what = path + " Accept " + accept + (key == null ? " no key" : " key");
        assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertProblemMembers(what, r.status(), r.json(), path);
      }
    }
  }

  @Test
  void unknownMethods_are4xxProblemWithJsonAccept_not406() {
    for (String method : List.of("TRACK", "FOO")) {
      for (String accept : ACCEPTS) {
        RawHttp.Answer r =
            RawHttp.send(
                port,
                method + " /api/v1/shoppers/x HTTP/1.1",
                List.of("Accept: " + accept, "X-Api-Key: " + ADMIN_KEY));
        String what = method + " Accept " + accept;
        assertThat(r.status()).as(what + ": " + r.body()).isIn(400, 405);
        assertThat(r.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertProblemMembers(what, r.status(), r.json(), "/api/v1/shoppers/x");
      }
    }
  }

  @Test
  void trace_is405WithTheResourcesAllowAndTheSecurityHeaders() {
    for (String key : new String[] {null, ADMIN_KEY}) {
      RawHttp.Answer r =
          RawHttp.send(
              port,
              "TRACE /api/v1/shoppers/x HTTP/1.1",
              key == null
                  ? List.of("Accept: application/json")
                  : List.of("Accept: application/json", "X-Api-Key: " + key));
      String what = key == null ? "no key" : "key";

      assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(405);
      assertThat(r.header("Allow")).as(what).isNotNull();
      assertThat(List.of(r.header("Allow").split(",\\s*")))
          .as(what)
          .containsExactlyInAnyOrder("GET", "PATCH");
      assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
      assertThat(r.header("X-Frame-Options")).as(what).isEqualTo("DENY");
      assertThat(r.header("Content-Security-Policy")).as(what).contains("frame-ancestors 'none'");
      assertThat(r.header("Cache-Control")).as(what).contains("no-store");
      // Never the request echoed back (HttpServlet.doTrace's answer), let alone its key.
      assertThat(r.body()).as(what).doesNotContain("TRACE /", ADMIN_KEY, "X-Api-Key");
      assertProblemMembers(what, r.status(), r.json(), "/api/v1/shoppers/x");
    }
  }

  @Test
  void unsupportedHttpVersion_is505SayingSo() {
    RawHttp.Answer r =
        RawHttp.send(port, "GET /api/v1/stores HTTP/9.9", List.of("Accept: application/json"));

    assertThat(r.status()).isEqualTo(505);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("detail").asString())
        .contains("HTTP version")
        .doesNotContain("unexpected");
  }

  private static void assertProblemMembers(String what, int status, JsonNode body, String path) {
    assertThat(body.get("type")).as(what + " type: " + body).isNotNull();
    assertThat(body.get("type").asString()).as(what).isEqualTo("about:blank");
    assertThat(body.get("title").asString()).as(what).isNotBlank();
    assertThat(body.get("status").asInt()).as(what).isEqualTo(status);
    assertThat(body.get("detail").asString()).as(what).isNotBlank();
    assertThat(body.get("instance")).as(what + " instance: " + body).isNotNull();
    URI instance = URI.create(body.get("instance").asString());
    assertThat(instance.isAbsolute()).as(what).isFalse();
    assertThat(instance.getRawAuthority()).as(what).isNull();
    assertThat(instance.getRawPath()).as(what).isEqualTo(path);
    assertThat(body.toString())
        .as(what)
        .doesNotContain("Exception", "at com.", "org.springframework");
  }
}
