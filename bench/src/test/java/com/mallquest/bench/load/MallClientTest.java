package com.mallquest.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.bench.load.MallClient.Transport;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.MissingNode;

/**
 * The client's contract over every transport, against a local {@link HttpServer}: statuses, bodies,
 * headers, keep-alive, and transport failures and timeouts answered as status 0.
 */
class MallClientTest {

  /** A request as the server saw it. */
  private record Seen(String method, String path, Headers headers, String body, int clientPort) {}

  private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

  /** Holds the {@code /hang} handler until the test ends. */
  private final CountDownLatch release = new CountDownLatch(1);

  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().toString();
            seen.add(
                new Seen(
                    ex.getRequestMethod(),
                    path,
                    ex.getRequestHeaders(),
                    body,
                    ex.getRemoteAddress().getPort()));
            switch (path) {
              case "/hang" -> {
                release.await();
                reply(ex, 200, "{}");
              }
              case "/missing" -> reply(ex, 404, "{\"title\":\"Not Found\"}");
              case "/text" -> reply(ex, 200, "not json");
              case "/empty" -> reply(ex, 204, "");
              default ->
                  reply(
                      ex,
                      ex.getRequestMethod().equals("POST") ? 201 : 200,
                      "{\"coinsEarned\":42,\"shopper\":{\"coins\":7},\"path\":\"" + path + "\"}");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void get_answersStatusAndBody_andSendsTheKeyAndAccept(Transport transport) {
    MallClient.Response r = client(transport).get("/api/v1/shoppers/s-1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.ok()).isTrue();
    assertThat(r.error()).isNull();
    assertThat(r.body().path("path").asString()).isEqualTo("/api/v1/shoppers/s-1");
    Seen request = seen.remove();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.headers().getFirst("X-Api-Key")).isEqualTo("test-key");
    assertThat(request.headers().getFirst("Accept")).isEqualTo("application/json");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void post_sendsJsonWithItsContentType(Transport transport) {
    MallClient.Response r = client(transport).post("/api/v1/purchases", Map.of("receiptId", "R-1"));
    assertThat(r.status()).isEqualTo(201);
    Seen request = seen.remove();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
    assertThat(request.headers().getFirst("X-Api-Key")).isEqualTo("test-key");
    assertThat(request.headers().getFirst("Accept")).isEqualTo("application/json");
    assertThat(request.body()).isEqualTo("{\"receiptId\":\"R-1\"}");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void post_emptyString_sendsAnEmptyBody(Transport transport) {
    MallClient.Response r = client(transport).post("/api/v1/shoppers/s-1/check-ins", "");
    assertThat(r.status()).isEqualTo(201);
    Seen request = seen.remove();
    assertThat(request.body()).isEmpty();
    assertThat(request.headers().getFirst("Content-Length")).isEqualTo("0");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void errorStatus_isAnAnswerWithItsBody(Transport transport) {
    MallClient.Response r = client(transport).get("/missing");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.ok()).isFalse();
    assertThat(r.statusLabel()).isEqualTo("404");
    assertThat(r.error()).isNull();
    assertThat(r.body().path("title").asString()).isEqualTo("Not Found");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void bodyThatIsNotJson_orEmpty_isMissing(Transport transport) {
    MallClient client = client(transport);
    assertThat(client.get("/text").body()).isInstanceOf(MissingNode.class);
    MallClient.Response empty = client.get("/empty");
    assertThat(empty.status()).isEqualTo(204);
    assertThat(empty.body()).isInstanceOf(MissingNode.class);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void sequentialRequests_reuseOneConnection_evenAfterAnErrorStatus(Transport transport) {
    MallClient client = client(transport);
    for (int i = 0; i < 20; i++) {
      assertThat(client.get(i % 5 == 0 ? "/missing" : "/ok").status()).isIn(200, 404);
    }
    assertThat(seen)
        .hasSize(20)
        .extracting(Seen::clientPort)
        .containsOnly(seen.peek().clientPort());
  }

  @Test
  void concurrentRequests_openNoMoreConnectionsThanThreads() throws Exception {
    MallClient client = client(Transport.URL_CONNECTION);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        statuses.add(pool.submit(() -> client.get("/ok").status()));
      }
      for (Future<Integer> f : statuses) {
        assertThat(f.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    // The JDK pools 5 idle connections per server unless told otherwise: more threads than that
    // would open a connection per request.
    Set<Integer> ports = ConcurrentHashMap.newKeySet();
    seen.forEach(s -> ports.add(s.clientPort()));
    assertThat(ports).hasSizeLessThanOrEqualTo(threads);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void nothingListening_isStatusZeroWithTheError(Transport transport) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    MallClient client =
        new MallClient(
            URI.create("http://127.0.0.1:" + port), "test-key", Duration.ofSeconds(5), transport);
    MallClient.Response r = client.get("/api/v1/shoppers/s-1");
    assertThat(r.status()).isZero();
    assertThat(r.ok()).isFalse();
    assertThat(r.statusLabel()).isEqualTo("io");
    assertThat(r.error()).contains("Connect");
    assertThat(r.body()).isInstanceOf(MissingNode.class);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void noAnswerWithinTheTimeout_isStatusZero_afterTheTimeout(Transport transport) {
    Duration timeout = Duration.ofMillis(300);
    MallClient client = new MallClient(base, "test-key", timeout, transport);
    long start = System.nanoTime();
    MallClient.Response r = client.get("/hang");
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.status()).isZero();
    assertThat(r.error()).containsIgnoringCase("timed out");
    assertThat(waited)
        .isGreaterThanOrEqualTo(timeout.minusMillis(10))
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void postStream_sendsTheStreamedBody() {
    MallClient client = client(Transport.URL_CONNECTION);
    byte[] lines = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
    MallClient.Response r =
        client.postStream(
            "/api/v1/shoppers/import",
            "application/x-ndjson",
            () -> new ByteArrayInputStream(lines));
    assertThat(r.status()).isEqualTo(201);
    Seen request = seen.remove();
    assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/x-ndjson");
    assertThat(request.headers().getFirst("X-Api-Key")).isEqualTo("test-key");
    assertThat(request.body()).isEqualTo(new String(lines, StandardCharsets.UTF_8));
  }

  @Test
  void timeout_mustBePositive() {
    assertThatThrownBy(() -> new MallClient(base, "k", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }

  // ---------------------------------------------------------------- Response

  @Test
  void body_isParsedOnFirstUse_thenKept() {
    byte[] bytes = "{\"coins\":1}".getBytes(StandardCharsets.UTF_8);
    MallClient.Response r = MallClient.Response.of(200, bytes);
    // The bytes are not copied: a change before the first body() shows the body was not parsed yet.
    bytes[9] = '2';
    assertThat(r.body().path("coins").asLong()).isEqualTo(2);
    bytes[9] = '3';
    assertThat(r.body()).isSameAs(r.body());
    assertThat(r.body().path("coins").asLong()).isEqualTo(2);
  }

  @Test
  void topLevelLong_readsOnlyATopLevelInteger() {
    MallClient.Response r =
        MallClient.Response.of(
            201,
            ("{\"shopper\":{\"coinsEarned\":9,\"badges\":[{\"a\":1}]},"
                    + "\"name\":\"coinsEarned\",\"coinsEarned\":42,\"xp\":1.5}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.topLevelLong("coinsEarned")).hasValue(42);
    assertThat(r.topLevelLong("xp")).isEmpty();
    assertThat(r.topLevelLong("absent")).isEmpty();
    assertThat(r.topLevelLong("name")).isEmpty();
  }

  @Test
  void topLevelLong_ofNoJsonObject_isEmpty() {
    assertThat(MallClient.Response.of(200, new byte[0]).topLevelLong("a")).isEmpty();
    assertThat(
            MallClient.Response.of(200, "[1,2]".getBytes(StandardCharsets.UTF_8)).topLevelLong("a"))
        .isEmpty();
    assertThat(
            MallClient.Response.of(200, "{\"a\":".getBytes(StandardCharsets.UTF_8))
                .topLevelLong("b"))
        .isEmpty();
    assertThat(MallClient.Response.failed("boom").topLevelLong("a")).isEmpty();
  }

  private MallClient client(Transport transport) {
    return new MallClient(base, "test-key", Duration.ofSeconds(10), transport);
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
