package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;

/**
 * Generated requests to every endpoint Spring has mapped under {@code /api/} (enumerated from the
 * {@code RequestMappingHandlerMapping}, so endpoints added later are covered too): random path
 * variables, query strings, headers and bodies (JSON objects with the API's field names and hostile
 * values, malformed JSON, other media types). Whatever comes: no 5xx, every error is problem+json,
 * and a 4xx changes nothing (row counts and row checksums of every table).
 *
 * <p>Runs in the API tests' one shared Spring context: jqwik has no Spring extension, so the
 * context comes from Spring's context cache through a {@link TestContextManager} for a subclass of
 * {@link ApiTestSupport} that adds no configuration (same cache key, same context).
 */
class HostileInputPropertyTest {

  /** The shared context's client. */
  static final class Client extends ApiTestSupport {
    ApplicationContext context;
  }

  private static final List<String> FIELDS =
      List.of(
          "id",
          "shopperId",
          "storeId",
          "receiptId",
          "amountMinor",
          "currency",
          "displayName",
          "language",
          "timeZone",
          "name",
          "category",
          "floor",
          "coinMultiplier",
          "role",
          "active",
          "title",
          "description",
          "goal",
          "reward",
          "rewardId",
          "speciesId",
          "priceCoins",
          "stock",
          "limit");

  private static Client client;
  private static List<HostileInput.Endpoint> endpoints;
  private static Map<String, String> lastSnapshot;
  private static int requests;

  private static synchronized Client client() throws Exception {
    if (client == null) {
      Client c = new Client();
      TestContextManager manager = new TestContextManager(Client.class);
      manager.prepareTestInstance(c);
      c.context = manager.getTestContext().getApplicationContext();
      endpoints = HostileInput.endpoints(c.context);
      assertThat(endpoints).as("mapped endpoints").hasSizeGreaterThan(10);
      client = c;
    }
    return client;
  }

  @AfterContainer
  static void figuresAndReconciliation() {
    System.out.printf(
        "HostileInputPropertyTest: %d generated requests over %d endpoints%n",
        requests, endpoints == null ? 0 : endpoints.size());
    if (client != null) {
      ApiTestSupport.Reply report =
          client.call("GET", "/api/v1/operations/reconciliation", ApiTestSupport.ADMIN_KEY, null);
      // Run alone, the generated requests may have created no shopper at all: what counts is that
      // nothing they did left a balance apart from its ledger.
      Reconciliations.assertClean(report.status(), report.json(), 0);
    }
  }

  /** A generated request. */
  record Attack(
      int endpoint,
      List<String> pathValues,
      Map<String, String> query,
      String contentType,
      String accept,
      String apiKey,
      Map<String, String> extraHeaders,
      String body) {}

