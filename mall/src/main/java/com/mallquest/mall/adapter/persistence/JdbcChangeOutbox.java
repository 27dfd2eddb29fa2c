package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.domain.DomainEvent;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox in table {@code change_outbox}. A claim is {@code SELECT ... ORDER BY id LIMIT n FOR
 * UPDATE SKIP LOCKED} in a transaction of its own, so that relays on several instances take
 * disjoint batches and a batch another relay holds is skipped, not waited for; the rows are deleted
 * in that transaction once they are published (on PostgreSQL by the claim itself, one statement:
 * {@code DELETE ... RETURNING}). If the publication fails, or the process dies, the transaction
 * rolls back and the rows are pending again.
 */
final class JdbcChangeOutbox implements ChangeOutbox {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Whether an active webhook subscription lists the topic {@code topic} (an SQL expression of type
   * VARCHAR; subscriptions keep their types comma-separated, V9): the condition an EVENT row is
   * recorded under (ADR 0029). A scan of the few subscription rows, in the recording statement's
   * snapshot.
   */
  static String subscribed(String topic) {
    return "EXISTS (SELECT 1 FROM webhook_subscriptions w WHERE w.active AND POSITION(',' || "
        + topic
        + " || ',' IN ',' || w.event_types || ',') > 0)";
  }

  /** A change, recorded unless it has a topic that no active subscription lists (ADR 0029). */
  private static final String INSERT =
      "INSERT INTO change_outbox (kind, entity_key, version, payload, created_at)"
          + " SELECT :kind, :key, :version, :payload, :createdAt FROM (VALUES (1)) AS one (n)"
          + " WHERE CAST(:topic AS VARCHAR(40)) IS NULL OR "
          + subscribed("CAST(:topic AS VARCHAR(40))");

  private static final String COLUMNS = "id, kind, entity_key, version, payload, created_at";

  /**
   * The claim: the oldest pending rows no other relay holds, locked until the claim's transaction
   * ends.
   */
  private static final String CLAIM =
      "SELECT " + COLUMNS + " FROM change_outbox ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED";

  /**
   * PostgreSQL: the claim and its delete in one statement. The delete is undone with the claim's
   * transaction if the batch is not published, so the rows are pending again, as after {@link
   * #CLAIM} alone.
   */
  private static final String CLAIM_AND_DELETE =
      "WITH claimed AS MATERIALIZED (SELECT id FROM change_outbox ORDER BY id LIMIT :limit"
          + " FOR UPDATE SKIP LOCKED) DELETE FROM change_outbox o USING claimed c WHERE o.id = c.id"
          + " RETURNING o.id, o.kind, o.entity_key, o.version, o.payload, o.created_at";

  private final JdbcClient jdbc;
  private final DatabaseKind kind;
  private final NamedParameterJdbcTemplate batch;
  private final TransactionTemplate ownTransaction;
  private final Clock clock;
  private final Runnable committed;

  /**
   * @param committed run after every commit that appended changes (wakes the relay); must not block
   */
  JdbcChangeOutbox(
      DataSource dataSource,
      PlatformTransactionManager transactions,
      Clock clock,
      Runnable committed) {
    Objects.requireNonNull(dataSource, "dataSource");
    this.jdbc = JdbcClient.create(dataSource);
    this.kind = new DatabaseKind(jdbc);
    this.batch = new NamedParameterJdbcTemplate(dataSource);
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.committed = Objects.requireNonNull(committed, "committed");
  }

