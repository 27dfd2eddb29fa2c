package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.WebhookRepository;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Webhook subscriptions and deliveries in tables {@code webhook_subscriptions} and {@code
 * webhook_deliveries} (V9, ADR 0020). {@link #insertDeliveries} joins the transaction running on
 * the thread (the outbox relay's claim) through Spring's connection binding; a claim is {@code
 * SELECT ... FOR UPDATE SKIP LOCKED} and an update of the lease in a short transaction of its own,
 * so workers on several instances take disjoint deliveries and none holds a transaction while it
 * calls a receiver.
 */
final class JdbcWebhookRepository implements WebhookRepository {

  private static final String SUBSCRIPTION_COLUMNS =
      "id, target_url, event_types, store_ids, description, secret, active, failing_since, created_at, updated_at";
  private static final String DELIVERY_COLUMNS =
      "id, subscription_id, event_id, event_type, shopper_id, sequence,"
          + " payload, status, attempts, next_attempt_at, window_start, created_at, last_attempt_at, last_status,"
          + " last_error, last_latency_ms, delivered_at";
  private static final String INSERT_DELIVERY =
      "INSERT INTO webhook_deliveries (subscription_id, event_id,"
          + " event_type, shopper_id, sequence, payload, status, attempts, next_attempt_at, window_start, created_at)"
          + " SELECT :subscriptionId, :eventId, :eventType, :shopperId, :sequence, :payload, 'PENDING', 0, :createdAt,"
          + " :createdAt, :createdAt WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries"
          + " WHERE subscription_id = :subscriptionId AND event_id = :eventId)";
  private static final int MAX_ERROR = 300;

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate named;
  private final TransactionTemplate ownTransaction;
  private final Runnable committed;

  /**
   * @param committed run after a commit that inserted deliveries (wakes this instance's worker);
   *     must not block
   */
  JdbcWebhookRepository(
      DataSource dataSource, PlatformTransactionManager transactions, Runnable committed) {
    Objects.requireNonNull(dataSource, "dataSource");
    this.jdbc = JdbcClient.create(dataSource);
    this.named = new NamedParameterJdbcTemplate(dataSource);
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.committed = Objects.requireNonNull(committed, "committed");
  }

  @Override
  public void insert(Subscription s) {
    jdbc.sql(
            "INSERT INTO webhook_subscriptions ("
                + SUBSCRIPTION_COLUMNS
                + ") VALUES (:id, :url, :types, :stores,"
                + " :description, :secret, :active, :failingSince, :createdAt, :updatedAt)")
        .paramSource(subscriptionParameters(s))
        .update();
  }

  @Override
  public boolean update(Subscription s) {
    return jdbc.sql(
                "UPDATE webhook_subscriptions SET target_url = :url, event_types = :types, store_ids = :stores,"
                    + " description = :description, active = :active, updated_at = :updatedAt WHERE id = :id")
            .paramSource(subscriptionParameters(s))
            .update()
        == 1;
  }

  @Override
  public boolean delete(String id) {
    return ownTransaction.execute(
        status -> {
          jdbc.sql("DELETE FROM webhook_deliveries WHERE subscription_id = :id")
              .param("id", id)
              .update();
          return jdbc.sql("DELETE FROM webhook_subscriptions WHERE id = :id")
                  .param("id", id)
                  .update()
              == 1;
        });
  }

  @Override
  public Optional<Subscription> find(String id) {
    return jdbc.sql("SELECT " + SUBSCRIPTION_COLUMNS + " FROM webhook_subscriptions WHERE id = :id")
        .param("id", id)
        .query(JdbcWebhookRepository::subscription)
        .optional();
  }

  @Override
  public List<Subscription> list() {
    return jdbc.sql(
            "SELECT "
                + SUBSCRIPTION_COLUMNS
                + " FROM webhook_subscriptions ORDER BY created_at, id")
        .query(JdbcWebhookRepository::subscription)
        .list();
  }

  @Override
  public List<Subscription> active() {
    return jdbc.sql(
            "SELECT "
                + SUBSCRIPTION_COLUMNS
                + " FROM webhook_subscriptions WHERE active ORDER BY id")
        .query(JdbcWebhookRepository::subscription)
        .list();
  }

  @Override
  public void insertDeliveries(List<NewDelivery> deliveries) {
    if (deliveries.isEmpty()) {
      return;
    }
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException(
          "deliveries must be inserted inside the outbox relay's transaction");
    }
    SqlParameterSource[] rows = new SqlParameterSource[deliveries.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = deliveryParameters(deliveries.get(i));
    }
    named.batchUpdate(INSERT_DELIVERY, rows);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            committed.run();
          }
        });
  }

  @Override
  public long insertDelivery(NewDelivery delivery) {
    return ownTransaction.execute(
        status -> {
          KeyHolder keys = new GeneratedKeyHolder();
          named.update(INSERT_DELIVERY, deliveryParameters(delivery), keys, new String[] {"id"});
          return Objects.requireNonNull(keys.getKey(), "generated id").longValue();
        });
  }

  @Override
  public List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
    SqlValues.requirePositive(limit);
    return ownTransaction.execute(
        status -> {
          // Only deliveries: locking subscription rows would make workers skip each other's whole
          // subscriptions.
          List<Delivery> due =
              jdbc.sql(
                      "SELECT "
                          + DELIVERY_COLUMNS
                          + " FROM webhook_deliveries d"
                          + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now"
                          + " AND (d.event_type = 'webhook.test'"
                          + "   OR d.subscription_id IN (SELECT s.id FROM webhook_subscriptions s WHERE s.active))"
                          // Per subscription and shopper, only the earliest pending event goes out.
                          + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.subscription_id = d.subscription_id"
                          + "   AND e.shopper_id = d.shopper_id AND e.status = 'PENDING' AND e.sequence < d.sequence)"
                          // An earlier event of the shopper still in the outbox (another relay
                          // holds its batch) goes first.
                          + " AND NOT EXISTS (SELECT 1 FROM change_outbox o WHERE o.kind = 'EVENT' AND d.shopper_id <> ''"
                          + "   AND o.entity_key = d.shopper_id AND o.id < d.sequence)"
                          + " ORDER BY d.next_attempt_at, d.id LIMIT :limit FOR UPDATE SKIP LOCKED")
                  .param("now", SqlValues.utc(now))
                  .param("limit", limit)
                  .query(JdbcWebhookRepository::delivery)
                  .list();
          if (due.isEmpty()) {
            return List.<Claimed>of();
          }
          List<Long> ids = due.stream().map(Delivery::id).toList();
          jdbc.sql(
                  "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = :lease WHERE id IN (:ids)")
              .param("lease", SqlValues.utc(leaseUntil))
              .param("ids", SqlValues.inList(ids))
              .update();
          Set<String> subscriptionIds = new LinkedHashSet<>();
          due.forEach(d -> subscriptionIds.add(d.subscriptionId()));
          Map<String, Subscription> subscriptions = new HashMap<>();
          jdbc.sql(
                  "SELECT "
                      + SUBSCRIPTION_COLUMNS
                      + " FROM webhook_subscriptions WHERE id IN (:ids)")
              .param("ids", SqlValues.inList(List.copyOf(subscriptionIds)))
              .query(JdbcWebhookRepository::subscription)
              .list()
              .forEach(s -> subscriptions.put(s.id(), s));
          List<Claimed> claimed = new ArrayList<>(due.size());
          for (Delivery d : due) {
            Subscription s = subscriptions.get(d.subscriptionId());
            if (s != null) {
              claimed.add(
                  new Claimed(
                      new Delivery(
                          d.id(),
                          d.subscriptionId(),
                          d.eventId(),
                          d.eventType(),
                          d.shopperId(),
                          d.sequence(),
                          d.payload(),
                          d.status(),
                          d.attempts() + 1,
                          leaseUntil,
                          d.windowStart(),
                          d.createdAt(),
                          d.lastAttemptAt(),
                          d.lastStatus(),
                          d.lastError(),
                          d.lastLatencyMs(),
                          d.deliveredAt()),
                      s.targetUrl(),
                      s.secret()));
            }
          }
          return claimed;
        });
  }

  @Override
  public boolean settle(long deliveryId, int attempt, Attempt result, Outcome outcome) {
    return Boolean.TRUE.equals(
        ownTransaction.execute(
            status -> {
              String error =
                  result.error() == null
                      ? null
                      : result.error().length() > MAX_ERROR
                          ? result.error().substring(0, MAX_ERROR)
                          : result.error();
              int updated =
                  jdbc.sql(
                          "UPDATE webhook_deliveries SET status = :status, next_attempt_at = :next,"
                              + " last_attempt_at = :at, last_status = :httpStatus, last_error = :error, last_latency_ms = :latency,"
                              + " delivered_at = :deliveredAt WHERE id = :id AND attempts = :attempt AND status = 'PENDING'")
                      .param("status", outcome.status().name())
                      .param("next", SqlValues.utc(outcome.nextAttemptAt()))
                      .param("at", SqlValues.utc(result.at()))
                      .param("httpStatus", result.httpStatus(), java.sql.Types.INTEGER)
                      .param("error", error, java.sql.Types.VARCHAR)
                      .param("latency", result.latencyMs())
                      .param(
                          "deliveredAt",
                          outcome.status() == Status.DELIVERED ? SqlValues.utc(result.at()) : null,
                          java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                      .param("id", deliveryId)
                      .param("attempt", attempt)
                      .update();
              if (updated == 0) {
                return false;
              }
              if (outcome.status() == Status.DELIVERED) {
                jdbc.sql(
                        "UPDATE webhook_subscriptions SET failing_since = NULL WHERE failing_since IS NOT NULL"
                            + " AND id = (SELECT subscription_id FROM webhook_deliveries WHERE id = :id)")
                    .param("id", deliveryId)
                    .update();
              } else if (outcome.status() == Status.FAILED) {
                jdbc.sql(
                        "UPDATE webhook_subscriptions SET failing_since = :at WHERE failing_since IS NULL"
                            + " AND id = (SELECT subscription_id FROM webhook_deliveries WHERE id = :id)")
                    .param("at", SqlValues.utc(result.at()))
                    .param("id", deliveryId)
                    .update();
              }
              return true;
            }));
  }

  @Override
  public List<Delivery> deliveries(String subscriptionId, int limit) {
    SqlValues.requirePositive(limit);
    return jdbc.sql(
            "SELECT "
                + DELIVERY_COLUMNS
                + " FROM webhook_deliveries WHERE subscription_id = :id"
                + " ORDER BY id DESC LIMIT :limit")
        .param("id", subscriptionId)
        .param("limit", limit)
        .query(JdbcWebhookRepository::delivery)
        .list();
  }

  @Override
  public Optional<Delivery> delivery(String subscriptionId, long deliveryId) {
    return jdbc.sql(
            "SELECT "
                + DELIVERY_COLUMNS
                + " FROM webhook_deliveries WHERE id = :id"
                + " AND subscription_id = :subscriptionId")
        .param("id", deliveryId)
        .param("subscriptionId", subscriptionId)
        .query(JdbcWebhookRepository::delivery)
        .optional();
  }

  @Override
  public boolean redeliver(String subscriptionId, long deliveryId, Instant now) {
    return jdbc.sql(
                "UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = :now,"
                    + " window_start = :now, delivered_at = NULL WHERE id = :id AND subscription_id = :subscriptionId")
            .param("now", SqlValues.utc(now))
            .param("id", deliveryId)
            .param("subscriptionId", subscriptionId)
            .update()
        == 1;
  }

  @Override
  public Backlog backlog() {
    return jdbc.sql(
            "SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM webhook_deliveries"
                + " WHERE status = 'PENDING'")
        .query(
            (rs, row) ->
                new Backlog(
                    rs.getLong("pending"),
                    Optional.ofNullable(rs.getObject("oldest", OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant)))
        .single();
  }

  @Override
  public int purge(Instant before) {
    return jdbc.sql(
            "DELETE FROM webhook_deliveries WHERE status <> 'PENDING' AND created_at < :before")
        .param("before", SqlValues.utc(before))
        .update();
  }

  private static MapSqlParameterSource subscriptionParameters(Subscription s) {
    return new MapSqlParameterSource()
        .addValue("id", s.id())
        .addValue("url", s.targetUrl().toString())
        .addValue("types", String.join(",", s.eventTypes()))
        .addValue(
            "stores",
            s.storeIds().isEmpty() ? null : String.join(",", s.storeIds()),
            java.sql.Types.VARCHAR)
        .addValue("description", s.description(), java.sql.Types.VARCHAR)
        .addValue("secret", s.secret())
        .addValue("active", s.active())
        .addValue(
            "failingSince",
            s.failingSince() == null ? null : SqlValues.utc(s.failingSince()),
            java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
        .addValue("createdAt", SqlValues.utc(s.createdAt()))
        .addValue("updatedAt", SqlValues.utc(s.updatedAt()));
  }

  private static MapSqlParameterSource deliveryParameters(NewDelivery d) {
    return new MapSqlParameterSource()
        .addValue("subscriptionId", d.subscriptionId())
        .addValue("eventId", d.eventId())
        .addValue("eventType", d.eventType())
        .addValue("shopperId", d.shopperId())
        .addValue("sequence", d.sequence())
        .addValue("payload", d.payload())
        .addValue("createdAt", SqlValues.utc(d.createdAt()));
  }

  private static Subscription subscription(ResultSet rs, int row) throws SQLException {
    String stores = rs.getString("store_ids");
    OffsetDateTime failing = rs.getObject("failing_since", OffsetDateTime.class);
    return new Subscription(
        rs.getString("id"),
        URI.create(rs.getString("target_url")),
        new LinkedHashSet<>(Arrays.asList(rs.getString("event_types").split(","))),
        stores == null || stores.isEmpty()
            ? Set.of()
            : new LinkedHashSet<>(Arrays.asList(stores.split(","))),
        rs.getString("description"),
        rs.getString("secret"),
        rs.getBoolean("active"),
        failing == null ? null : failing.toInstant(),
        SqlValues.instant(rs, "created_at"),
        SqlValues.instant(rs, "updated_at"));
  }

  private static Delivery delivery(ResultSet rs, int row) throws SQLException {
    OffsetDateTime last = rs.getObject("last_attempt_at", OffsetDateTime.class);
    OffsetDateTime delivered = rs.getObject("delivered_at", OffsetDateTime.class);
    return new Delivery(
        rs.getLong("id"),
        rs.getString("subscription_id"),
        rs.getString("event_id"),
        rs.getString("event_type"),
        rs.getString("shopper_id"),
        rs.getLong("sequence"),
        rs.getString("payload"),
        Status.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        SqlValues.instant(rs, "next_attempt_at"),
        SqlValues.instant(rs, "window_start"),
        SqlValues.instant(rs, "created_at"),
        last == null ? null : last.toInstant(),
        rs.getObject("last_status", Integer.class),
        rs.getString("last_error"),
        rs.getObject("last_latency_ms", Long.class),
        delivered == null ? null : delivered.toInstant());
  }
}
