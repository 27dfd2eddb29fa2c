package com.mallquest.mall.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The shared API context (no configuration of its own), plus calls with extra headers. */
abstract class AccessTestSupport extends ApiTestSupport {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A call with extra headers, given as name, value, name, value... */
  protected Reply callWith(String method, String path, String key, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30));
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a key from a full JSON body and returns the whole answer. */
  protected Reply createKeyJson(String json) {
    Reply r = call("POST", "/api/v1/api-keys", ADMIN_KEY, json);
    if (r.status() != 201) {
      throw new AssertionError("key not created: " + r.status() + " " + r.raw().body());
    }
    return r;
  }

  /** Asserts an RFC 9457 problem with this status. */
  protected static void assertProblem(Reply r, int status) {
    org.assertj.core.api.Assertions.assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    org.assertj.core.api.Assertions.assertThat(r.contentType()).startsWith("application/problem+json");
  }
}
