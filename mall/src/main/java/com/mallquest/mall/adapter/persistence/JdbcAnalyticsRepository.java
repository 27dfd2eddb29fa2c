package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.AnalyticsRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Analytics with SQL aggregates. Days are mall-local dates whose boundaries Java computes (so
 * daylight saving time is right on both databases); they reach the database as a bound {@code
 * VALUES} list that each fact table is joined to by a {@code created_at} range, one grouped query
 * per table, each a range scan of a {@code created_at} index.
 */
final class JdbcAnalyticsRepository implements AnalyticsRepository {

  private final JdbcClient jdbc;

  JdbcAnalyticsRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public List<StoreFigures> stores(Instant start, Instant end) {
    return jdbc.sql(
            "SELECT s.id, s.name, s.category, COALESCE(p.sales, 0) AS sales, COALESCE(p.n, 0) AS n,"
                + " COALESCE(p.shoppers, 0) AS shoppers, COALESCE(p.coins, 0) AS coins, COALESCE(r.n, 0) AS refunds"
                + " FROM stores s"
                + " LEFT JOIN (SELECT store_id, SUM(amount_minor) AS sales, COUNT(*) AS n,"
                + " COUNT(DISTINCT shopper_id) AS shoppers, SUM(coins_earned) AS coins FROM purchases"
                + " WHERE created_at >= :start AND created_at < :end GROUP BY store_id) p ON p.store_id = s.id"
                + " LEFT JOIN (SELECT store_id, COUNT(*) AS n FROM refunds"
                + " WHERE created_at >= :start AND created_at < :end GROUP BY store_id) r ON r.store_id = s.id"
                + " ORDER BY sales DESC, s.id")
        .param("start", SqlValues.utc(start))
        .param("end", SqlValues.utc(end))
        .query(
            (rs, n) ->
                new StoreFigures(
                    rs.getString("id"),
                    rs.getString("name"),
                    rs.getString("category"),
                    rs.getLong("sales"),
                    rs.getLong("n"),
                    rs.getLong("shoppers"),
                    rs.getLong("coins"),
                    rs.getLong("refunds")))
        .list();
  }

  @Override
  public Map<LocalDate, DayFigures> days(List<Day> days) {
    Map<LocalDate, long[]> purchases =
        perDay(days, "COUNT(f.id), COALESCE(SUM(f.amount_minor), 0)", "purchases", 2);
    Map<LocalDate, long[]> coins =
        perDay(
            days,
            "COALESCE(SUM(CASE WHEN f.delta > 0 THEN f.delta ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN f.reason = 'REDEMPTION' THEN -f.delta ELSE 0 END), 0)",
            "coin_ledger",
            2);
    Map<LocalDate, long[]> registered = perDay(days, "COUNT(f.id)", "shoppers", 1);
    Map<LocalDate, long[]> active =
        perDay(
            days,
            "COUNT(DISTINCT f.shopper_id)",
            "(SELECT shopper_id, created_at FROM"
                + " purchases UNION ALL SELECT shopper_id, created_at FROM coin_ledger WHERE reason = 'CHECK_IN')",
            1);
    Map<LocalDate, Long> missions = countMissionCompletions(days);
    Map<LocalDate, DayFigures> figures = new LinkedHashMap<>();
    for (Day day : days) {
      long[] p = purchases.get(day.date());
      long[] c = coins.get(day.date());
      figures.put(
          day.date(),
          new DayFigures(
              registered.get(day.date())[0],
              active.get(day.date())[0],
              p[0],
              p[1],
              c[0],
              c[1],
              missions.getOrDefault(day.date(), 0L)));
    }
    return figures;
  }

  @Override
  public long shoppersRegisteredBefore(Instant end) {
    return jdbc.sql("SELECT COUNT(*) FROM shoppers WHERE created_at < :end")
        .param("end", SqlValues.utc(end))
        .query(Long.class)
        .single();
  }

  @Override
  public long activeShoppers(Instant start, Instant end) {
    return jdbc.sql(
            "SELECT COUNT(DISTINCT shopper_id) FROM (SELECT shopper_id FROM purchases"
                + " WHERE created_at >= :start AND created_at < :end UNION ALL SELECT shopper_id FROM coin_ledger"
                + " WHERE reason = 'CHECK_IN' AND created_at >= :start AND created_at < :end) a")
        .param("start", SqlValues.utc(start))
        .param("end", SqlValues.utc(end))
        .query(Long.class)
        .single();
  }

  /** Counts rows of {@code mission_completions} by the mall day of {@code completed_at}. */
  @Override
  public Map<LocalDate, Long> countMissionCompletions(List<Day> days) {
    Map<LocalDate, Long> counts = new LinkedHashMap<>();
    Map<LocalDate, long[]> rows =
        perDay(
            days,
            "COUNT(f.mission_id)",
            "(SELECT mission_id, completed_at AS created_at FROM mission_completions)",
            1);
    rows.forEach((date, values) -> counts.put(date, values[0]));
    return counts;
  }

  /**
   * One grouped query: the days as a bound VALUES list, left-joined to {@code source} (a table name
   * or a subquery constant of this class, never input) by {@code created_at} range.
   */
  private Map<LocalDate, long[]> perDay(
      List<Day> days, String aggregates, String source, int columns) {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < days.size(); i++) {
      values
          .append(i == 0 ? "" : ", ")
          .append("(CAST(:d")
          .append(i)
          .append(" AS DATE), CAST(:s")
          .append(i)
          .append(" AS TIMESTAMP WITH TIME ZONE), CAST(:e")
          .append(i)
          .append(" AS TIMESTAMP WITH TIME ZONE))");
    }
    JdbcClient.StatementSpec sql =
        jdbc.sql(
            "SELECT d.d_date, "
                + aggregates
                + " FROM (VALUES "
                + values
                + ") AS d(d_date, d_start, d_end) LEFT JOIN "
                + source
                + " f ON f.created_at >= d.d_start"
                + " AND f.created_at < d.d_end GROUP BY d.d_date");
    for (int i = 0; i < days.size(); i++) {
      Day day = days.get(i);
      sql =
          sql.param("d" + i, day.date())
              .param("s" + i, SqlValues.utc(day.start()))
              .param("e" + i, SqlValues.utc(day.end()));
    }
    Map<LocalDate, long[]> result = new LinkedHashMap<>();
    sql.query(
        rs -> {
          long[] row = new long[columns];
          for (int c = 0; c < columns; c++) {
            row[c] = rs.getLong(c + 2);
          }
          result.put(rs.getObject(1, LocalDate.class), row);
        });
    return result;
  }
}
