package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Who may call what, for every endpoint the running service maps under {@code /api/} and {@code
 * /actuator}: the endpoints come from Spring's handler mappings, the expected roles from the table
 * below. An endpoint missing from the table fails the test: whoever adds one decides here who may
 * call it.
 */
class AccessMatrixApiTest extends AccessTestSupport {

  enum Role {
    ADMIN,
    STORE,
    APP
  }

  private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
  private static final Set<Role> ADMIN_APP = EnumSet.of(Role.ADMIN, Role.APP);
  private static final Set<Role> ADMIN_STORE = EnumSet.of(Role.ADMIN, Role.STORE);
  private static final Set<Role> EVERY_ROLE = EnumSet.allOf(Role.class);

  /** No key needed. */
  private static final Set<Role> PUBLIC = EnumSet.noneOf(Role.class);

  /** "METHOD pattern" -> the roles allowed. */
  private static final Map<String, Set<Role>> EXPECTED = new LinkedHashMap<>();

  /**
   * Endpoints of API-PLAN.md being built elsewhere: listed so the table is ready when they land;
   * one that does not exist (yet, or under another pattern) is not an error.
   */
  private static final Map<String, Set<Role>> PLANNED = new LinkedHashMap<>();

  static {
    EXPECTED.put("GET /api/v1/cache/stats", ADMIN);
    EXPECTED.put("POST /api/v1/api-keys", ADMIN);
    EXPECTED.put("GET /api/v1/api-keys", ADMIN);
    EXPECTED.put("DELETE /api/v1/api-keys/{id}", ADMIN);
    EXPECTED.put("POST /api/v1/purchases", ADMIN_STORE);
    EXPECTED.put("GET /api/v1/stores", EVERY_ROLE);
    EXPECTED.put("GET /api/v1/stores/{id}", EVERY_ROLE);
    EXPECTED.put("POST /api/v1/stores", ADMIN);
    EXPECTED.put("PATCH /api/v1/stores/{id}", ADMIN);
    EXPECTED.put("POST /api/v1/shoppers", ADMIN_APP);
    EXPECTED.put("GET /api/v1/shoppers/{id}", ADMIN_APP);
    EXPECTED.put("PATCH /api/v1/shoppers/{id}", ADMIN_APP);
    EXPECTED.put("POST /api/v1/shoppers/{id}/check-ins", ADMIN_APP);
    EXPECTED.put("GET /api/v1/shoppers/{id}/purchases", ADMIN_APP);
    EXPECTED.put("GET /api/v1/shoppers/{id}/ledger", ADMIN_APP);
    EXPECTED.put("POST /api/v1/operations/reconciliation/repair", ADMIN);
    EXPECTED.put("GET /api/v1/shoppers", ADMIN);
    EXPECTED.put("POST /api/v1/shoppers/{id}/adjustments", ADMIN);
    EXPECTED.put("GET /api/v1/shoppers/{id}/block", ADMIN);
    EXPECTED.put("POST /api/v1/shoppers/{id}/block", ADMIN);
    EXPECTED.put("POST /api/v1/shoppers/{id}/unblock", ADMIN);
    EXPECTED.put("GET /api/v1/audit", ADMIN);
    EXPECTED.put("GET /actuator", ADMIN);
    EXPECTED.put("GET /actuator/health", PUBLIC);
    EXPECTED.put("GET /actuator/health/**", PUBLIC);
    EXPECTED.put("GET /actuator/info", ADMIN);
    EXPECTED.put("GET /actuator/prometheus", ADMIN);
    EXPECTED.put("GET /actuator/metrics", ADMIN);
    EXPECTED.put("GET /actuator/metrics/{requiredMetricName}", ADMIN);

    PLANNED.put("POST /api/v1/missions", ADMIN);
    PLANNED.put("PUT /api/v1/missions/{id}", ADMIN);
    PLANNED.put("GET /api/v1/missions", ADMIN_APP);
    PLANNED.put("GET /api/v1/missions/{id}", ADMIN_APP);
    PLANNED.put("GET /api/v1/shoppers/{id}/missions", ADMIN_APP);
    PLANNED.put("POST /api/v1/companions/species", ADMIN);
    PLANNED.put("PUT /api/v1/companions/species/{id}", ADMIN);
    PLANNED.put("GET /api/v1/companions/species", ADMIN_APP);
    PLANNED.put("GET /api/v1/shoppers/{id}/companions", ADMIN_APP);
    PLANNED.put("POST /api/v1/shoppers/{id}/companions", ADMIN_APP);
    PLANNED.put("POST /api/v1/shoppers/{id}/companions/{companionId}/activate", ADMIN_APP);
    PLANNED.put("POST /api/v1/rewards", ADMIN);
    PLANNED.put("PUT /api/v1/rewards/{id}", ADMIN);
    PLANNED.put("GET /api/v1/rewards", ADMIN_APP);
    PLANNED.put("GET /api/v1/rewards/{id}", ADMIN_APP);
    PLANNED.put("POST /api/v1/shoppers/{shopperId}/redemptions", ADMIN_APP);
    PLANNED.put("GET /api/v1/shoppers/{shopperId}/redemptions", ADMIN_APP);
    PLANNED.put("POST /api/v1/purchases/{id}/refund", ADMIN_STORE);
    PLANNED.put("GET /api/v1/leaderboards/{period}", ADMIN_APP);
    PLANNED.put("GET /api/v1/leaderboards/{period}/shoppers/{id}", ADMIN_APP);
    PLANNED.put("GET /api/v1/analytics/stores", ADMIN);
    PLANNED.put("GET /api/v1/analytics/overview", ADMIN);
    PLANNED.put("GET /api/v1/operations/reconciliation", ADMIN);
    PLANNED.put("GET /api/v1/operations/cache-epoch", ADMIN);
    PLANNED.put("POST /api/v1/operations/cache-epoch", ADMIN);
    PLANNED.put("POST /api/v1/shoppers/import", ADMIN);
    PLANNED.put("POST /api/v1/webhooks", ADMIN);
    PLANNED.put("GET /api/v1/webhooks", ADMIN);
    PLANNED.put("GET /api/v1/webhooks/{id}", ADMIN);
    PLANNED.put("PATCH /api/v1/webhooks/{id}", ADMIN);
    PLANNED.put("DELETE /api/v1/webhooks/{id}", ADMIN);
    PLANNED.put("GET /api/v1/webhooks/{id}/deliveries", ADMIN);
    PLANNED.put("POST /api/v1/webhooks/{id}/test", ADMIN);
    PLANNED.put("POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", ADMIN);
  }

