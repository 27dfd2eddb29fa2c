package com.mallquest.mall.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.support.PostgresTestSupport;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the end-to-end outbox tests check on running services against their PostgreSQL schema: every
 * shopper served over HTTP equals the database row, every leaderboard served from Redis equals the
 * database's, the outbox is empty, reconciliation is clean.
 */
final class FleetChecks {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** A shopper row's figures that a profile read must match. */
  record Row(long version, long coins, long xp) {}

  /** A board line: who and how much. */
  record Line(String shopperId, long xp) {}

  private final String schema;
  private final String key;

  FleetChecks(String schema, String key) {
    this.schema = schema;
    this.key = key;
  }

  HttpResponse<String> post(ServiceProcess to, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(to.uri(path))
            .header("X-Api-Key", key)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(ServiceProcess to, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(to.uri(path))
            .header("X-Api-Key", key)
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  JsonNode getJson(ServiceProcess to, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(to, path);
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /**
   * Within {@code bound}, every shopper read on {@code service} equals its database row, and every
   * board it serves from Redis equals the database's.
   */
  void servesTheDatabase(ServiceProcess service, List<String> shoppers, Duration bound) {
    await("every shopper and board as in the database")
        .atMost(bound)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              Map<String, Row> rows = shopperRows();
              for (String id : shoppers) {
                JsonNode served = getJson(service, "/api/v1/shoppers/" + id);
                assertThat(
                        new Row(
                            served.get("version").asLong(),
                            served.get("coins").asLong(),
                            served.get("xp").asLong()))
                    .as("shopper %s served", id)
                    .isEqualTo(rows.get(id));
              }
              for (String period : List.of("all-time", "week", "month")) {
                JsonNode board = getJson(service, "/api/v1/leaderboards/" + period + "?limit=100");
                List<Line> lines = new ArrayList<>();
                board
                    .get("entries")
                    .forEach(
                        e ->
                            lines.add(
                                new Line(e.get("shopperId").asString(), e.get("xp").asLong())));
                assertThat(lines)
                    .as("%s board from %s", period, board.get("source").asString())
                    .isEqualTo(boardFromDatabase(Instant.parse(board.get("from").asString())));
              }
            });
  }

  /** Every board is served from Redis (a first read starts its rebuild). */
  void boardsInRedis(ServiceProcess service) {
    await("boards rebuilt in Redis")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              for (String period : List.of("all-time", "week", "month")) {
                assertThat(
                        getJson(service, "/api/v1/leaderboards/" + period + "?limit=100")
                            .get("source")
                            .asString())
                    .as(period)
                    .isEqualTo("redis");
              }
            });
  }

  /** The reconciliation report on {@code service} has no mismatch. */
  void reconciliationClean(ServiceProcess service, int shoppers)
      throws IOException, InterruptedException {
    JsonNode report = getJson(service, "/api/v1/operations/reconciliation");
    assertThat(report.get("mismatchCount").asLong()).as(report.toString()).isZero();
    assertThat(report.get("shoppersChecked").asLong()).isEqualTo(shoppers);
  }

  Map<String, Row> shopperRows() throws SQLException {
    Map<String, Row> rows = new LinkedHashMap<>();
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT id, version, coins, xp FROM shoppers");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.put(rs.getString(1), new Row(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
      }
    }
    return rows;
  }

  /** The best 100 since {@code from}, by the tie rule, from the xp ledger. */
  List<Line> boardFromDatabase(Instant from) throws SQLException {
    List<Line> lines = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT shopper_id, SUM(delta) AS xp FROM xp_ledger"
                    + " WHERE created_at >= ? GROUP BY shopper_id HAVING SUM(delta) > 0"
                    + " ORDER BY xp DESC, MAX(created_at) ASC, shopper_id ASC LIMIT 100")) {
      s.setObject(1, from.atOffset(ZoneOffset.UTC));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          lines.add(new Line(rs.getString(1), rs.getLong(2)));
        }
      }
    }
    return lines;
  }

  long outboxPending() throws SQLException {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM change_outbox");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  Map<String, Long> purchasesPerReceipt() throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("SELECT receipt_id, COUNT(*) FROM purchases GROUP BY receipt_id");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
    }
    return counts;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        PostgresTestSupport.urlOf(schema), PostgresTestSupport.connectionProperties());
  }
}
