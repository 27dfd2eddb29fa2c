package com.mallquest.mall.application.outbox;

import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.ChangeOutbox.Change;
import com.mallquest.mall.application.port.ChangeOutbox.Kind;
import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.StoreCache;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.application.webhook.WebhookEventTypes;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How a use case says what it changed: called inside the transaction that makes the change, it
 * records the change in the outbox (so the caches, boards and event consumers hear of it even if
 * this process dies right after the commit) and, after the commit, tells this instance's cache at
 * once (the fast path: read-your-own-write here, and usually every other instance within
 * milliseconds). Correctness rests on the outbox only; the fast path may fail or never run.
 */
public final class Changes {

  private final ChangeOutbox outbox;
  private final Transactions transactions;
  private final ShopperCache shoppers;
  private final StoreCache stores;
  private final MissionCache missions;

  /** With the outbox, the transaction boundary and the caches of the fast path. */
  public Changes(
      ChangeOutbox outbox,
      Transactions transactions,
      ShopperCache shoppers,
      StoreCache stores,
      MissionCache missions) {
    this.outbox = outbox;
    this.transactions = transactions;
    this.shoppers = shoppers;
    this.stores = stores;
    this.missions = missions;
  }

  /**
   * The shopper's row is now {@code committed} (as it will be once the transaction commits).
   *
   * @param xpChanged whether the xp ledger changed too (the leaderboards must follow)
   * @param events what the change caused, for event consumers (those they can subscribe to)
   */
  public void shopper(Shopper committed, boolean xpChanged, List<DomainEvent> events) {
    outbox.append(ofShopper(committed.id(), committed.version(), xpChanged, events));
    written(committed);
  }

  /**
   * The outbox changes of a shopper's change, for a repository that records them in the statement
   * that makes the change ({@code PurchaseRepository.insertAndCredit}, ADR 0026); the caller then
   * calls {@link #since}. One change for the profile (and the boards, if {@code xpChanged}), then
   * one per event consumers can subscribe to, in order.
   *
   * @param version the version the change gives the shopper's row
   */
  public static List<Change> ofShopper(
      ShopperId shopperId, long version, boolean xpChanged, List<DomainEvent> events) {
    List<Change> changes = new ArrayList<>(1 + events.size());
    // One row for the profile and the boards when both follow (ADR 0026).
    changes.add(
        Change.of(xpChanged ? Kind.SHOPPER_AND_BOARDS : Kind.SHOPPER, shopperId.value(), version));
    addEvents(changes, shopperId, version, events);
    return changes;
  }

  /**
   * The transaction recorded the shopper's change at {@code recorded}'s version already ({@link
   * #ofShopper}); the row is now {@code committed}. Records what followed: the profile and the
   * boards again only if the row moved on (a mission reward), and {@code events}. After the commit
   * this instance's cache hears of {@code committed}.
   */
  public void since(Shopper recorded, Shopper committed, List<DomainEvent> events) {
    if (committed.version() != recorded.version()) {
      shopper(committed, true, events);
      return;
    }
    List<Change> changes = new ArrayList<>(events.size());
    addEvents(changes, committed.id(), committed.version(), events);
    outbox.append(changes);
    written(committed);
  }

  /**
   * One change per event that consumers can subscribe to, with its webhook type as its topic; an
   * event no consumer can subscribe to (mission progress, a cap reached) is not recorded (ADR
   * 0029). The outbox then records each only while a subscription lists its topic.
   */
  private static void addEvents(
      List<Change> changes, ShopperId shopperId, long version, List<DomainEvent> events) {
    for (DomainEvent event : events) {
      WebhookEventTypes.of(event.type())
          .ifPresent(topic -> changes.add(Change.event(shopperId.value(), version, event, topic)));
    }
  }

  /** After the commit, this instance's cache hears that the shopper's row is {@code committed}. */
  private void written(Shopper committed) {
    transactions.afterCommit(() -> shoppers.written(committed));
  }

  /**
   * {@code first}, then {@code rest}: a change's own event (a purchase recorded, a refund) ahead of
   * the events it caused, for event consumers only; the use case's answer keeps its own list.
   */
  public static List<DomainEvent> with(DomainEvent first, List<DomainEvent> rest) {
    List<DomainEvent> all = new ArrayList<>(1 + rest.size());
    all.add(first);
    all.addAll(rest);
    return all;
  }

  /** The store's row is now {@code committed}. */
  public void store(Store committed) {
    outbox.append(List.of(Change.of(Kind.STORE, committed.id().value(), committed.version())));
    transactions.afterCommit(() -> stores.written(committed));
  }

  /** The mission catalogue changed. */
  public void missions() {
    outbox.append(List.of(Change.of(Kind.MISSIONS, "", 0)));
    transactions.afterCommit(missions::changed);
  }

  /** These shoppers were inserted in bulk. */
  public void shoppersCreated(Collection<ShopperId> ids) {
    if (ids.isEmpty()) {
      return;
    }
    outbox.append(List.of(Change.of(Kind.SHOPPERS_CREATED, "", 0)));
    List<ShopperId> created = List.copyOf(ids);
    transactions.afterCommit(() -> shoppers.created(created));
  }
}
