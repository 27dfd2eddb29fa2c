package com.mallquest.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * The load tool end to end against a tiny fake MallQuest ({@link HttpServer}): the coin check
 * passes when the server credits what it reports, and fails (exit code 1) when it loses or doubles
 * coins.
 */
class LoadToolTest {

  /** How the fake server misbehaves. */
  enum Fault {
    NONE,
    LOSE_EVERY_TENTH,
    DOUBLE_EVERY_TENTH
  }

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void honestServer_coinCheckPasses(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("report.json");
    Run run = run(Fault.NONE, "--json", json.toString());
    assertThat(run.exitCode).as(run.out).isZero();
    assertThat(run.out).contains("coin check: OK");
    JsonNode report = MallClient.json().readTree(Files.readString(json));
    assertThat(report.path("coins").path("mismatchCount").asInt()).isZero();
    assertThat(report.path("coins").path("coinsCredited").asLong())
        .isPositive()
        .isEqualTo(report.path("coins").path("coinsFound").asLong());
    long total =
        report.path("operations").findValues("count").stream()
            .mapToLong(JsonNode::asLong)
            .max()
            .orElse(0);
    assertThat(total).isEqualTo(200);
    assertThat(report.path("cache").path("shoppers").path("requests").asLong()).isPositive();
  }

  @Test
  void serverThatLosesCoins_failsTheCheck() {
    Run run = run(Fault.LOSE_EVERY_TENTH);
    assertThat(run.exitCode).as(run.out).isEqualTo(1);
    assertThat(run.out).contains("coin check: MISMATCH");
  }

  @Test
  void serverThatDoublesCoins_failsTheCheck() {
    Run run = run(Fault.DOUBLE_EVERY_TENTH);
    assertThat(run.exitCode).as(run.out).isEqualTo(1);
    assertThat(run.out).contains("coin check: MISMATCH");
  }

  @Test
  void badMix_isAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cl = new CommandLine(new LoadTool());
    cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    int code = cl.execute("--api-key", "k", "--mix", "read=70,buy=30");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown operation 'buy'");
  }

  @Test
  void durations_parse() {
    assertThat(LoadOptions.parseDuration("500ms")).hasMillis(500);
    assertThat(LoadOptions.parseDuration("30s")).hasSeconds(30);
    assertThat(LoadOptions.parseDuration("5m")).hasMinutes(5);
    assertThat(LoadOptions.parseDuration("PT2S")).hasSeconds(2);
  }

  private record Run(int exitCode, String out) {}

  private Run run(Fault fault, String... extra) {
    int port = startFakeMall(fault);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    String[] args = {
      "--url",
      "http://127.0.0.1:" + port,
      "--api-key",
      "test-key",
      "--shoppers",
      "20",
      "--stores",
      "3",
      "--count",
      "200",
      "--concurrency",
      "4",
      "--mix",
      "read=40,purchase=40,checkin=20",
      "--seed",
      "1",
      "--quiet"
    };
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    int code = new CommandLine(new LoadTool(out, out)).execute(all);
    return new Run(code, bytes.toString(StandardCharsets.UTF_8));
  }

  /** A fake MallQuest: stores, shoppers with balances, purchases, check-ins, cache stats. */
  private int startFakeMall(Fault fault) {
    AtomicLongArray coins = new AtomicLongArray(1000);
    Map<String, Boolean> checkedIn = new ConcurrentHashMap<>();
    AtomicLong purchases = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/api/v1/",
        ex -> {
          try (ex) {
            if (!"test-key".equals(ex.getRequestHeaders().getFirst("X-Api-Key"))) {
              reply(ex, 401, "{}");
              return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            JsonNode body =
                "POST".equals(method) && path.matches(".*/(stores|shoppers|purchases)")
                    ? MallClient.json().readTree(ex.getRequestBody().readAllBytes())
                    : null;
            if (path.equals("/api/v1/stores") && method.equals("POST")) {
              reply(ex, 201, "{\"id\":\"" + body.path("id").asString() + "\"}");
            } else if (path.equals("/api/v1/shoppers") && method.equals("POST")) {
              reply(ex, 201, "{\"id\":\"" + body.path("id").asString() + "\",\"coins\":0}");
            } else if (path.equals("/api/v1/purchases")) {
              int i = index(body.path("shopperId").asString());
              long earned = body.path("amountMinor").asLong() / 100;
              long n = purchases.incrementAndGet();
              long credited =
                  n % 10 == 0 && fault == Fault.LOSE_EVERY_TENTH
                      ? earned - 1
                      : n % 10 == 0 && fault == Fault.DOUBLE_EVERY_TENTH ? 2 * earned : earned;
              long after = coins.addAndGet(i, credited);
              reply(
                  ex,
                  201,
                  "{\"coinsEarned\":"
                      + earned
                      + ",\"shopper\":{\"coins\":"
                      + after
                      + "},\"replayed\":false}");
            } else if (path.endsWith("/check-ins")) {
              String id = path.split("/")[4];
              boolean first = checkedIn.putIfAbsent(id, Boolean.TRUE) == null;
              if (first) {
                coins.addAndGet(index(id), 5);
              }
              reply(
                  ex,
                  first ? 201 : 200,
                  "{\"coinsAwarded\":" + (first ? 5 : 0) + ",\"alreadyCheckedIn\":" + !first + "}");
            } else if (path.startsWith("/api/v1/shoppers/")) {
              reads.incrementAndGet();
              String id = path.substring("/api/v1/shoppers/".length());
              reply(ex, 200, "{\"id\":\"" + id + "\",\"coins\":" + coins.get(index(id)) + "}");
            } else if (path.equals("/api/v1/cache/stats")) {
              reply(
                  ex,
                  200,
                  "{\"shoppers\":{\"requests\":"
                      + reads.get()
                      + ",\"memoryHits\":"
                      + reads.get()
                      + ",\"redisHits\":0,\"sourceLoads\":0,\"negativeHits\":0,\"memoryCacheSize\":20,\"memoryLimit\":1000}}");
            } else {
              reply(ex, 404, "{}");
            }
          }
        });
    server.start();
    return server.getAddress().getPort();
  }

  private static int index(String shopperId) {
    return Integer.parseInt(shopperId.substring(shopperId.lastIndexOf('-') + 1));
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
