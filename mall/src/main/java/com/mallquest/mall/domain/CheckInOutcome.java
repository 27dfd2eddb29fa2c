package com.mallquest.mall.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * The result of {@link Shopper#checkIn(java.time.Instant, EarningRules)}.
 *
 * @param shopper the shopper after the check-in; the same instance if {@code alreadyCheckedIn}
 * @param streak the consecutive-day streak after the check-in (unchanged if already checked in)
 * @param coinsAwarded the bonus credited now; 0 if already checked in
 * @param alreadyCheckedIn true if this local date (or a later one) was already checked in, so
 *     nothing changed
 * @param localDate the date of the check-in instant in the shopper's current time zone
 * @param events a {@link DomainEvent.CheckedIn} when coins were awarded; empty otherwise
 */
public record CheckInOutcome(
    Shopper shopper,
    int streak,
    long coinsAwarded,
    boolean alreadyCheckedIn,
    LocalDate localDate,
    List<DomainEvent> events) {

  /** Copies {@code events} into an unmodifiable list. */
  public CheckInOutcome {
    Checks.notNull(shopper, "shopper");
    Checks.nonNegative(streak, "streak");
    Checks.nonNegative(coinsAwarded, "coinsAwarded");
    Checks.notNull(localDate, "localDate");
    events = List.copyOf(Checks.notNull(events, "events"));
  }
}
