package com.mallquest.mall.domain;

/**
 * Something noteworthy that a domain operation caused, returned with its outcome so the
 * application can notify the shopper or publish it. Each event has a stable snake_case {@link
 * #type()} for the API and for logs.
 */
public sealed interface DomainEvent {

  /** The stable name of the event kind, e.g. {@code "level_up"}. */
  String type();

  /**
   * The shopper reached a higher level.
   *
   * @param fromLevel the level before
   * @param toLevel the level after, greater than {@code fromLevel}
   */
  record LevelUp(int fromLevel, int toLevel) implements DomainEvent {

    /** @return {@code "level_up"} */
    @Override
    public String type() {
      return "level_up";
    }
  }

  /**
   * The shopper's VIP tier changed.
   *
   * @param from the tier before
   * @param to the tier after
   */
  record TierChanged(VipTier from, VipTier to) implements DomainEvent {

    /** @return {@code "tier_changed"} */
    @Override
    public String type() {
      return "tier_changed";
    }
  }

  /**
   * The shopper checked in for a new local date.
   *
   * @param streak the consecutive-day streak including this check-in
   * @param coinsAwarded the bonus credited
   */
  record CheckedIn(int streak, long coinsAwarded) implements DomainEvent {

    /** @return {@code "checked_in"} */
    @Override
    public String type() {
      return "checked_in";
    }
  }
}
