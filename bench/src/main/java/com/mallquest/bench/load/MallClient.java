package com.mallquest.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** A small JSON client of the MallQuest API ({@code java.net.http}, HTTP/1.1, one ADMIN key). */
public final class MallClient {

  /**
   * One answer.
   *
   * @param status the HTTP status, or 0 if the request failed before a response ({@code error} says why)
   * @param body the JSON body ({@link MissingNode} if none or not JSON)
   * @param error the transport error, or {@code null}
   */
  public record Response(int status, JsonNode body, String error) {

    /** Whether the status is 2xx. */
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The label errors are counted under: the status, or {@code io} for a transport failure. */
    public String statusLabel() {
      return status == 0 ? "io" : Integer.toString(status);
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http;
  private final URI base;
  private final String apiKey;
  private final Duration timeout;

  /** A client of the service at {@code base} (e.g. {@code http://127.0.0.1:8080}) with {@code apiKey}. */
  public MallClient(URI base, String apiKey, Duration timeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .build();
  }

  /** The shared JSON mapper. */
  public static JsonMapper json() {
    return JSON;
  }

  /** {@code GET path}. */
  public Response get(String path) {
    return send(request(path).GET().build());
  }

  /** {@code POST path} with a JSON body. */
  public Response post(String path, Object body) {
    String text = body instanceof String s ? s : JSON.writeValueAsString(body);
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(text)).build());
  }

  /** {@code POST path} with a streamed body of {@code contentType}. */
  public Response postStream(String path, String contentType, Supplier<InputStream> body) {
    return send(request(path).header("Content-Type", contentType)
        .timeout(Duration.ofMinutes(30))
        .POST(HttpRequest.BodyPublishers.ofInputStream(body)).build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(timeout)
        .header("X-Api-Key", apiKey)
        .header("Accept", "application/json");
  }

  private Response send(HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return new Response(0, MissingNode.getInstance(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(0, MissingNode.getInstance(), "interrupted");
    }
    JsonNode body = MissingNode.getInstance();
    byte[] bytes = response.body();
    if (bytes != null && bytes.length > 0) {
      try {
        body = JSON.readTree(bytes);
      } catch (JacksonException e) {
        body = MissingNode.getInstance();
      }
    }
    return new Response(response.statusCode(), body, null);
  }
}
