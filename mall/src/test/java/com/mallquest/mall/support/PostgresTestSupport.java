package com.mallquest.mall.support;

import com.mallquest.smartcache.RedisTestSupport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * Reaches the local PostgreSQL the integration tests use: system property {@code postgres.url}
 * (default {@value #DEFAULT_URL}), user {@code postgres}, no password.
 *
 * <p>When PostgreSQL does not answer, a test is skipped with a message saying so, so a developer
 * without it can still run {@code mvn verify}; with environment variable {@code CI=true} it fails
 * instead, so CI cannot go green without having run them.
 */
public final class PostgresTestSupport {

  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  public static final String USER = "postgres";

  private PostgresTestSupport() {}

  /** The JDBC URL of the test database. */
  public static String url() {
    return System.getProperty("postgres.url", DEFAULT_URL);
  }

  /** Connection properties: the user, and short timeouts so an absent server is noticed fast. */
  public static Properties connectionProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("connectTimeout", "3");
    properties.setProperty("loginTimeout", "5");
    return properties;
  }

  /**
   * Creates a new, empty schema named {@code t_<random>} and returns its name; skips the test (or
   * fails it on CI) if PostgreSQL is unreachable.
   */
  public static String createSchema() {
    // The name is ours, not input; a schema name cannot be a bound parameter.
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema + " at " + url(), e);
    }
    return schema;
  }

  /** Drops a schema made by {@link #createSchema()}, with everything in it. */
  public static void dropSchema(String schema) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema + " at " + url(), e);
    }
  }

  private static Connection connect() {
    try {
      return DriverManager.getConnection(url(), connectionProperties());
    } catch (SQLException e) {
      String message =
          "PostgreSQL is not reachable at "
              + url()
              + " as user "
              + USER
              + " ("
              + e.getMessage()
              + "); start it or set -Dpostgres.url=...";
      RedisTestSupport.require(false, message);
      throw new AssertionError(message, e);
    }
  }

  /** Skips the test (fails it under CI) unless PostgreSQL answers. */
  public static void requirePostgres() {
    try (Connection connection = connect()) {
      connection.isValid(2);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + url() + " failed a check", e);
    }
  }

  /** The JDBC URL that uses {@code schema} (for a service under test). */
  public static String urlOf(String schema) {
    return url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
