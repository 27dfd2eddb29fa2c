package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * What the hostile-input tests share: the API's endpoints as Spring has mapped them (so endpoints
 * added later are covered without editing the tests), a snapshot of the database to prove a refused
 * request changed nothing, the SQL-injection corpus, and the check that a refusal is problem+json.
 */
final class HostileInput {

  private HostileInput() {}

  /** Strings that break SQL built by concatenation, or that look like quotes to a careless eye. */
  static final List<String> INJECTION_CORPUS =
      List.of(
          "'",
          "''",
          "\"",
          "x' OR '1'='1",
          "1 OR 1=1",
          "x'; DROP TABLE shoppers; --",
          "x\"); DROP TABLE stores; --",
          "' UNION SELECT id, key_hash FROM api_keys --",
          "admin'--",
          "/* comment */",
          "x' /*",
          "-- ",
          "%' AND 1=0 UNION ALL SELECT NULL --",
          "\\'; SELECT pg_sleep(1); --",
          "$$; DROP TABLE purchases; $$",
          "\uFF07 OR \uFF071\uFF07=\uFF071",
          "\u02BC OR 1=1 --",
          "x\u0000y",
          "\u0000",
          "\u2028",
          "Robert'); DROP TABLE" + " students;--",
          "${jndi:ldap://x/a}",
          "{{7*7}}");

  /**
   * One mapped endpoint.
   *
   * @param method the HTTP method
   * @param pattern the path pattern, with {@code {variables}}
   */
  record Endpoint(String method, String pattern, boolean consumesJson) {

    /** The names of the path variables, in order. */
    List<String> variables() {
      List<String> names = new ArrayList<>();
      for (int i = pattern.indexOf('{'); i >= 0; i = pattern.indexOf('{', i + 1)) {
        names.add(pattern.substring(i + 1, pattern.indexOf('}', i)));
      }
      return names;
    }

    /** The path with each variable replaced (values are put in as they are: encode them first). */
    String path(Map<String, String> values) {
      String path = pattern;
      for (String name : variables()) {
        path = path.replace("{" + name + "}", values.getOrDefault(name, "x"));
      }
      return path;
    }

    @Override
    public String toString() {
      return method + " " + pattern;
    }
  }

  /** Every {@code /api/...} endpoint and method of the running service, sorted. */
  static List<Endpoint> endpoints(ApplicationContext context) {
    RequestMappingHandlerMapping mapping =
        context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Set<String> seen = new TreeSet<>();
    Set<String> json = new TreeSet<>();
    for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      boolean consumesJson =
          info.getConsumesCondition().getConsumableMediaTypes().stream()
              .anyMatch(t -> t.getSubtype().endsWith("json"));
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api/")) {
          continue;
        }
        if (methods.isEmpty()) {
          for (String m : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            seen.add(m + " " + pattern);
          }
        }
        methods.forEach(m -> seen.add(m.name() + " " + pattern));
        if (consumesJson) {
          methods.forEach(m -> json.add(m.name() + " " + pattern));
        }
      }
    }
    return seen.stream()
        .map(
            s ->
                new Endpoint(
                    s.substring(0, s.indexOf(' ')),
                    s.substring(s.indexOf(' ') + 1),
                    json.contains(s)))
        .toList();
  }

  /**
   * Per table: the row count. Cheaper than {@link #snapshot} where the rows at risk are watched
   * apart.
   */
  static Map<String, Long> counts(JdbcClient jdbc) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : tables(jdbc)) {
      counts.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single());
    }
    return counts;
  }

  /**
   * The tables that hold state. Not {@code change_outbox}: the outbox relay empties it in the
   * background, so two snapshots around a refused request could differ by what the relay published
   * meanwhile. Not {@code audit_log}: it records every answered ADMIN write by design, a 200 import
   * whose rows were all rejected included (ShopperConsoleApiTest shows that a refused write leaves
   * no entry).
   */
  private static List<String> tables(JdbcClient jdbc) {
    return jdbc.sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_type = 'BASE TABLE' AND table_name NOT IN ('change_outbox', 'audit_log') ORDER BY table_name")
        .query(String.class)
        .list();
  }

  /**
   * Per table: row count and an order-independent checksum of every row's values. Table names come
   * from the database's own catalogue, not from input.
   */
  static Map<String, String> snapshot(JdbcClient jdbc) {
    List<String> tables = tables(jdbc);
    Map<String, String> snapshot = new LinkedHashMap<>();
    for (String table : tables) {
      long[] countAndSum = new long[2];
      jdbc.sql("SELECT * FROM " + table)
          .query(
              rs -> {
                int columns = rs.getMetaData().getColumnCount();
                long h = 1125899906842597L;
                for (int c = 1; c <= columns; c++) {
                  h = 31 * h + String.valueOf(rs.getObject(c)).hashCode();
                }
                countAndSum[0]++;
                countAndSum[1] += h * 0x9E3779B97F4A7C15L;
              });
      snapshot.put(table, countAndSum[0] + "/" + Long.toHexString(countAndSum[1]));
    }
    return snapshot;
  }

  /**
   * A refusal: 4xx, problem+json, nothing of the internals (stack, driver or SQL error) in the
   * body.
   */
  static void assertProblem(ApiTestSupport.Reply r, String what) {
    assertThat(r.status()).as("status of %s: %s", what, r.raw().body()).isBetween(400, 499);
    assertThat(r.contentType())
        .as("content type of %s (%s): %s", what, r.status(), r.raw().body())
        .startsWith("application/problem+json");
    // Not "SELECT": a refusal may quote the client's own value back, which may well contain it.
    assertThat(r.raw().body())
        .as(what)
        .doesNotContain("Exception")
        .doesNotContain("at com.")
        .doesNotContainIgnoringCase("sqlstate")
        .doesNotContainIgnoringCase("jdbc")
        .doesNotContain("org.h2")
        .doesNotContain("org.postgresql");
  }
}
