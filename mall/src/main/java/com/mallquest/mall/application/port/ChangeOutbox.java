package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.DomainEvent;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The transactional outbox: changes that the cache tiers, the leaderboards and event consumers must
 * hear of, written in the same database transaction as the change they describe, so that one exists
 * exactly when its change committed (ADR 0015).
 */
public interface ChangeOutbox {

  /** What a change is about. */
  enum Kind {
    /** A shopper's row changed; key = shopper id, version = the row's new version. */
    SHOPPER,
    /** A store's row changed; key = store id, version = the row's new version. */
    STORE,
    /** The mission catalogue changed; no key. */
    MISSIONS,
    /** Shoppers were inserted in bulk: cached "not found" answers must go; no key. */
    SHOPPERS_CREATED,
    /** A shopper's xp ledger changed: their leaderboard entries must follow; key = shopper id. */
    LEADERBOARD,
    /**
     * A domain event for consumers (webhooks); key = shopper id, payload = the event as JSON.
     * Recorded only for events some active subscription wants (ADR 0029).
     */
    EVENT,
    /**
     * A shopper's row and their xp ledger changed in one transaction: {@link #SHOPPER} and {@link
     * #LEADERBOARD} in one row (a purchase, a check-in, a refund writes one row instead of two);
     * key = shopper id, version = the row's new version.
     */
    SHOPPER_AND_BOARDS;

    /** Whether the shopper's cached profile must follow ({@link #SHOPPER} or both). */
    public boolean refreshesShopper() {
      return this == SHOPPER || this == SHOPPER_AND_BOARDS;
    }

    /** Whether the shopper's leaderboard entries must follow ({@link #LEADERBOARD} or both). */
    public boolean refreshesBoards() {
      return this == LEADERBOARD || this == SHOPPER_AND_BOARDS;
    }

    /**
     * The kinds whose rows carry this kind's change: itself, and {@link #SHOPPER_AND_BOARDS} for
     * {@link #SHOPPER} and {@link #LEADERBOARD}.
     */
    public Set<Kind> carriedBy() {
      EnumSet<Kind> kinds = EnumSet.of(this);
      if (refreshesShopper() || refreshesBoards()) {
        kinds.add(SHOPPER_AND_BOARDS);
      }
      return kinds;
    }
  }

  /**
   * A change to record.
   *
   * @param kind what it is about
   * @param key the cache key, or {@code ""}
   * @param version the committed row version, or 0
   * @param event the event, for {@link Kind#EVENT}; else null
   * @param topic for {@link Kind#EVENT}, the type its consumers subscribe to (a webhook event
   *     type): the row is recorded only if an active subscription lists it at the time of the
   *     statement that records it (ADR 0029); else null
   */
  record Change(Kind kind, String key, long version, DomainEvent event, String topic) {

    /** Checks that an EVENT change has an event and a topic, and any other change neither. */
    public Change {
      boolean isEvent = kind == Kind.EVENT;
      if (isEvent != (event != null) || isEvent != (topic != null)) {
        throw new IllegalArgumentException(
            "an EVENT change has an event and a topic, any other change neither: " + kind);
      }
    }

    /** A cache or board change. */
    public static Change of(Kind kind, String key, long version) {
      return new Change(kind, key, version, null, null);
    }

    /**
     * A domain event of a shopper, for the consumers of {@code topic}: recorded only while one
     * subscribes to it.
     */
    public static Change event(String shopperId, long version, DomainEvent event, String topic) {
      return new Change(Kind.EVENT, shopperId, version, event, topic);
    }
  }

  /**
   * A change waiting to be published.
   *
   * @param id its sequence number (ascending in insertion order)
   * @param kind what it is about
   * @param key the cache key, or {@code ""}
   * @param version the row version it produced, or 0
   * @param payload an event's JSON, or null
   * @param createdAt when it was recorded
   */
  record Pending(long id, Kind kind, String key, long version, String payload, Instant createdAt) {}

  /**
   * The backlog.
   *
   * @param pending how many changes wait
   * @param oldest when the oldest of them was recorded, if any
   */
  record Backlog(long pending, Optional<Instant> oldest) {}

  /**
   * What a {@link #drain} did.
   *
   * @param claimed how many changes it took (0: none was pending, or all were held by others)
   * @param published whether they were published and removed; if false they stay pending
   */
  record Drained(int claimed, boolean published) {}

  /**
   * Records changes in the caller's transaction: they commit or roll back with it. Must run inside
   * a transaction ({@link Transactions}). One statement for all of them. An {@link Kind#EVENT}
   * change is recorded only if an active subscription lists its {@link Change#topic} when the
   * statement runs (ADR 0029).
   */
  void append(List<Change> changes);

  /**
   * Claims up to {@code limit} pending changes, oldest first, in a transaction of its own that
   * holds them so no other instance takes them, hands them to {@code publish}, and removes them if
   * it answers true; otherwise (or if it throws) they stay pending for the next attempt.
   */
  Drained drain(int limit, Predicate<List<Pending>> publish);

  /** How many changes wait, and since when. */
  Backlog backlog();
}
