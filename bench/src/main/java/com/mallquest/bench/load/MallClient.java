package com.mallquest.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A small JSON client of the MallQuest API (HTTP/1.1 keep-alive, one ADMIN key). Thread-safe.
 *
 * <p>Cost: the load tool runs on the machine it measures, so every microsecond of CPU it spends per
 * request is taken from the service. Requests therefore go over {@link HttpURLConnection} by
 * default: blocking, one pooled keep-alive connection per busy worker thread, no selector thread
 * and no timer per request ({@code ClientCpuComparison} measures it against {@code java.net.http}).
 * Response bodies are kept as bytes and parsed only when asked ({@link Response#body()}), or
 * scanned for one top-level number ({@link Response#topLevelLong(String)}).
 *
 * <p>Timeouts: the connect timeout bounds connecting, the read timeout bounds each wait for bytes
 * from the service; a timeout is answered like any transport failure (status 0).
 *
 * <p>{@link #postStream} (the bulk import: a large streamed body, a long timeout) goes over {@code
 * java.net.http}, whose client is created on first use.
 */
public final class MallClient {

  /** How requests other than {@link #postStream} travel. */
  enum Transport {
    /** {@link HttpURLConnection} with the JDK's keep-alive cache: the cheapest per request. */
    URL_CONNECTION,
    /**
     * {@code java.net.http.HttpClient}, HTTP/1.1, a timeout per request: what the tool used first.
     */
    JAVA_NET_HTTP
  }

  /**
   * One answer. The body is kept as bytes and parsed on the first {@link #body()}; an answer is
   * meant to be read by the thread that received it.
   */
  public static final class Response {

    private static final byte[] NO_BYTES = new byte[0];

    private final int status;
    private final byte[] bytes;
    private final String error;
    private JsonNode body;

    private Response(int status, byte[] bytes, String error) {
      this.status = status;
      this.bytes = bytes;
      this.error = error;
    }

    /** An answer with {@code status} and the raw {@code body} (not copied; empty if none). */
    public static Response of(int status, byte[] body) {
      return new Response(status, Objects.requireNonNull(body, "body"), null);
    }

    /** A request that failed before a response: status 0, {@code error} says why. */
    public static Response failed(String error) {
      return new Response(0, NO_BYTES, Objects.requireNonNull(error, "error"));
    }

    /**
     * The HTTP status, or 0 if the request failed before a response ({@link #error()} says why).
     */
    public int status() {
      return status;
    }

    /** The transport error, or {@code null} if there was a response. */
    public String error() {
      return error;
    }

    /** The JSON body, parsed now if not yet ({@link MissingNode} if none or not JSON). */
    public JsonNode body() {
      if (body == null) {
        body = parse(bytes);
      }
      return body;
    }

    /**
     * The top-level field {@code name} of a JSON object body if it is an integer, found by
     * streaming over the body without building a tree (nested objects are skipped, not read into
     * memory).
     */
    public OptionalLong topLevelLong(String name) {
      if (bytes.length == 0) {
        return OptionalLong.empty();
      }
      try (JsonParser p = JSON.createParser(bytes)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return OptionalLong.empty();
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
          boolean wanted = name.equals(p.currentName());
          JsonToken value = p.nextToken();
          if (wanted) {
            return value == JsonToken.VALUE_NUMBER_INT
                ? OptionalLong.of(p.getLongValue())
                : OptionalLong.empty();
          }
          p.skipChildren();
        }
        return OptionalLong.empty();
      } catch (JacksonException e) {
        return OptionalLong.empty();
      }
    }

    /** Whether the status is 2xx. */
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The label errors are counted under: the status, or {@code io} for a transport failure. */
    public String statusLabel() {
      return status == 0 ? "io" : Integer.toString(status);
    }

    @Override
    public String toString() {
      return error != null
          ? statusLabel() + " " + error
          : status + " " + new String(bytes, StandardCharsets.UTF_8);
    }

    private static JsonNode parse(byte[] bytes) {
      if (bytes.length == 0) {
        return MissingNode.getInstance();
      }
      try {
        return JSON.readTree(bytes);
      } catch (JacksonException e) {
        return MissingNode.getInstance();
      }
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

  static {
    // Both are read once, when the JDK's HTTP classes first load, so they are set here, before any
    // request; an explicit -D wins. The keep-alive cache holds 5 idle connections per server by
    // default: with more worker threads, the others would open a new connection per request.
    // A POST that fails on a stale pooled connection is resent by default; a resent purchase or
    // check-in would be credited with the tool none the wiser, so it fails (status 0) instead, as
    // with java.net.http, and the coin check counts the shopper as uncertain.
    setIfAbsent("http.maxConnections", "256");
    setIfAbsent("sun.net.http.retryPost", "false");
  }

  private final URI base;
  private final String apiKey;
  private final Duration timeout;
  private final int timeoutMillis;
  private final Transport transport;
  private volatile HttpClient http;

  /**
   * A client of the service at {@code base} (e.g. {@code http://127.0.0.1:8080}) with {@code
   * apiKey}.
   */
  public MallClient(URI base, String apiKey, Duration timeout) {
    this(base, apiKey, timeout, Transport.URL_CONNECTION);
  }

  /** As {@link #MallClient(URI, String, Duration)} over {@code transport} (to compare them). */
  MallClient(URI base, String apiKey, Duration timeout, Transport transport) {
    this.base = Objects.requireNonNull(base, "base");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.transport = Objects.requireNonNull(transport, "transport");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    // HttpURLConnection reads 0 as "wait forever": round a sub-millisecond timeout up, not down.
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    if (transport == Transport.JAVA_NET_HTTP) {
      this.http = newHttpClient();
    }
  }

  /** The shared JSON mapper. */
  public static JsonMapper json() {
    return JSON;
  }

  /** {@code GET path}. */
  public Response get(String path) {
    return transport == Transport.URL_CONNECTION
        ? exchange("GET", path, null)
        : send(request(path).timeout(timeout).GET().build());
  }

  /**
   * {@code POST path} with a JSON body (a {@link String} is sent as it is, anything else as JSON).
   */
  public Response post(String path, Object body) {
    if (transport == Transport.URL_CONNECTION) {
      return exchange(
          "POST",
          path,
          body instanceof String s
              ? s.getBytes(StandardCharsets.UTF_8)
              : JSON.writeValueAsBytes(body));
    }
    String text = body instanceof String s ? s : JSON.writeValueAsString(body);
    return send(
        request(path)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(text))
            .build());
  }

  /** {@code POST path} with a streamed body of {@code contentType}, allowed 30 minutes. */
  public Response postStream(String path, String contentType, Supplier<InputStream> body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .timeout(STREAM_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofInputStream(body))
            .build());
  }

  // ---------------------------------------------------------------- HttpURLConnection

  private Response exchange(String method, String path, byte[] body) {
    HttpURLConnection c = null;
    try {
      // No proxy, as java.net.http without one: and no ProxySelector lookup per request.
      c = (HttpURLConnection) base.resolve(path).toURL().openConnection(Proxy.NO_PROXY);
      c.setConnectTimeout(timeoutMillis);
      c.setReadTimeout(timeoutMillis);
      c.setUseCaches(false);
      // As java.net.http by default: a redirect is an answer to count, not to follow.
      c.setInstanceFollowRedirects(false);
      c.setRequestMethod(method);
      c.setRequestProperty("X-Api-Key", apiKey);
      c.setRequestProperty("Accept", "application/json");
      if (body != null) {
        // Not streaming mode: for a streamed POST on a pooled connection the JDK first probes the
        // socket with a 1 ms read timeout, a millisecond added to every purchase's latency.
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
          out.write(body);
        }
      }
      int status = c.getResponseCode();
      if (status < 100) {
        c.disconnect();
        return Response.failed("not an HTTP response");
      }
      // An error status has its body on the error stream; reading either to the end and closing it
      // is what returns the connection to the keep-alive cache.
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      if (in == null) {
        return Response.of(status, Response.NO_BYTES);
      }
      try (in) {
        return Response.of(status, in.readAllBytes());
      }
    } catch (IOException e) {
      if (c != null) {
        // The connection's state is unknown: close it rather than pool it.
        c.disconnect();
      }
      return Response.failed(e.toString());
    }
  }

  // ---------------------------------------------------------------- java.net.http

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .header("X-Api-Key", apiKey)
        .header("Accept", "application/json");
  }

  private Response send(HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = httpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return Response.failed(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.failed("interrupted");
    }
    byte[] bytes = response.body();
    return Response.of(response.statusCode(), bytes != null ? bytes : Response.NO_BYTES);
  }

  private HttpClient httpClient() {
    HttpClient client = http;
    if (client == null) {
      synchronized (this) {
        client = http;
        if (client == null) {
          client = newHttpClient();
          http = client;
        }
      }
    }
    return client;
  }

  private HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .build();
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
