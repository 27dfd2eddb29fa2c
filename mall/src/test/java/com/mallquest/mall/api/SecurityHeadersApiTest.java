package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every response carries the security headers, errors included; no error body shows internals. */
class SecurityHeadersApiTest extends AccessTestSupport {

  @Test
  void everyKindOfResponse_hasTheSecurityHeaders_andNoInternals() {
    String app = createKey("app", null);
    Map<String, Reply> replies = new LinkedHashMap<>();
    replies.put("200", call("GET", "/api/v1/stores", ADMIN_KEY, null));
    replies.put("201", call("POST", "/api/v1/shoppers", ADMIN_KEY, "{}"));
    replies.put("400 json", call("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\": "));
    replies.put("400 container", call("GET", "/api/v1/shoppers/a%2Fb", ADMIN_KEY, null));
    replies.put("401", call("GET", "/api/v1/stores", null, null));
    replies.put("401 bad key", call("GET", "/api/v1/stores", "mq_nope", null));
    replies.put("403", call("GET", "/api/v1/cache/stats", app, null));
    replies.put("404", call("GET", "/api/v1/shoppers/nobody-here", ADMIN_KEY, null));
    replies.put("404 path", call("GET", "/api/v1/no-such-thing", ADMIN_KEY, null));
    replies.put("405", call("DELETE", "/api/v1/stores", ADMIN_KEY, null));
    replies.put(
        "413",
        call(
            "POST",
            "/api/v1/shoppers",
            ADMIN_KEY,
            "{\"displayName\":\"" + "x".repeat(40_000) + "\"}"));
    replies.put("415", call("POST", "/api/v1/shoppers", ADMIN_KEY, "{}", "text/plain"));
    replies.put("actuator health", call("GET", "/actuator/health", null, null));
    replies.put("actuator prometheus", call("GET", "/actuator/prometheus", ADMIN_KEY, null));
    replies.put("actuator 401", call("GET", "/actuator/prometheus", null, null));

    replies.forEach(
        (what, r) -> {
          assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
          assertThat(r.header("X-Frame-Options")).as(what).isEqualTo("DENY");
          assertThat(r.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
          assertThat(r.header("Content-Security-Policy"))
              .as(what)
              .contains("default-src")
              .contains("frame-ancestors 'none'");
          assertThat(r.header("Cache-Control")).as(what).contains("no-store");
          assertThat(r.raw().headers().allValues("X-Content-Type-Options")).as(what).hasSize(1);
          if (r.status() >= 400) {
            assertThat(r.contentType()).as(what).startsWith("application/problem+json");
            assertThat(r.raw().body())
                .as(what)
                .doesNotContain(
                    "Exception", "at com.", "at org.", "SELECT", "jdbc", "org.springframework");
          }
        });
    assertThat(replies.values())
        .extracting(Reply::status)
        .contains(200, 201, 400, 401, 403, 404, 405, 413, 415);
  }

  @Test
  void apiResponses_areNotCachedButCarryTheDashboardFriendlyCsp() {
    Reply r = call("GET", "/api/v1/stores", ADMIN_KEY, null);

    assertThat(r.header("Cache-Control")).contains("no-store");
    assertThat(r.header("Content-Security-Policy"))
        .contains("default-src 'self'")
        .contains("object-src 'none'");
  }
}