  @Property(tries = 150, shrinking = ShrinkingMode.OFF)
  void anyRequest_neverA5xx_errorsAreProblemJson_refusalsChangeNothing(
      @ForAll("attacks") Attack attack) throws Exception {
    Client c = client();
    if (lastSnapshot == null) {
      lastSnapshot = HostileInput.snapshot(c.jdbc);
    }
    HostileInput.Endpoint endpoint =
        endpoints.get(Math.floorMod(attack.endpoint(), endpoints.size()));
    Map<String, String> values = new LinkedHashMap<>();
    List<String> variables = endpoint.variables();
    for (int i = 0; i < variables.size(); i++) {
      values.put(variables.get(i), encode(attack.pathValues().get(i % attack.pathValues().size())));
    }
    String query =
        attack.query().entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    String path = endpoint.path(values) + (query.isEmpty() ? "" : "?" + query);

    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + c.port + path))
            .timeout(Duration.ofSeconds(30));
    if (attack.apiKey() != null) {
      b.header("X-Api-Key", attack.apiKey());
    }
    if (attack.accept() != null) {
      b.header("Accept", attack.accept());
    }
    attack.extraHeaders().forEach(b::header);
    if (attack.body() != null) {
      b.header("Content-Type", attack.contentType());
      b.method(endpoint.method(), HttpRequest.BodyPublishers.ofString(attack.body()));
    } else {
      b.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
    }
    ApiTestSupport.Reply reply = ApiTestSupport.send(b);
    HttpResponse<String> response = reply.raw();
    requests++;
    String what = endpoint.method() + " " + path + " " + attack;

    assertThat(reply.status()).as("%s answered %s", what, response.body()).isLessThan(500);
    Map<String, String> after = HostileInput.snapshot(c.jdbc);
    if (reply.status() >= 400) {
      HostileInput.assertProblem(reply, what);
      assertThat(after).as("database after the refused %s", what).isEqualTo(lastSnapshot);
    }
    lastSnapshot = after;
  }

  @Provide
  Arbitrary<Attack> attacks() {
    Arbitrary<String> hostile =
        Arbitraries.oneOf(
            Arbitraries.of(HostileInput.INJECTION_CORPUS),
            Arbitraries.strings().ofMaxLength(80),
            Arbitraries.strings().alpha().numeric().withChars("-_.").ofMinLength(1).ofMaxLength(70),
            Arbitraries.of(
                "",
                " ",
                "..",
                "%",
                "null",
                "0",
                "-1",
                "9223372036854775808",
                "1e400",
                "NaN",
                "true",
                "ada",
                "x".repeat(300)));
    Arbitrary<Map<String, String>> query =
        Arbitraries.maps(
                Arbitraries.oneOf(
                    Arbitraries.of("limit", "cursor", "from", "to", "neighbours", "period", "lang"),
                    Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)),
                hostile)
            .ofMaxSize(3);
    Arbitrary<String> headerText = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
    Arbitrary<String> contentType =
        Arbitraries.oneOf(
            Arbitraries.of(
                "application/json",
                "application/json; charset=UTF-8",
                "application/json; charset=latin1",
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "application/problem+json",
                "*/*",
                "application/*",
                "application/x-ndjson",
                "text/csv"),
            headerText);
    Arbitrary<String> accept =
        Arbitraries.oneOf(
            Arbitraries.just(null),
            Arbitraries.of(
                "application/json",
                "application/xml",
                "text/html",
                "*/*",
                "image/png",
                "application/*"),
            headerText);
    Arbitrary<String> key =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.just(ApiTestSupport.ADMIN_KEY)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(null)),
            net.jqwik.api.Tuple.of(1, headerText));
    Arbitrary<Map<String, String>> headers =
        Arbitraries.maps(
                Arbitraries.of(
                    "Idempotency-Key",
                    "Accept-Language",
                    "X-Forwarded-For",
                    "If-None-Match",
                    "Range",
                    "X-Http-Method-Override"),
                headerText)
            .ofMaxSize(2);
    return Combinators.combine(
            Arbitraries.integers().between(0, 10_000),
            hostile.list().ofMinSize(1).ofMaxSize(3),
            query,
            contentType,
            accept,
            key,
            headers,
            bodies(hostile))
        .as(Attack::new);
  }

  private static Arbitrary<String> bodies(Arbitrary<String> hostile) {
    Arbitrary<String> value =
        Arbitraries.oneOf(
            hostile.map(HostileInputPropertyTest::jsonString),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.of(
                "null",
                "true",
                "1e400",
                "-1e400",
                "9223372036854775808",
                "NaN",
                "Infinity",
                "-0",
                "0.1",
                "[]",
                "{}",
                "[1,2",
                "{\"en\":\"x\"}",
                "[\"GOLD\"]",
                "\"" + "\\u0000" + "\""));
    Arbitrary<String> object =
        Arbitraries.maps(Arbitraries.of(FIELDS), value)
            .ofMaxSize(7)
            .map(
                m ->
                    m.entrySet().stream()
                        .map(e -> jsonString(e.getKey()) + ":" + e.getValue())
                        .collect(Collectors.joining(",", "{", "}")));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, object),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(null)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(60)),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.of(
                "",
                "{",
                "}",
                "[]",
                "null",
                "\"x\"",
                "{\"a\":1}{\"b\":2}",
                "{\"id\":\"a\",\"id\":\"b\"}",
                "[".repeat(3000))));
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        b.append('\\').append(ch);
      } else if (ch < 0x20) {
        b.append(String.format("\\u%04x", (int) ch));
      } else {
        b.append(ch);
      }
    }
    return b.append('"').toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
