package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The SQL-injection corpus ({@link HostileInput#INJECTION_CORPUS}: quotes, comments, {@code UNION},
 * stacked statements, U+FF07 and U+02BC look-alikes, NUL) in every string field of every write (the
 * nested ones of missions, rewards and species too, and the rows of a shopper import) and in every
 * path variable of every read: each is refused with a 4xx problem+json naming the field and changes
 * nothing (no table's row count, not the rows the request could touch), or stored verbatim (text
 * fields are documented to be stored stripped) and read back equal; the schema and the rows of a
 * bystander shopper and store never change.
 */
class InjectionCorpusApiTest extends RewardsApiSupport {

  @Autowired private ApplicationContext context;

  private String store;
  private String shopper;
  private String bystanderStore;
  private String bystanderShopper;
  private String species;
  private Map<String, String> bystanders;
  private List<String> schema;

  /**
   * A string field of one of the later writes (missions, rewards, species, redemptions,
   * companions): a fresh valid body per call, the place of the field in it (map keys and list
   * indexes), and how to read the stored value back; {@code idempotent} writes get a unique {@code
   * Idempotency-Key}.
   */
  private record NestedCase(
      String path,
      Supplier<Map<String, Object>> base,
      List<Object> at,
      boolean idempotent,
      BiFunction<Reply, Map<String, Object>, JsonNode> readBack) {

    String field() {
      StringBuilder b = new StringBuilder();
      for (Object step : at) {
        b.append(step instanceof Integer i ? "[" + i + "]" : (b.isEmpty() ? "" : ".") + step);
      }
      return b.toString();
    }
  }

  /** A field of a write request: where it goes, its valid neighbours, and how to read it back. */
  private record FieldCase(
      String method,
      String path,
      Map<String, Object> base,
      String field,
      BiFunction<Reply, String, JsonNode> readBack) {}

  @BeforeEach
  void setUp() {
    store = createStore("1");
    shopper = createShopper();
    bystanderStore = createStore("1");
    bystanderShopper = createShopper();
    bystanders = bystanderRows();
    Map<String, Object> fox = species();
    Reply r = call("POST", "/api/v1/companions/species", ADMIN_KEY, JSON.writeValueAsString(fox));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    species = (String) fox.get("id");
    schema =
        jdbc.sql(
                "SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns"
                    + " WHERE table_schema = 'public' ORDER BY 1")
            .query(String.class)
            .list();
  }

  @Test
  void everyStringFieldOfEveryWrite_refusedOrStoredVerbatim() {
    List<FieldCase> cases =
        List.of(
            new FieldCase(
                "POST",
                "/api/v1/shoppers",
                Map.of("displayName", "A"),
                "id",
                (r, v) -> readShopper(v).get("id")),
            new FieldCase(
                "POST",
                "/api/v1/shoppers",
                Map.of(),
                "displayName",
                (r, v) -> readShopper(r.json().get("id").asString()).get("displayName")),
            new FieldCase(
                "POST",
                "/api/v1/shoppers",
                Map.of(),
                "language",
                (r, v) -> r.json().get("language")),
            new FieldCase(
                "POST",
                "/api/v1/shoppers",
                Map.of(),
                "timeZone",
                (r, v) -> r.json().get("timeZone")),
            new FieldCase(
                "PATCH",
                "/api/v1/shoppers/{shopper}",
                Map.of(),
                "displayName",
                (r, v) -> readShopper(shopper).get("displayName")),
            new FieldCase(
                "PATCH",
                "/api/v1/shoppers/{shopper}",
                Map.of(),
                "language",
                (r, v) -> r.json().get("language")),
            new FieldCase(
                "PATCH",
                "/api/v1/shoppers/{shopper}",
                Map.of(),
                "timeZone",
                (r, v) -> r.json().get("timeZone")),
            new FieldCase(
                "POST",
                "/api/v1/stores",
                Map.of("name", "S", "category", "food", "floor", "G"),
                "id",
                (r, v) -> readStore(v).get("id")),
            new FieldCase(
                "POST",
                "/api/v1/stores",
                Map.of("category", "food", "floor", "G"),
                "name",
                (r, v) -> readStore(r.json().get("id").asString()).get("name")),
            new FieldCase(
                "POST",
                "/api/v1/stores",
                Map.of("name", "S", "floor", "G"),
                "category",
                (r, v) -> r.json().get("category")),
            new FieldCase(
                "POST",
                "/api/v1/stores",
                Map.of("name", "S", "category", "food"),
                "floor",
                (r, v) -> readStore(r.json().get("id").asString()).get("floor")),
            new FieldCase(
                "PATCH",
                "/api/v1/stores/{store}",
                Map.of(),
                "name",
                (r, v) -> readStore(store).get("name")),
            new FieldCase(
                "POST",
                "/api/v1/purchases",
                purchase(null),
                "shopperId",
                (r, v) -> r.json().get("shopperId")),
            new FieldCase(
                "POST",
                "/api/v1/purchases",
                purchase(null),
                "storeId",
                (r, v) -> r.json().get("storeId")),
            new FieldCase(
                "POST",
                "/api/v1/purchases",
                purchase(null),
                "receiptId",
                (r, v) -> r.json().get("receiptId")),
            new FieldCase(
                "POST",
                "/api/v1/purchases",
                purchase(null),
                "currency",
                (r, v) -> r.json().get("currency")),
            new FieldCase(
                "POST",
                "/api/v1/api-keys",
                Map.of("role", "app"),
                "name",
                (r, v) -> r.json().get("name")),
            new FieldCase(
                "POST",
                "/api/v1/api-keys",
                Map.of("name", "k"),
                "role",
                (r, v) -> r.json().get("role")),
            new FieldCase(
                "POST",
                "/api/v1/api-keys",
                Map.of("name", "k", "role", "store"),
                "storeId",
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
        String what =
            c.method() + " " + path + " with " + c.field() + "=" + JSON.writeValueAsString(value);
        Map<String, Long> before = HostileInput.counts(jdbc);
        Map<String, String> targets = targetRows();
        Reply r = call(c.method(), path, ADMIN_KEY, JSON.writeValueAsString(body));
        if (r.status() >= 400) {
          HostileInput.assertProblem(r, what);
          assertThat(HostileInput.counts(jdbc))
              .as("row counts after refused %s", what)
              .isEqualTo(before);
          assertThat(targetRows()).as("target rows after refused %s", what).isEqualTo(targets);
          refused++;
        } else {
          assertThat(r.status()).as("%s: %s", what, r.raw().body()).isBetween(200, 299);
          JsonNode read = c.readBack().apply(r, value);
          assertThat(read).as("read back of %s", what).isNotNull();
          String expected =
              c.field().equals("id") || c.field().endsWith("Id") ? value : value.strip();
          assertThat(read.asString()).as("read back of %s", what).isEqualTo(expected);
          stored++;
        }
        assertUntouched(what);
      }
    }
    Reply report = call("GET", "/api/v1/operations/reconciliation", ADMIN_KEY, null);
    Reconciliations.assertClean(report.status(), report.json(), 2);
    System.out.printf(
        "InjectionCorpusApiTest: %d field cases x %d values: %d refused, %d stored verbatim%n",
        cases.size(), HostileInput.INJECTION_CORPUS.size(), refused, stored);
  }

  @Test
  void everyStringFieldOfTheCatalogWrites_refusedOrStoredVerbatim() {
    List<NestedCase> cases =
        List.of(
            missionCase(List.of("id"), (r, b) -> readMission((String) b.get("id")).get("id")),
            missionCase(
                List.of("title", "en"),
                (r, b) -> readMission((String) b.get("id")).get("titles").get("en")),
            missionCase(
                List.of("description", "en"),
                (r, b) -> readMission((String) b.get("id")).get("descriptions").get("en")),
            missionCase(
                List.of("goal", "category"),
                (r, b) -> readMission((String) b.get("id")).get("goal").get("category")),
            missionCase(
                List.of("goal", "storeId"),
                (r, b) -> readMission((String) b.get("id")).get("goal").get("storeId")),
            missionCase(
                List.of("window", "kind"),
                (r, b) -> readMission((String) b.get("id")).get("window").get("kind")),
            missionCase(
                List.of("eligibleTiers", 0),
                (r, b) -> readMission((String) b.get("id")).get("eligibleTiers").get(0)),
            missionCase(
                List.of("reward", "companionSpeciesId"),
                (r, b) ->
                    readMission((String) b.get("id")).get("reward").get("companionSpeciesId")),
            new NestedCase(
                "/api/v1/rewards",
                this::reward,
                List.of("id"),
                false,
                (r, b) -> readReward((String) b.get("id")).get("id")),
            new NestedCase(
                "/api/v1/rewards",
                this::reward,
                List.of("name", "en"),
                false,
                (r, b) -> readReward((String) b.get("id")).get("names").get("en")),
            new NestedCase(
                "/api/v1/rewards",
                this::reward,
                List.of("description", "en"),
                false,
                (r, b) -> readReward((String) b.get("id")).get("descriptions").get("en")),
            new NestedCase(
                "/api/v1/rewards",
                this::reward,
                List.of("minTier"),
                false,
                (r, b) -> readReward((String) b.get("id")).get("minTier")),
            new NestedCase(
                "/api/v1/companions/species",
                this::species,
                List.of("id"),
                false,
                (r, b) -> readSpecies((String) b.get("id")).get("id")),
            new NestedCase(
                "/api/v1/companions/species",
                this::species,
                List.of("name", "en"),
                false,
                (r, b) -> readSpecies((String) b.get("id")).get("names").get("en")),
            new NestedCase(
                "/api/v1/companions/species",
                this::species,
                List.of("stages", 0, "name", "en"),
                false,
                (r, b) ->
                    readSpecies((String) b.get("id")).get("stages").get(0).get("names").get("en")),
            new NestedCase(
                "/api/v1/companions/species",
                this::species,
                List.of("rarity"),
                false,
                (r, b) -> readSpecies((String) b.get("id")).get("rarity")));
    runNested(cases);
  }

  @Test
  void everyStringFieldOfTheShopperWrites_refusedOrStoredVerbatim() {
    // The valid bodies (each case's control call) need a redeemable reward, a species for sale and
    // 100 coins.
    Map<String, Object> coffee = reward();
    coffee.put("active", true);
    coffee.remove("minTier");
    Map<String, Object> fox = species();
    fox.put("priceCoins", 10);
    assertThat(call("POST", "/api/v1/rewards", ADMIN_KEY, JSON.writeValueAsString(coffee)).status())
        .isEqualTo(201);
    assertThat(
            call("POST", "/api/v1/companions/species", ADMIN_KEY, JSON.writeValueAsString(fox))
                .status())
        .isEqualTo(201);
    assertThat(
            call(
                    "POST",
                    "/api/v1/purchases",
                    ADMIN_KEY,
                    purchaseJson(shopper, store, unique("r"), 10_000, "USD"))
                .status())
        .isEqualTo(201);
    List<NestedCase> cases =
        List.of(
            new NestedCase(
                "/api/v1/shoppers/{shopper}/redemptions",
                () -> mutable(Map.of("rewardId", coffee.get("id"))),
                List.of("rewardId"),
                true,
                (r, b) -> r.json().get("rewardId")),
            new NestedCase(
                "/api/v1/shoppers/{shopper}/companions",
                () -> mutable(Map.of("speciesId", fox.get("id"))),
                List.of("speciesId"),
                true,
                (r, b) -> r.json().get("companion").get("speciesId")));
    runNested(cases);
    int created = 0;
    int rejected = 0;
    for (String field : List.of("id", "displayName", "language", "timeZone")) {
      for (String value : HostileInput.INJECTION_CORPUS) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", unique("imp"));
        row.put(field, value);
        String what =
            "POST /api/v1/shoppers/import with a row's "
                + field
                + "="
                + JSON.writeValueAsString(value);
        Map<String, Long> before = HostileInput.counts(jdbc);
        Map<String, String> targets = targetRows();
        Reply r =
            call(
                "POST",
                "/api/v1/shoppers/import",
                ADMIN_KEY,
                JSON.writeValueAsString(row) + "\n",
                "application/x-ndjson");
        assertThat(r.status()).as("%s: %s", what, r.raw().body()).isEqualTo(200);
        JsonNode answer = r.json();
        assertThat(answer.get("created").asLong() + answer.get("rejected").asLong())
            .as("%s: one row, created or rejected: %s", what, r.raw().body())
            .isEqualTo(1);
        if (answer.get("rejected").asLong() == 1) {
          assertThat(answer.get("errors").get(0).get("line").asLong()).as(what).isEqualTo(1);
          assertThat(HostileInput.counts(jdbc))
              .as("row counts after rejected %s", what)
              .isEqualTo(before);
          rejected++;
        } else {
          JsonNode read = readShopper((String) row.get("id")).get(field);
          assertThat(read).as("read back of %s", what).isNotNull();
          assertThat(read.asString())
              .as("read back of %s", what)
              .isEqualTo(field.equals("id") ? value : value.strip());
          created++;
        }
        assertThat(targetRows()).as("target rows after %s", what).isEqualTo(targets);
        assertUntouched(what);
      }
    }
    Reply report = call("GET", "/api/v1/operations/reconciliation", ADMIN_KEY, null);
    Reconciliations.assertClean(report.status(), report.json(), 2);
    System.out.printf(
        "InjectionCorpusApiTest: import, 4 fields x %d values: %d rows rejected, %d created verbatim%n",
        HostileInput.INJECTION_CORPUS.size(), rejected, created);
  }

  private void runNested(List<NestedCase> cases) {
    Map<String, int[]> tally = new LinkedHashMap<>();
    for (NestedCase c : cases) {
      String path = c.path().replace("{shopper}", shopper);
      Reply control =
          call(
              "POST",
              path,
              ADMIN_KEY,
              JSON.writeValueAsString(c.base().get()),
              "Idempotency-Key",
              c.idempotent() ? unique("idem") : null);
      assertThat(control.status())
          .as("the valid body of %s %s: %s", path, c.field(), control.raw().body())
          .isBetween(200, 299);
      for (String value : HostileInput.INJECTION_CORPUS) {
        Map<String, Object> body = c.base().get();
        putAt(body, c.at(), value);
        String what = "POST " + path + " with " + c.field() + "=" + JSON.writeValueAsString(value);
        Map<String, Long> before = HostileInput.counts(jdbc);
        Map<String, String> targets = targetRows();
        Reply r =
            call(
                "POST",
                path,
                ADMIN_KEY,
                JSON.writeValueAsString(body),
                "Idempotency-Key",
                c.idempotent() ? unique("idem") : null);
        int[] counts = tally.computeIfAbsent(c.path(), p -> new int[2]);
        if (r.status() >= 400) {
          HostileInput.assertProblem(r, what);
          if (r.json().has("field")) {
            assertThat(r.json().get("field").asString())
                .as("the field named by the refusal of %s", what)
                .isEqualTo(c.field().replaceAll("\\[\\d+]", ""));
          }
          assertThat(HostileInput.counts(jdbc))
              .as("row counts after refused %s", what)
              .isEqualTo(before);
          assertThat(targetRows()).as("target rows after refused %s", what).isEqualTo(targets);
          counts[0]++;
        } else {
          assertThat(r.status()).as("%s: %s", what, r.raw().body()).isBetween(200, 299);
          JsonNode read = c.readBack().apply(r, body);
          assertThat(read).as("read back of %s", what).isNotNull();
          String last = String.valueOf(c.at().get(c.at().size() - 1));
          String expected = last.equals("id") || last.endsWith("Id") ? value : value.strip();
          assertThat(read.asString()).as("read back of %s", what).isEqualTo(expected);
          counts[1]++;
        }
        assertUntouched(what);
      }
    }
    Reply report = call("GET", "/api/v1/operations/reconciliation", ADMIN_KEY, null);
    Reconciliations.assertClean(report.status(), report.json(), 2);
    tally.forEach(
        (p, n) ->
            System.out.printf(
                "InjectionCorpusApiTest: POST %s: %d refused, %d stored verbatim%n",
                p, n[0], n[1]));
  }

  /** Puts {@code value} at the place {@code at} (map keys and list indexes) of the nested body. */
  @SuppressWarnings("unchecked")
  private static void putAt(Map<String, Object> body, List<Object> at, String value) {
    Object node = body;
    for (int i = 0; i < at.size() - 1; i++) {
      node =
          node instanceof Map<?, ?> m
              ? m.get(at.get(i))
              : ((List<Object>) node).get((Integer) at.get(i));
    }
    Object last = at.get(at.size() - 1);
    if (node instanceof Map<?, ?>) {
      ((Map<String, Object>) node).put((String) last, value);
    } else {
      ((List<Object>) node).set((Integer) last, value);
    }
  }

  private static Map<String, Object> mutable(Map<String, Object> map) {
    return new LinkedHashMap<>(map);
  }

  /**
   * A valid inactive mission (so no other test sees it) whose goal and tiers fit the field under
   * test: a category goal for {@code goal.category}, a store-visit goal for {@code goal.storeId}.
   */
  private NestedCase missionCase(
      List<Object> at, BiFunction<Reply, Map<String, Object>, JsonNode> readBack) {
    Supplier<Map<String, Object>> base =
        () -> {
          Map<String, Object> goal = new LinkedHashMap<>();
          if (at.contains("category")) {
            goal.put("kind", "CATEGORY_SPEND");
            goal.put("category", "food");
          } else if (at.contains("storeId")) {
            goal.put("kind", "STORE_VISIT");
            goal.put("storeId", store);
          } else {
            goal.put("kind", "PURCHASE_COUNT");
          }
          goal.put("target", 1);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("id", unique("m"));
          body.put("title", mutable(Map.of("en", "Spend")));
          body.put("description", mutable(Map.of("en", "Spend money")));
          body.put("goal", goal);
          body.put(
              "window",
              mutable(
                  Map.of(
                      "kind",
                      "FIXED",
                      "start",
                      "2020-01-01T00:00:00Z",
                      "end",
                      "2100-01-01T00:00:00Z")));
          body.put("eligibleTiers", new ArrayList<>(List.of("GOLD")));
          body.put("reward", mutable(Map.of("coins", 1, "companionSpeciesId", species)));
          body.put("active", false);
          return body;
        };
    return new NestedCase("/api/v1/missions", base, at, false, readBack);
  }

  /** A valid inactive reward (so no shopper can redeem it). */
  private Map<String, Object> reward() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", unique("reward"));
    body.put("name", mutable(Map.of("en", "Coffee")));
    body.put("description", mutable(Map.of("en", "A cup")));
    body.put("priceCoins", 10);
    body.put("minTier", "SILVER");
    body.put("active", false);
    return body;
  }

  /** A valid species that is not for sale. */
  private Map<String, Object> species() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", unique("fox"));
    body.put("name", mutable(Map.of("en", "Fox")));
    body.put("rarity", "rare");
    List<Object> stages = new ArrayList<>();
    stages.add(mutable(Map.of("name", mutable(Map.of("en", "Kit")), "xpRequired", 0)));
    stages.add(mutable(Map.of("name", mutable(Map.of("en", "Fox")), "xpRequired", 100)));
    body.put("stages", stages);
    return body;
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
        endpoint
            .variables()
            .forEach(v -> values.put(v, URLEncoder.encode(value, StandardCharsets.UTF_8)));
        String path = endpoint.path(values);
        Map<String, Long> before = HostileInput.counts(jdbc);
        Map<String, String> targets = targetRows();
        Reply r = call("GET", path, ADMIN_KEY, null);
        String what = "GET " + path;
        assertThat(r.status()).as("%s: %s", what, r.raw().body()).isLessThan(500);
        if (r.status() >= 400) {
          HostileInput.assertProblem(r, what);
        }
        assertThat(HostileInput.counts(jdbc)).as("row counts after %s", what).isEqualTo(before);
        assertThat(targetRows()).as("target rows after %s", what).isEqualTo(targets);
        requests++;
      }
    }
    assertUntouched("the reads");
    assertThat(requests).isGreaterThanOrEqualTo(3 * HostileInput.INJECTION_CORPUS.size());
  }

  private void assertUntouched(String what) {
    assertThat(bystanderRows()).as("bystander rows after %s", what).isEqualTo(bystanders);
    assertThat(
            jdbc.sql(
                    "SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns"
                        + " WHERE table_schema = 'public' ORDER BY 1")
                .query(String.class)
                .list())
        .as("schema after %s", what)
        .isEqualTo(schema);
  }

  /**
   * The rows a write in these cases can change: the target shopper and store, with their versions.
   */
  private Map<String, String> targetRows() {
    return rowsOf(shopper, store);
  }

  private Map<String, String> bystanderRows() {
    return rowsOf(bystanderShopper, bystanderStore);
  }

  private Map<String, String> rowsOf(String shopperId, String storeId) {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put(
        "shopper",
        jdbc.sql(
                "SELECT display_name || '|' || language || '|' || time_zone || '|' || coins"
                    + " || '|' || version FROM shoppers WHERE id = ?")
            .param(shopperId)
            .query(String.class)
            .single());
    rows.put(
        "store",
        jdbc.sql(
                "SELECT name || '|' || category || '|' || floor || '|' || active || '|' || version"
                    + " FROM stores WHERE id = ?")
            .param(storeId)
            .query(String.class)
            .single());
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
    Reply r =
        call(
            "GET",
            "/api/v1/shoppers/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
            ADMIN_KEY,
            null);
    assertThat(r.status()).as("read of shopper %s: %s", id, r.raw().body()).isEqualTo(200);
    return r.json();
  }

  private JsonNode readMission(String id) {
    Reply r =
        call(
            "GET",
            "/api/v1/missions/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
            ADMIN_KEY,
            null);
    assertThat(r.status()).as("read of mission %s: %s", id, r.raw().body()).isEqualTo(200);
    return r.json();
  }

  private JsonNode readReward(String id) {
    Reply r =
        call(
            "GET",
            "/api/v1/rewards/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
            ADMIN_KEY,
            null);
    assertThat(r.status()).as("read of reward %s: %s", id, r.raw().body()).isEqualTo(200);
    return r.json();
  }

  private JsonNode readSpecies(String id) {
    Reply r = call("GET", "/api/v1/companions/species", ADMIN_KEY, null);
    assertThat(r.status()).as("read of the species: %s", r.raw().body()).isEqualTo(200);
    for (JsonNode s : r.json()) {
      if (s.get("id").asString().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("species " + id + " not listed");
  }

  private JsonNode readStore(String id) {
    Reply r =
        call(
            "GET",
            "/api/v1/stores/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
            ADMIN_KEY,
            null);
    assertThat(r.status()).as("read of store %s: %s", id, r.raw().body()).isEqualTo(200);
    return r.json();
  }
}