  private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([A-Za-z0-9_]+)}|\\*\\*");

  @Autowired ApplicationContext context;

  @Test
  void everyMappedEndpoint_isInTheTable() {
    Set<String> unlisted = new TreeSet<>(mappedEndpoints());
    unlisted.removeAll(EXPECTED.keySet());
    unlisted.removeAll(PLANNED.keySet());

    assertThat(unlisted).as("endpoints without a row in AccessMatrixApiTest's table").isEmpty();
    assertThat(mappedEndpoints())
        .as("the table's current endpoints are all mapped")
        .containsAll(EXPECTED.keySet());
  }

  @Test
  void everyEndpoint_noKey401_wrongRole403_rightRoleAllowed() {
    String store = createStore("1");
    String shopper = createShopper();
    Map<Role, String> keys =
        Map.of(
            Role.ADMIN,
            ADMIN_KEY,
            Role.STORE,
            createKey("store", store),
            Role.APP,
            createKey("app", null));
    Map<String, Set<Role>> table = new LinkedHashMap<>(PLANNED);
    table.putAll(EXPECTED);
    SoftAssertions softly = new SoftAssertions();
    List<String> checked = new ArrayList<>();

    for (String endpoint : mappedEndpoints()) {
      Set<Role> allowed = table.get(endpoint);
      if (allowed == null) {
        continue; // reported by everyMappedEndpoint_isInTheTable
      }
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      String pattern = endpoint.substring(endpoint.indexOf(' ') + 1);
      String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";

      Reply anonymous = call(method, fill(pattern, store, shopper), null, body);
      if (allowed == PUBLIC) {
        softly.assertThat(anonymous.status()).as(endpoint + " without key").isBetween(200, 299);
      } else {
        softly.assertThat(anonymous.status()).as(endpoint + " without key").isEqualTo(401);
        softly
            .assertThat(anonymous.contentType())
            .as(endpoint + " without key")
            .startsWith("application/problem+json");
      }
      for (Role role : Role.values()) {
        Reply r = call(method, fill(pattern, store, shopper), keys.get(role), body);
        String what = endpoint + " as " + role + " (" + r.raw().body() + ")";
        if (allowed == PUBLIC || allowed.contains(role)) {
          softly.assertThat(r.status()).as(what).isNotIn(401, 403);
        } else {
          softly.assertThat(r.status()).as(what).isEqualTo(403);
          softly.assertThat(r.contentType()).as(what).startsWith("application/problem+json");
        }
      }
      checked.add(endpoint);
    }

    softly.assertThat(checked).as("endpoints checked").containsAll(EXPECTED.keySet());
    softly.assertAll();
  }

  @Test
  void storeKey_purchaseForAnotherStore_is403ProblemJsonAndCreditsNothing() {
    String mine = createStore("1");
    String theirs = createStore("1");
    String shopper = createShopper();
    String till = createKey("store", mine);

    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            till,
            purchaseJson(shopper, theirs, "matrix", 5_000, "USD"));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null)
                .json()
                .get("coins")
                .asLong())
        .isZero();
  }

  /**
   * "METHOD pattern" of every handler under /api/ or /actuator, from every request-mapping handler
   * mapping.
   */
  private Set<String> mappedEndpoints() {
    Set<String> endpoints = new TreeSet<>();
    for (RequestMappingInfoHandlerMapping mapping :
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
      for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (String pattern : info.getPatternValues()) {
          if (!pattern.startsWith("/api/")
              && !pattern.equals("/actuator")
              && !pattern.startsWith("/actuator/")) {
            continue;
          }
          if (methods.isEmpty()) {
            endpoints.add("ANY " + pattern);
          }
          methods.forEach(m -> endpoints.add(m.name() + " " + pattern));
        }
      }
    }
    return endpoints;
  }

  /**
   * The pattern with plausible values: real ids where the endpoint needs one, else a fixed word.
   */
  private String fill(String pattern, String store, String shopper) {
    Matcher m = VARIABLE.matcher(pattern);
    StringBuilder path = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) == null ? "**" : m.group(1);
      String before = pattern.substring(0, m.start());
      String value;
      if (before.endsWith("/shoppers/")) {
        value = shopper;
      } else if (before.endsWith("/stores/")) {
        value = store;
      } else if (before.endsWith("/api-keys/")) {
        value = newKeyId(); // revoking must not hit a key the test uses
      } else if (before.endsWith("/health/") || name.equals("path")) {
        value = "liveness";
      } else if (name.equals("requiredMetricName")) {
        value = "jvm.memory.used";
      } else if (name.equals("period")) {
        value = "all-time";
      } else {
        value = "x1";
      }
      m.appendReplacement(path, Matcher.quoteReplacement(value));
    }
    m.appendTail(path);
    return path.toString();
  }

  private String newKeyId() {
    return createKeyJson("{\"name\":\"revocable\",\"role\":\"app\"}").json().get("id").asString();
  }
}
