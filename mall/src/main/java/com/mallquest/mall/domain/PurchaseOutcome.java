package com.mallquest.mall.domain;

import java.util.List;

/**
 * The result of {@link Shopper#applyPurchase(Money, Store, EarningRules)}.
 *
 * @param shopper the shopper after the purchase (same {@code version}; the database increments it)
 * @param earning the coins and xp the purchase earned
 * @param events level and tier changes, in that order; empty if none
 */
public record PurchaseOutcome(Shopper shopper, Earning earning, List<DomainEvent> events) {

  /** Copies {@code events} into an unmodifiable list. */
  public PurchaseOutcome {
    Checks.notNull(shopper, "shopper");
    Checks.notNull(earning, "earning");
    events = List.copyOf(Checks.notNull(events, "events"));
  }
}
