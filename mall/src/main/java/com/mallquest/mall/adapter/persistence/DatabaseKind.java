package com.mallquest.mall.adapter.persistence;

import java.util.Locale;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whether a repository's database is PostgreSQL or H2, asked once: the few statements that differ
 * (data-modifying CTEs on PostgreSQL, {@code FINAL TABLE} on H2) choose by it.
 */
final class DatabaseKind {

  private final JdbcClient jdbc;
  private volatile Boolean postgres;

  DatabaseKind(JdbcClient jdbc) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
  }

  /** Whether the database is PostgreSQL (asked on the first call). */
  boolean isPostgres() {
    Boolean known = postgres;
    if (known == null) {
      known =
          jdbc.sql("SELECT 1")
              .query(
                  (rs, row) ->
                      rs.getStatement()
                          .getConnection()
                          .getMetaData()
                          .getDatabaseProductName()
                          .toLowerCase(Locale.ROOT)
                          .contains("postgres"))
              .single();
      postgres = known;
    }
    return known;
  }
}
