package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.support.NoCaches;
import com.mallquest.mall.support.PostgresTestSupport;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A migrated database for one test class: H2 in memory in PostgreSQL mode, or a fresh schema in the
 * local PostgreSQL. Closing it drops what it created.
 */
final class TestDatabase implements AutoCloseable {

  /** Enough connections for the concurrency tests' threads, plus one. */
  private static final int POOL_SIZE = 20;

  private final String name;
  private final HikariDataSource dataSource;
  private final String schema;
  private final Runnable drop;

  /**
   * @param schema the PostgreSQL schema the tables live in; null for H2's default
   * @param drop what {@link #close()} runs to remove the database
   */
  private TestDatabase(String name, HikariDataSource dataSource, String schema, Runnable drop) {
    this.name = name;
    this.dataSource = dataSource;
    this.schema = schema;
    this.drop = drop;
  }

  /** A new in-memory H2 database, as the service runs it without a configured datasource. */
  static TestDatabase h2() {
    return h2(null);
  }

  /**
   * A new in-memory H2 database migrated up to version {@code target} ({@code null}: all), to test
   * a migration on data written by the schema before it.
   */
  static TestDatabase h2(String target) {
    String db = "mq_" + UUID.randomUUID().toString().replace("-", "");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        "jdbc:h2:mem:"
            + db
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_DELAY=-1");
    config.setUsername("sa");
    config.setPassword("");
    HikariDataSource dataSource = pool(config, "h2-" + db);
    // DB_CLOSE_DELAY=-1 keeps the database while the pool comes and goes; SHUTDOWN frees it.
    TestDatabase database =
        new TestDatabase(
            "H2 " + db,
            dataSource,
            null,
            () -> JdbcClient.create(dataSource).sql("SHUTDOWN").update());
    return database.migrate(target);
  }

  /** A new schema in the local PostgreSQL; skips (or fails on CI) if it is unreachable. */
  static TestDatabase postgres() {
    return postgres(null);
  }

  /**
   * A new schema in the local PostgreSQL migrated up to version {@code target} ({@code null}: all).
   */
  static TestDatabase postgres(String target) {
    String schema = PostgresTestSupport.createSchema();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresTestSupport.url());
    config.setDataSourceProperties(PostgresTestSupport.connectionProperties());
    config.setSchema(schema);
    HikariDataSource dataSource = pool(config, "pg-" + schema);
    TestDatabase database =
        new TestDatabase(
            "PostgreSQL " + schema,
            dataSource,
            schema,
            () -> {
              // Idle pooled connections hold no locks, but close them so none outlives its schema.
              dataSource.close();
              PostgresTestSupport.dropSchema(schema);
            });
    return database.migrate(target);
  }

  private static HikariDataSource pool(HikariConfig config, String poolName) {
    config.setPoolName(poolName);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(0);
    return new HikariDataSource(config);
  }

  private TestDatabase migrate(String target) {
    try {
      migrations().target(target == null ? "latest" : target).load().migrate();
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  DataSource dataSource() {
    return dataSource;
  }

  JdbcClient jdbc() {
    return JdbcClient.create(dataSource);
  }

  JdbcTransactions transactions() {
    return new JdbcTransactions(new DataSourceTransactionManager(dataSource), () -> {});
  }

  /**
   * The outbox over this database; {@code committed} runs after each commit that appended changes.
   */
  JdbcChangeOutbox outbox(Clock clock, Runnable committed) {
    return new JdbcChangeOutbox(
        dataSource, new DataSourceTransactionManager(dataSource), clock, committed);
  }

  /** The use cases' change recorder over this database's outbox, with caches that keep nothing. */
  Changes changes(Clock clock) {
    return new Changes(
        outbox(clock, () -> {}),
        transactions(),
        NoCaches.SHOPPERS,
        NoCaches.STORES,
        NoCaches.MISSIONS);
  }

  /** Flyway over this database with the service's migrations. */
  Flyway flyway() {
    return migrations().load();
  }

  /** The configuration of {@link #flyway()}. */
  private FluentConfiguration migrations() {
    var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
    return schema == null ? flyway : flyway.schemas(schema);
  }

  /**
   * Inserts a webhook subscription {@code id} to {@code types}: the outbox records an event only
   * while an active one lists its topic (ADR 0029).
   */
  void subscribe(String id, boolean active, String... types) {
    OffsetDateTime at = OffsetDateTime.parse("2026-01-01T00:00:00Z");
    jdbc()
        .sql(
            "INSERT INTO webhook_subscriptions (id, target_url, event_types, secret, active,"
                + " created_at, updated_at) VALUES (:id, 'https://hooks.example.com/mq', :types,"
                + " 'whsec_test', :active, :at, :at)")
        .param("id", id)
        .param("types", String.join(",", types))
        .param("active", active)
        .param("at", at)
        .update();
  }

  /** Empties every table, children first. */
  void deleteAll() {
    JdbcClient jdbc = jdbc();
    for (String table :
        List.of(
            "webhook_deliveries",
            "webhook_subscriptions",
            "change_outbox",
            "audit_log",
            "shopper_blocks",
            "idempotency_keys",
            "mission_progress",
            "mission_window_stores",
            "mission_completions",
            "missions",
            "companions",
            "companion_species",
            "redemptions",
            "rewards",
            "refunds",
            "xp_ledger",
            "api_keys",
            "coin_ledger",
            "purchases",
            "stores",
            "shoppers",
            "installation")) {
      jdbc.sql("DELETE FROM " + table).update();
    }
  }

  @Override
  public void close() {
    try {
      drop.run();
    } finally {
      dataSource.close();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