  @Override
  public void append(List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException(
          "outbox changes must be appended inside the transaction that makes them");
    }
    OffsetDateTime now = SqlValues.utc(clock.instant());
    boolean recorded;
    if (changes.size() == 1) {
      recorded = batch.update(INSERT, parameters(changes.get(0), now)) > 0;
    } else {
      SqlParameterSource[] rows = new SqlParameterSource[changes.size()];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = parameters(changes.get(i), now);
      }
      // A driver may answer SUCCESS_NO_INFO (-2) for a row of a batch: counted as recorded.
      recorded = Arrays.stream(batch.batchUpdate(INSERT, rows)).anyMatch(n -> n != 0);
    }
    if (recorded) {
      wakeAfterCommit();
    }
  }

  /**
   * The relay wakes once the caller's transaction, which recorded changes, has committed; at once
   * if no transaction synchronization runs (a statement that committed by itself, ADR 0033).
   */
  void wakeAfterCommit() {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      committed.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            committed.run();
          }
        });
  }

  /**
   * PostgreSQL: a data-modifying CTE {@code , outbox AS (INSERT INTO change_outbox ...)} that
   * records {@code count} changes (bound by {@link #bindInCte}) once for each row of {@code source}
   * (a CTE of the same statement), in their order: none if {@code source} is empty, and an event
   * only if an active subscription lists its topic ({@link #subscribed}). The caller's statement
   * then records its changes in the round trip that makes them; it must call {@link
   * #wakeAfterCommit} if it recorded them.
   */
  static String insertCte(String source, int count) {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < count; i++) {
      values
          .append(i == 0 ? "" : ", ")
          .append('(')
          .append(i)
          .append(", CAST(:outboxKind")
          .append(i)
          .append(" AS VARCHAR(24)), CAST(:outboxKey")
          .append(i)
          .append(" AS VARCHAR(64)), CAST(:outboxVersion")
          .append(i)
          .append(" AS BIGINT), CAST(:outboxPayload")
          .append(i)
          .append(" AS VARCHAR(8000)), CAST(:outboxTopic")
          .append(i)
          .append(" AS VARCHAR(40)))");
    }
    return ", outbox AS (INSERT INTO change_outbox (kind, entity_key, version, payload, created_at)"
        + " SELECT v.kind, v.entity_key, v.version, v.payload, :outboxAt FROM "
        + source
        + " CROSS JOIN (VALUES "
        + values
        + ") AS v (n, kind, entity_key, version, payload, topic) WHERE v.topic IS NULL OR "
        + subscribed("v.topic")
        + " ORDER BY v.n)";
  }

  /** Binds the changes of an {@link #insertCte}, with this outbox's clock. */
  JdbcClient.StatementSpec bindInCte(JdbcClient.StatementSpec spec, List<Change> changes) {
    spec.param("outboxAt", SqlValues.utc(clock.instant()));
    for (int i = 0; i < changes.size(); i++) {
      Change change = changes.get(i);
      spec.param("outboxKind" + i, change.kind().name())
          .param("outboxKey" + i, change.key())
          .param("outboxVersion" + i, change.version())
          .param("outboxPayload" + i, payload(change), Types.VARCHAR)
          .param("outboxTopic" + i, change.topic(), Types.VARCHAR);
    }
    return spec;
  }

  @Override
  public Drained drain(int limit, Predicate<List<Pending>> publish) {
    SqlValues.requirePositive(limit);
    return ownTransaction.execute(
        status -> {
          boolean postgres = kind.isPostgres();
          List<Pending> pending =
              jdbc.sql(postgres ? CLAIM_AND_DELETE : CLAIM)
                  .param("limit", limit)
                  .query(
                      (rs, row) ->
                          new Pending(
                              rs.getLong("id"),
                              Kind.valueOf(rs.getString("kind")),
                              rs.getString("entity_key"),
                              rs.getLong("version"),
                              rs.getString("payload"),
                              SqlValues.instant(rs, "created_at")))
                  .list();
          if (pending.isEmpty()) {
            return new Drained(0, true);
          }
          if (postgres) {
            // DELETE ... RETURNING answers in no particular order; the claim's order is id order.
            pending = pending.stream().sorted(Comparator.comparingLong(Pending::id)).toList();
          }
          if (!publish.test(pending)) {
            status.setRollbackOnly();
            return new Drained(pending.size(), false);
          }
          if (!postgres) {
            jdbc.sql("DELETE FROM change_outbox WHERE id IN (:ids)")
                .param("ids", SqlValues.inList(pending.stream().map(Pending::id).toList()))
                .update();
          }
          return new Drained(pending.size(), true);
        });
  }

  @Override
  public Backlog backlog() {
    return jdbc.sql("SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM change_outbox")
        .query(
            (rs, row) ->
                new Backlog(
                    rs.getLong("pending"),
                    Optional.ofNullable(rs.getObject("oldest", OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant)))
        .single();
  }

  private static MapSqlParameterSource parameters(Change change, OffsetDateTime now) {
    return new MapSqlParameterSource()
        .addValue("kind", change.kind().name())
        .addValue("key", change.key())
        .addValue("version", change.version())
        // Typed even when null: rows with and without a payload then share one prepared statement,
        // so a change's rows go to PostgreSQL as one batch (an untyped null splits it in two round
        // trips).
        .addValue("payload", payload(change), Types.VARCHAR)
        .addValue("topic", change.topic(), Types.VARCHAR)
        .addValue("createdAt", now);
  }

  /** The event's JSON ({@link #json}), or null for a cache or board change. */
  private static String payload(Change change) {
    return change.event() == null ? null : json(change.event());
  }

  /** {@code {"type": ..., "data": {...}}}: the event's stable type name and its fields. */
  static String json(DomainEvent event) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", event.type());
    body.put("data", event);
    return JSON.writeValueAsString(body);
  }
}
