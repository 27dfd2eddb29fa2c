package com.mallquest.mall.domain;

import java.time.Instant;
import java.util.List;

/**
 * The result of {@link Shopper#applyRefund(Purchase, EarningRules, Instant)}.
 *
 * @param shopper the shopper after the refund (same {@code version}; the database increments it)
 * @param refund what was taken back
 * @param events a {@link DomainEvent.TierChanged} if the tier dropped; otherwise empty
 */
public record RefundOutcome(Shopper shopper, Refund refund, List<DomainEvent> events) {

  /** Copies {@code events} into an unmodifiable list. */
  public RefundOutcome {
    Checks.notNull(shopper, "shopper");
    Checks.notNull(refund, "refund");
    events = List.copyOf(Checks.notNull(events, "events"));
  }
}
