package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/shoppers/import}: NDJSON and CSV, counts, line numbers, limits and roles. */
class ShopperImportApiTest extends ApiTestSupport {

  private static final String PATH = "/api/v1/shoppers/import";
  private static final String NDJSON = "application/x-ndjson";
  private static final String CSV = "text/csv";

  @Test
  void ndjson_mixedRows_createsTheGoodOnesAndListsTheBadWithLineNumbers() {
    String existing = createShopper();
    String a = unique("imp");
    String b = unique("imp");
    String c = unique("imp");
    String body =
        String.join(
                "\n",
                "{\"id\":\""
                    + a
                    + "\",\"displayName\":\"  Ann Lee \",\"language\":\"pt-br\",\"timeZone\":\"Asia/Tokyo\"}",
                "{\"id\":\"" + b + "\"}",
                "",
                "{\"id\":\"" + existing + "\",\"displayName\":\"Not Ada\"}",
                "{\"id\":\"bad id!\"}",
                "{\"displayName\":\"no id\"}",
                "{\"id\":\"" + unique("imp") + "\",\"timeZone\":\"Mars/Olympus\"}",
                "{\"id\":",
                "{\"id\":\"" + a + "\",\"displayName\":\"Ann again\"}",
                "{\"id\":\"" + c + "\",\"language\":\"en-GB\"}")
            + "\n";

    Reply r = call("POST", PATH, ADMIN_KEY, body, NDJSON);

    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    JsonNode json = r.json();
    assertThat(json.get("created").asLong()).isEqualTo(3);
    assertThat(json.get("skipped").asLong())
        .as("the existing id and the repeated one")
        .isEqualTo(2);
    assertThat(json.get("rejected").asLong()).isEqualTo(4);
    assertThat(json.get("errorsTruncated").asBoolean()).isFalse();
    assertThat(lines(json)).containsExactly(5L, 6L, 7L, 8L);
    assertThat(json.get("errors").get(1).get("reason").asString()).contains("id is required");
    assertThat(json.get("errors").get(2).get("reason").asString()).contains("Mars/Olympus");

    JsonNode ann = call("GET", "/api/v1/shoppers/" + a, ADMIN_KEY, null).json();
    assertThat(ann.get("displayName").asString()).isEqualTo("Ann Lee");
    assertThat(ann.get("language").asString()).isEqualTo("pt-BR");
    assertThat(ann.get("timeZone").asString()).isEqualTo("Asia/Tokyo");
    assertThat(
            call("GET", "/api/v1/shoppers/" + b, ADMIN_KEY, null)
                .json()
                .get("displayName")
                .asString())
        .isEqualTo(b);
    assertThat(
            call("GET", "/api/v1/shoppers/" + existing, ADMIN_KEY, null)
                .json()
                .get("displayName")
                .asString())
        .as("an existing shopper is left as it was")
        .isEqualTo("Ada");
  }

  @Test
  void csv_sameFileTwice_secondRunCreatesNothing() {
    String a = unique("csv");
    String b = unique("csv");
    String body =
        "\uFEFFid,displayName,language,timeZone\r\n"
            + a
            + ",\"Smith, Ann\",es,Europe/Madrid\r\n"
            + b
            + ",,,\r\n"
            + "x,\"broken\r\n";

    Reply first = call("POST", PATH, ADMIN_KEY, body, CSV + "; charset=utf-8");
    Reply second = call("POST", PATH, ADMIN_KEY, body, CSV);

    assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
    assertThat(counts(first.json())).containsExactly(2L, 0L, 1L);
    assertThat(lines(first.json())).containsExactly(4L);
    assertThat(counts(second.json())).containsExactly(0L, 2L, 1L);
    assertThat(
            call("GET", "/api/v1/shoppers/" + a, ADMIN_KEY, null)
                .json()
                .get("displayName")
                .asString())
        .isEqualTo("Smith, Ann");
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM shoppers WHERE id IN (?, ?)")
                .params(a, b)
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void bodyLargerThanTheGeneralRequestLimit_isStreamedAndImported() {
    String prefix = unique("big");
    String body =
        IntStream.range(0, 2500)
            .mapToObj(
                i ->
                    "{\"id\":\""
                        + prefix
                        + "-"
                        + i
                        + "\",\"displayName\":\"Shopper number "
                        + i
                        + "\"}")
            .collect(Collectors.joining("\n"));
    assertThat(body.length())
        .as("over mallquest.max-request-bytes of the tests")
        .isGreaterThan(16384 * 4);

    Reply r = call("POST", PATH, ADMIN_KEY, body, NDJSON);

    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(counts(r.json())).containsExactly(2500L, 0L, 0L);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM shoppers WHERE id LIKE ?")
                .params(prefix + "-%")
                .query(Long.class)
                .single())
        .isEqualTo(2500);
  }

