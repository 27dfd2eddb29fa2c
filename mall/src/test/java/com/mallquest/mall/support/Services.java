package com.mallquest.mall.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The local PostgreSQL and Redis for integration tests. Absent services skip the test with a clear
 * message, except under {@code CI=true}, where they fail it.
 */
public final class Services {

  private Services() {}

  /** The PostgreSQL JDBC URL (system property {@code postgres.url}). */
  public static String postgresUrl() {
    return System.getProperty("postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
  }

  /** The Redis URI ({@code REDIS_URL}, else system property {@code redis.url}). */
  public static String redisUrl() {
    String env = System.getenv("REDIS_URL");
    return env != null && !env.isBlank() ? env : System.getProperty("redis.url", "redis://127.0.0.1:6379");
  }

  /** Skips (or, under CI, fails) unless PostgreSQL answers. */
  public static void requirePostgres() {
    boolean up;
    try (Connection c = DriverManager.getConnection(postgresUrl(), "postgres", "")) {
      up = c.isValid(2);
    } catch (SQLException e) {
      up = false;
    }
    require(up, "PostgreSQL at " + postgresUrl());
  }

  /** Skips (or, under CI, fails) unless Redis accepts connections. */
  public static void requireRedis() {
    URI uri = URI.create(redisUrl());
    boolean up;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 1000);
      up = true;
    } catch (java.io.IOException e) {
      up = false;
    }
    require(up, "Redis at " + redisUrl());
  }

  /** Creates a fresh schema and returns a JDBC URL that uses it. */
  public static String freshPostgresSchema(String prefix) {
    String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(postgresUrl(), "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema); // generated identifier, not input
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    return postgresUrl() + (postgresUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static void require(boolean up, String what) {
    if (!up && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(what + " is not reachable, and CI=true requires it");
    }
    assumeTrue(up, what + " is not reachable: skipping (start it, or run .ci/run)");
  }
}
