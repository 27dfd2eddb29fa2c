package com.mallquest.mall.application.port;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Webhook subscriptions and their deliveries (ADR 0020). Deliveries are created by the outbox relay
 * in its claim transaction ({@link #insertDeliveries}), claimed by delivery workers in short
 * transactions of their own ({@link #claimDue}) and settled in another short transaction after the
 * receiver answered ({@link #settle}): no transaction is open while a receiver is called.
 */
public interface WebhookRepository {

  /** Where a delivery stands. */
  enum Status {
    /** Due at {@code nextAttemptAt}; while a worker sends it, that is the end of its lease. */
    PENDING,
    /** A receiver answered 2xx. */
    DELIVERED,
    /** Every attempt failed for the retry window; the subscription was marked failing. */
    FAILED
  }

  /**
   * A subscription.
   *
   * @param id {@code wh_...}
   * @param targetUrl where deliveries are POSTed
   * @param eventTypes the event types it receives
   * @param storeIds the stores whose events it receives; empty: every store
   * @param description the operators' note, or null
   * @param secret the signing secret ({@code whsec_...}); never shown again after creation
   * @param active whether new events are delivered to it
   * @param failingSince when a delivery last gave up, until a later one succeeds; null if healthy
   * @param createdAt when it was created
   * @param updatedAt when it last changed
   */
  record Subscription(
      String id,
      URI targetUrl,
      Set<String> eventTypes,
      Set<String> storeIds,
      String description,
      String secret,
      boolean active,
      Instant failingSince,
      Instant createdAt,
      Instant updatedAt) {

    /** Whether an event of this type, about this store (null: none), goes to this subscription. */
    public boolean wants(String eventType, String storeId) {
      return active
          && eventTypes.contains(eventType)
          && (storeIds.isEmpty() || storeIds.contains(storeId));
    }
  }

  /**
   * A delivery to create.
   *
   * @param subscriptionId to whom
   * @param eventId the event's stable id, the same on every attempt
   * @param eventType its type
   * @param shopperId whose event ({@code ""} for a test event)
   * @param sequence the event's position among the shopper's events (its outbox id)
   * @param payload the exact body to send
   * @param createdAt when the event happened
   */
  record NewDelivery(
      String subscriptionId,
      String eventId,
      String eventType,
      String shopperId,
      long sequence,
      String payload,
      Instant createdAt) {}

  /**
   * A delivery as stored.
   *
   * @param id its id
   * @param subscriptionId to whom
   * @param eventId the event's stable id
   * @param eventType its type
   * @param shopperId whose event
   * @param sequence the event's position among the shopper's events
   * @param payload the body
   * @param status where it stands
   * @param attempts attempts made (claims taken)
   * @param nextAttemptAt when it is due (or its lease ends)
   * @param windowStart when its retry window began (its creation, or the last redelivery)
   * @param createdAt when it was created
   * @param lastAttemptAt when the last attempt ended, or null
   * @param lastStatus the HTTP status of the last answer, or null (no answer)
   * @param lastError why the last attempt failed, or null
   * @param lastLatencyMs how long the last attempt took, or null
   * @param deliveredAt when a receiver answered 2xx, or null
   */
  record Delivery(
      long id,
      String subscriptionId,
      String eventId,
      String eventType,
      String shopperId,
      long sequence,
      String payload,
      Status status,
      int attempts,
      Instant nextAttemptAt,
      Instant windowStart,
      Instant createdAt,
      Instant lastAttemptAt,
      Integer lastStatus,
      String lastError,
      Long lastLatencyMs,
      Instant deliveredAt) {}

  /**
   * A delivery a worker holds for one attempt.
   *
   * @param delivery the delivery, {@code attempts} already counting this one
   * @param targetUrl where to send it
   * @param secret the subscription's signing secret
   */
  record Claimed(Delivery delivery, URI targetUrl, String secret) {}

  /**
   * How an attempt ended.
   *
   * @param at when
   * @param httpStatus the receiver's status, or null if none answered
   * @param error why it failed, or null
   * @param latencyMs how long it took
   */
  record Attempt(Instant at, Integer httpStatus, String error, long latencyMs) {}

  /**
   * What to do with a delivery after an attempt.
   *
   * @param status {@link Status#DELIVERED}, {@link Status#PENDING} (retry at {@code nextAttemptAt})
   *     or {@link Status#FAILED} (give up; the subscription is marked failing)
   * @param nextAttemptAt for a retry
   */
  record Outcome(Status status, Instant nextAttemptAt) {}

  /**
   * Pending deliveries.
   *
   * @param pending how many wait (due, leased or backing off)
   * @param oldest when the oldest of them was created, if any
   */
  record Backlog(long pending, Optional<Instant> oldest) {}

  /** Stores a new subscription. */
  void insert(Subscription subscription);

  /** Replaces a subscription's settings; false if it does not exist. */
  boolean update(Subscription subscription);

  /** Deletes a subscription and its deliveries; false if it did not exist. */
  boolean delete(String id);

  /** A subscription. */
  Optional<Subscription> find(String id);

  /** Every subscription, oldest first. */
  List<Subscription> list();

  /** Subscriptions that receive new events. */
  List<Subscription> active();

  /**
   * Inserts deliveries in the caller's transaction (the outbox relay's claim): they commit, or roll
   * back, with the outbox rows they come from. A delivery whose (subscription, event id) exists is
   * skipped.
   */
  void insertDeliveries(List<NewDelivery> deliveries);

  /**
   * Inserts one delivery in a transaction of its own (a test event).
   *
   * @return its id
   */
  long insertDelivery(NewDelivery delivery);

  /**
   * In a short transaction of its own: takes up to {@code limit} pending deliveries due at {@code
   * now} whose subscription is active, only the earliest pending one per subscription and shopper,
   * and only when no earlier event of that shopper is still in the outbox; skips those other
   * workers hold. Each is leased until {@code leaseUntil} and its attempt count raised, then the
   * transaction commits.
   */
  List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit);

  /**
   * Records an attempt's end in a short transaction, unless another worker claimed the delivery
   * since ({@code attempt} no longer matches) or it was deleted.
   *
   * @return whether it was recorded
   */
  boolean settle(long deliveryId, int attempt, Attempt result, Outcome outcome);

  /** The subscription's latest deliveries, newest first. */
  List<Delivery> deliveries(String subscriptionId, int limit);

  /** One delivery of the subscription. */
  Optional<Delivery> delivery(String subscriptionId, long deliveryId);

  /**
   * Makes a delivery pending and due at {@code now} again with a fresh retry window; false if
   * absent.
   */
  boolean redeliver(String subscriptionId, long deliveryId, Instant now);

  /** Pending deliveries of all subscriptions. */
  Backlog backlog();

  /**
   * Deletes delivered and failed deliveries created before {@code before} (the log's retention).
   *
   * @return how many
   */
  int purge(Instant before);
}