  @Test
  void withAnIdempotencyKey_theBodyStillStreams_pastTheGeneralLimit() {
    String prefix = unique("keyed");
    String body =
        IntStream.range(0, 2500)
            .mapToObj(
                i ->
                    "{\"id\":\""
                        + prefix
                        + "-"
                        + i
                        + "\",\"displayName\":\"Shopper number "
                        + i
                        + "\"}")
            .collect(Collectors.joining("\n"));
    Reply r =
        callWith("POST", PATH, ADMIN_KEY, body, "Content-Type", NDJSON, "Idempotency-Key", prefix);

    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM shoppers WHERE id LIKE ?")
                .params(prefix + "-%")
                .query(Long.class)
                .single())
        .isEqualTo(2500);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = ?")
                .params(prefix)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void shopperLookedUpBeforeTheImport_isVisibleRightAfterIt() {
    String id = unique("late");
    assertThat(call("GET", "/api/v1/shoppers/" + id, ADMIN_KEY, null).status()).isEqualTo(404);
    assertThat(call("GET", "/api/v1/shoppers/" + id, ADMIN_KEY, null).status())
        .as("the miss is cached")
        .isEqualTo(404);

    Reply r =
        call(
            "POST",
            PATH,
            ADMIN_KEY,
            "{\"id\":\"" + id + "\",\"displayName\":\"Late Comer\"}\n",
            NDJSON);

    assertThat(counts(r.json())).containsExactly(1L, 0L, 0L);
    Reply after = call("GET", "/api/v1/shoppers/" + id, ADMIN_KEY, null);
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.json().get("displayName").asString()).isEqualTo("Late Comer");
  }

  @Test
  void otherContentTypes_are415AndChangeNothing() {
    String id = unique("type");
    String row = "{\"id\":\"" + id + "\"}";

    for (String type : List.of("application/json", "text/plain", "text/csv; charset=ISO-8859-1")) {
      Reply r = call("POST", PATH, ADMIN_KEY, row, type);
      assertThat(r.status()).as(type).isEqualTo(415);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    assertThat(call("GET", "/api/v1/shoppers/" + id, ADMIN_KEY, null).status()).isEqualTo(404);
  }

  @Test
  void nonAdminKey_is403AndChangesNothing() {
    String app = createKey("APP", null);
    String id = unique("app");

    Reply r = call("POST", PATH, app, "{\"id\":\"" + id + "\"}", NDJSON);

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(call("POST", PATH, null, "{\"id\":\"" + id + "\"}", NDJSON).status()).isEqualTo(401);
    assertThat(call("GET", "/api/v1/shoppers/" + id, ADMIN_KEY, null).status()).isEqualTo(404);
  }

  @Test
  void badCsvHeader_is400BeforeAnyRow() {
    String id = unique("hdr");

    Reply r = call("POST", PATH, ADMIN_KEY, "id,email\n" + id + ",a@b.c\n", CSV);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("field").asString()).isEqualTo("header");
    assertThat(call("GET", "/api/v1/shoppers/" + id, ADMIN_KEY, null).status()).isEqualTo(404);
  }

  @Test
  void contentLengthOverTheImportLimit_is413BeforeReading() throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + PATH
                  + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: "
                  + ADMIN_KEY
                  + "\r\n"
                  + "Content-Type: "
                  + NDJSON
                  + "\r\nContent-Length: "
                  + (2L << 30)
                  + "\r\nConnection: close\r\n\r\n"
                  + "{\"id\":\"never\"}\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      List<String> head = new ArrayList<>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        head.add(line.toLowerCase(java.util.Locale.ROOT));
      }
      assertThat(head.get(0)).startsWith("http/1.1 413");
      assertThat(head).anyMatch(h -> h.startsWith("content-type: application/problem+json"));
    }
  }

  private static List<Long> counts(JsonNode json) {
    return List.of(
        json.get("created").asLong(), json.get("skipped").asLong(), json.get("rejected").asLong());
  }

  private static List<Long> lines(JsonNode json) {
    List<Long> lines = new ArrayList<>();
    json.get("errors").forEach(e -> lines.add(e.get("line").asLong()));
    return lines;
  }
}
