package com.mallquest.bench.load;

import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The service's {@code /api/v1/cache/stats} before and after a run, and the per-tier shares
 * between.
 */
final class CacheStatsDelta {

  private CacheStatsDelta() {}

  /**
   * Every cache's statistics now; empty (after a line on {@code err}) if the service does not
   * answer.
   */
  static Map<String, JsonNode> fetch(MallClient client, PrintStream err) {
    MallClient.Response r = client.get("/api/v1/cache/stats");
    if (!r.ok()) {
      err.println("cache stats unavailable: " + r.statusLabel());
      return Map.of();
    }
    Map<String, JsonNode> stats = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : r.body().properties()) {
      stats.put(e.getKey(), e.getValue());
    }
    return stats;
  }

  /** Per cache, the requests between the two snapshots and the share each tier answered. */
  static Map<String, Report.CacheDelta> between(
      Map<String, JsonNode> before, Map<String, JsonNode> after) {
    Map<String, Report.CacheDelta> deltas = new LinkedHashMap<>();
    after.forEach(
        (name, a) -> {
          JsonNode b = before.get(name);
          long requests = diff(a, b, "requests");
          double memory = ratio(diff(a, b, "memoryHits") + diff(a, b, "negativeHits"), requests);
          deltas.put(
              name,
              new Report.CacheDelta(
                  requests,
                  memory,
                  ratio(diff(a, b, "redisHits"), requests),
                  ratio(diff(a, b, "sourceLoads"), requests),
                  a.path("memoryCacheSize").asLong(),
                  a.path("memoryLimit").asLong(),
                  a.path("redisAvailable").asBoolean()));
        });
    return Collections.unmodifiableMap(deltas);
  }

  private static long diff(JsonNode after, JsonNode before, String field) {
    return after.path(field).asLong() - (before == null ? 0 : before.path(field).asLong());
  }

  private static double ratio(long part, long whole) {
    return whole <= 0 ? 0 : (double) part / whole;
  }
}
