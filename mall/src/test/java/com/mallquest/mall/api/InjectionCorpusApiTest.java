package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The SQL-injection corpus ({@link HostileInput#INJECTION_CORPUS}: quotes, comments, {@code UNION},
 * stacked statements, U+FF07 and U+02BC look-alikes, NUL) in every string field of every write and
 * in every path variable of every read: each is refused with a 4xx problem+json and changes
 * nothing, or stored verbatim (text fields are documented to be stored stripped) and read back
 * equal; the schema and the rows of a bystander shopper and store never change.
 */
class InjectionCorpusApiTest extends ApiTestSupport {

  @Autowired
  private ApplicationContext context;

  private String store;
  private String shopper;
  private String bystanderStore;
  private String bystanderShopper;
  private Map<String, String> bystanders;
  private List<String> schema;

  /** A field of a write request: where it goes, its valid neighbours, and how to read it back. */
  private record FieldCase(String method, String path, Map<String, Object> base, String field,
      BiFunction<Reply, String, JsonNode> readBack) {}

  @BeforeEach
  void setUp() {
    store = createStore("1");
    shopper = createShopper();
    bystanderStore = createStore("1");
    bystanderShopper = createShopper();
    bystanders = bystanderRows();
    schema = jdbc.sql("SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns"
        + " WHERE table_schema = 'public' ORDER BY 1").query(String.class).list();
  }

  @Test
  void everyStringFieldOfEveryWrite_refusedOrStoredVerbatim() {
    List<FieldCase> cases = List.of(
        new FieldCase("POST", "/api/v1/shoppers", Map.of("displayName", "A"), "id",
            (r, v) -> readShopper(v).get("id")),
        new FieldCase("POST", "/api/v1/shoppers", Map.of(), "displayName",
            (r, v) -> readShopper(r.json().get("id").asString()).get("displayName")),
        new FieldCase("POST", "/api/v1/shoppers", Map.of(), "language", (r, v) -> r.json().get("language")),
        new FieldCase("POST", "/api/v1/shoppers", Map.of(), "timeZone", (r, v) -> r.json().get("timeZone")),
        new FieldCase("PATCH", "/api/v1/shoppers/{shopper}", Map.of(), "displayName",
            (r, v) -> readShopper(shopper).get("displayName")),
        new FieldCase("PATCH", "/api/v1/shoppers/{shopper}", Map.of(), "language", (r, v) -> r.json().get("language")),
        new FieldCase("PATCH", "/api/v1/shoppers/{shopper}", Map.of(), "timeZone", (r, v) -> r.json().get("timeZone")),
        new FieldCase("POST", "/api/v1/stores", Map.of("name", "S", "category", "food", "floor", "G"), "id",
            (r, v) -> readStore(v).get("id")),
        new FieldCase("POST", "/api/v1/stores", Map.of("category", "food", "floor", "G"), "name",
            (r, v) -> readStore(r.json().get("id").asString()).get("name")),
        new FieldCase("POST", "/api/v1/stores", Map.of("name", "S", "floor", "G"), "category",
            (r, v) -> r.json().get("category")),
        new FieldCase("POST", "/api/v1/stores", Map.of("name", "S", "category", "food"), "floor",
            (r, v) -> readStore(r.json().get("id").asString()).get("floor")),
        new FieldCase("PATCH", "/api/v1/stores/{store}", Map.of(), "name", (r, v) -> readStore(store).get("name")),
        new FieldCase("POST", "/api/v1/purchases", purchase(null), "shopperId", (r, v) -> r.json().get("shopperId")),
        new FieldCase("POST", "/api/v1/purchases", purchase(null), "storeId", (r, v) -> r.json().get("storeId")),
        new FieldCase("POST", "/api/v1/purchases", purchase(null), "receiptId", (r, v) -> r.json().get("receiptId")),
        new FieldCase("POST", "/api/v1/purchases", purchase(null), "currency", (r, v) -> r.json().get("currency")),
        new FieldCase("POST", "/api/v1/api-keys", Map.of("role", "app"), "name", (r, v) -> r.json().get("name")),
        new FieldCase("POST", "/api/v1/api-keys", Map.of("name", "k"), "role", (r, v) -> r.json().get("role")),
        new FieldCase("POST", "/api/v1/api-keys", Map.of("name", "k", "role", "store"), "storeId",
            (r, v) -> r.json().get("storeId")));
    int stored = 0;
    int refused = 0;
    for (FieldCase c : cases) {
      for (String value : HostileInput.INJECTION_CORPUS) {
        Map<String, Object> body = new LinkedHashMap<>(c.base());
        if (c.path().equals("/api/v1/purchases") && !c.field().equals("receiptId")) {
          body.put("receiptId", unique("r"));
        }
        body.put(c.field(), value);
        String path = c.path().replace("{shopper}", shopper).replace("{store}", store);
        String what = c.method() + " " + path + " with " + c.field() + "=" + JSON.writeValueAsString(value);
        Map<String, String> before = HostileInput.snapshot(jdbc);
        Reply r = call(c.method(), path, ADMIN_KEY, JSON.writeValueAsString(body));
        if (r.status() >= 400) {
          HostileInput.assertProblem(r, what);
          assertThat(HostileInput.snapshot(jdbc)).as("database after refused %s", what).isEqualTo(before);
          refused++;
        } else {
          assertThat(r.status()).as("%s: %s", what, r.raw().body()).isBetween(200, 299);
          JsonNode read = c.readBack().apply(r, value);
          assertThat(read).as("read back of %s", what).isNotNull();
          String expected = c.field().equals("id") || c.field().endsWith("Id") ? value : value.strip();
          assertThat(read.asString()).as("read back of %s", what).isEqualTo(expected);
          stored++;
        }
        assertUntouched(what);
      }
    }
    Reply report = call("GET", "/api/v1/operations/reconciliation", ADMIN_KEY, null);
    Reconciliations.assertClean(report.status(), report.json(), 2);
    System.out.printf("InjectionCorpusApiTest: %d field cases x %d values: %d refused, %d stored verbatim%n",
        cases.size(), HostileInput.INJECTION_CORPUS.size(), refused, stored);
  }

  @Test
  void everyPathVariableOfEveryRead_refusedOrAnsweredAndNothingChanges() {
    int requests = 0;
    for (HostileInput.Endpoint endpoint : HostileInput.endpoints(context)) {
      if (!endpoint.method().equals("GET") || endpoint.variables().isEmpty()) {
        continue;
      }
      for (String value : HostileInput.INJECTION_CORPUS) {
        Map<String, String> values = new LinkedHashMap<>();
        endpoint.variables().forEach(v -> values.put(v, URLEncoder.encode(value, StandardCharsets.UTF_8)));
        String path = endpoint.path(values);
        Map<String, String> before = HostileInput.snapshot(jdbc);
        Reply r = call("GET", path, ADMIN_KEY, null);
        String what = "GET " + path;
        assertThat(r.status()).as("%s: %s", what, r.raw().body()).isLessThan(500);
        if (r.status() >= 400) {
          HostileInput.assertProblem(r, what);
        }
        assertThat(HostileInput.snapshot(jdbc)).as("database after %s", what).isEqualTo(before);
        requests++;
      }
    }
    assertUntouched("the reads");
    assertThat(requests).isGreaterThanOrEqualTo(3 * HostileInput.INJECTION_CORPUS.size());
  }

  private void assertUntouched(String what) {
    assertThat(bystanderRows()).as("bystander rows after %s", what).isEqualTo(bystanders);
    assertThat(jdbc.sql("SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns"
        + " WHERE table_schema = 'public' ORDER BY 1").query(String.class).list()).as("schema after %s", what)
        .isEqualTo(schema);
  }

  private Map<String, String> bystanderRows() {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("shopper", jdbc.sql("SELECT display_name || '|' || coins || '|' || version FROM shoppers WHERE id = ?")
        .param(bystanderShopper).query(String.class).single());
    rows.put("store", jdbc.sql("SELECT name || '|' || category || '|' || version FROM stores WHERE id = ?")
        .param(bystanderStore).query(String.class).single());
    return rows;
  }

  private Map<String, Object> purchase(String receipt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("shopperId", shopper);
    body.put("storeId", store);
    if (receipt != null) {
      body.put("receiptId", receipt);
    }
    body.put("amountMinor", 100);
    body.put("currency", "USD");
    return body;
  }

  private JsonNode readShopper(String id) {
    Reply r = call("GET", "/api/v1/shoppers/" + URLEncoder.encode(id, StandardCharsets.UTF_8), ADMIN_KEY, null);
    assertThat(r.status()).as("read of shopper %s: %s", id, r.raw().body()).isEqualTo(200);
    return r.json();
  }

  private JsonNode readStore(String id) {
    Reply r = call("GET", "/api/v1/stores/" + URLEncoder.encode(id, StandardCharsets.UTF_8), ADMIN_KEY, null);
    assertThat(r.status()).as("read of store %s: %s", id, r.raw().body()).isEqualTo(200);
    return r.json();
  }
}
