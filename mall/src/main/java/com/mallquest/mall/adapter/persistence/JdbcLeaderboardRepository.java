package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.ShopperId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Leaderboards from table {@code xp_ledger}. A board is one grouped query over the period's rows (a
 * range on the {@code (created_at, shopper_id, delta)} index), ordered by the tie rule in SQL:
 * {@code xp DESC, reached_at ASC, shopper_id ASC}. Shopper ids are ASCII, compared as bytes by H2
 * and by PostgreSQL under the C collation the service's database uses; under another collation the
 * last tie-break could differ from Redis's byte order. A shopper's own scores ({@link #scoresOf})
 * come from the rows' running totals instead.
 */
final class JdbcLeaderboardRepository implements LeaderboardRepository {

  private static final String SCORES =
      "(SELECT shopper_id, SUM(delta) AS xp, MAX(created_at) AS reached_at, MAX(id) AS version FROM xp_ledger"
          + " WHERE created_at >= :from GROUP BY shopper_id HAVING SUM(delta) > 0) b";
  private static final String BEST_FIRST = " ORDER BY xp DESC, reached_at ASC, shopper_id ASC";
  private static final String WORST_FIRST = " ORDER BY xp ASC, reached_at DESC, shopper_id DESC";
  private static final String AHEAD =
      " WHERE (xp > :xp OR (xp = :xp AND (reached_at < :reached OR (reached_at = :reached AND shopper_id < :id))))";
  private static final String BEHIND =
      " WHERE (xp < :xp OR (xp = :xp AND (reached_at > :reached OR (reached_at = :reached AND shopper_id > :id))))";

  private final JdbcClient jdbc;
  private final DatabaseKind kind;

  JdbcLeaderboardRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
    this.kind = new DatabaseKind(jdbc);
  }

  @Override
  public List<LeaderboardScore> top(Instant from, int limit) {
    SqlValues.requirePositive(limit);
    return jdbc.sql(
            "SELECT shopper_id, xp, reached_at FROM " + SCORES + BEST_FIRST + " LIMIT :limit")
        .param("from", SqlValues.utc(from))
        .param("limit", limit)
        .query(JdbcLeaderboardRepository::score)
        .list();
  }

  /**
   * Each shopper's newest xp row (by {@code (created_at, id)}) and, per period, the last row before
   * the period's start, each an index descent on {@code (shopper_id, created_at, id, xp_after)}:
   * the period's xp is the difference of their running totals (ADR 0031), so a refresh costs the
   * same however many rows the shopper has. One statement per {@value SqlValues#MAX_IN_LIST}
   * shoppers; on PostgreSQL the newest row is one {@code LATERAL} descent, on H2 (which has no
   * {@code LATERAL}) one scalar subquery per column.
   */
  @Override
  public Map<ShopperId, List<Versioned>> scoresOf(
      Collection<ShopperId> shopperIds, List<Instant> froms) {
    Map<ShopperId, List<Versioned>> result = new LinkedHashMap<>();
    if (froms.isEmpty() || shopperIds.isEmpty()) {
      shopperIds.forEach(id -> result.put(id, List.of()));
      return result;
    }
    String sql = scoresSql(froms.size(), kind.isPostgres());
    List<ShopperId> ids = List.copyOf(new LinkedHashSet<>(shopperIds));
    for (int at = 0; at < ids.size(); at += SqlValues.MAX_IN_LIST) {
      List<ShopperId> chunk = ids.subList(at, Math.min(ids.size(), at + SqlValues.MAX_IN_LIST));
      JdbcClient.StatementSpec statement =
          jdbc.sql(sql)
              .param("ids", SqlValues.inList(chunk.stream().map(ShopperId::value).toList()));
      for (int i = 0; i < froms.size(); i++) {
        statement = statement.param("from" + i, SqlValues.utc(froms.get(i)));
      }
      statement
          .query(
              (rs, row) -> {
                ShopperId shopperId = new ShopperId(rs.getString("id"));
                long version = rs.getLong("version");
                if (rs.wasNull()) {
                  return shopperId; // no xp rows: the default below
                }
                long total = rs.getLong("total");
                Instant newest = SqlValues.instant(rs, "newest_at");
                List<Versioned> scores = new ArrayList<>(froms.size());
                for (int i = 0; i < froms.size(); i++) {
                  long xp = total - rs.getLong("before" + i);
                  Optional<LeaderboardScore> score =
                      !newest.isBefore(froms.get(i)) && xp > 0
                          ? Optional.of(new LeaderboardScore(shopperId, xp, newest))
                          : Optional.empty();
                  scores.add(new Versioned(score, version));
                }
                result.put(shopperId, scores);
                return shopperId;
              })
          .list();
    }
    List<Versioned> none = Collections.nCopies(froms.size(), new Versioned(Optional.empty(), 0));
    ids.forEach(id -> result.putIfAbsent(id, none));
    return result;
  }

  /** The statement of {@link #scoresOf} for {@code periods} period starts. */
  private static String scoresSql(int periods, boolean postgres) {
    StringBuilder sql = new StringBuilder("SELECT sh.id, ");
    if (postgres) {
      sql.append("n.id AS version, n.xp_after AS total, n.created_at AS newest_at");
    } else {
      sql.append(JdbcXpLedgerRepository.lastRow("b.id", "sh.id", ""))
          .append(" AS version, ")
          .append(JdbcXpLedgerRepository.lastRow("b.xp_after", "sh.id", ""))
          .append(" AS total, ")
          .append(JdbcXpLedgerRepository.lastRow("b.created_at", "sh.id", ""))
          .append(" AS newest_at");
    }
    for (int i = 0; i < periods; i++) {
      sql.append(", COALESCE(")
          .append(
              JdbcXpLedgerRepository.lastRow(
                  "b.xp_after", "sh.id", " AND b.created_at < :from" + i))
          .append(", 0) AS before")
          .append(i);
    }
    sql.append(" FROM shoppers sh");
    if (postgres) {
      sql.append(" LEFT JOIN LATERAL ")
          .append(JdbcXpLedgerRepository.lastRow("b.id, b.xp_after, b.created_at", "sh.id", ""))
          .append(" n ON TRUE");
    }
    return sql.append(" WHERE sh.id IN (:ids)").toString();
  }

  @Override
  public long countAhead(LeaderboardScore score, Instant from) {
    return bind(jdbc.sql("SELECT COUNT(*) FROM " + SCORES + AHEAD), score, from)
        .query(Long.class)
        .single();
  }

  @Override
  public List<LeaderboardScore> above(LeaderboardScore score, Instant from, int n) {
    SqlValues.requirePositive(n);
    List<LeaderboardScore> nearestFirst =
        bind(
                jdbc.sql(
                    "SELECT shopper_id, xp, reached_at FROM "
                        + SCORES
                        + AHEAD
                        + WORST_FIRST
                        + " LIMIT :limit"),
                score,
                from)
            .param("limit", n)
            .query(JdbcLeaderboardRepository::score)
            .list();
    List<LeaderboardScore> bestFirst = new ArrayList<>(nearestFirst);
    Collections.reverse(bestFirst);
    return bestFirst;
  }

  @Override
  public List<LeaderboardScore> below(LeaderboardScore score, Instant from, int n) {
    SqlValues.requirePositive(n);
    return bind(
            jdbc.sql(
                "SELECT shopper_id, xp, reached_at FROM "
                    + SCORES
                    + BEHIND
                    + BEST_FIRST
                    + " LIMIT :limit"),
            score,
            from)
        .param("limit", n)
        .query(JdbcLeaderboardRepository::score)
        .list();
  }

  @Override
  public void forEach(Instant from, Consumer<Versioned> each) {
    try (Stream<Versioned> rows =
        jdbc
            .sql("SELECT shopper_id, xp, reached_at, version FROM " + SCORES)
            .param("from", SqlValues.utc(from))
            .query((rs, n) -> new Versioned(Optional.of(score(rs, n)), rs.getLong("version")))
            .stream()) {
      rows.forEach(each);
    }
  }

  private static JdbcClient.StatementSpec bind(
      JdbcClient.StatementSpec sql, LeaderboardScore score, Instant from) {
    return sql.param("from", SqlValues.utc(from))
        .param("xp", score.xp())
        .param("reached", SqlValues.utc(score.reachedAt()))
        .param("id", score.shopperId().value());
  }

  private static LeaderboardScore score(ResultSet rs, int rowNum) throws SQLException {
    return new LeaderboardScore(
        new ShopperId(rs.getString("shopper_id")),
        rs.getLong("xp"),
        SqlValues.instant(rs, "reached_at"));
  }
}
