package com.mallquest.mall.domain;

import java.time.Instant;

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

  /**
   * A mission's progress moved in its current window period.
   *
   * @param missionId the mission
   * @param progress the progress after the change
   * @param target the goal's target
   */
  record MissionProgressed(String missionId, long progress, long target) implements DomainEvent {

    /** @return {@code "mission_progress"} */
    @Override
    public String type() {
      return "mission_progress";
    }
  }

  /**
   * A mission was completed for a window period, and its reward paid.
   *
   * @param missionId the mission
   * @param periodStart the start of the window period it was completed in
   * @param coins coins paid
   * @param xp xp paid
   * @param companionSpeciesId the companion species granted; {@code null} for none
   */
  record MissionCompleted(String missionId, Instant periodStart, long coins, long xp,
      String companionSpeciesId) implements DomainEvent {

    /** @return {@code "mission_completed"} */
    @Override
    public String type() {
      return "mission_completed";
    }
  }

  /**
   * An abuse cap held back some or all of a purchase's coins.
   *
   * @param cap which cap: {@code "daily_purchase_coins"} or {@code "purchases_per_store_per_hour"}
   * @param limit the configured cap
   * @param coinsWithheld the coins the purchase would have earned without the cap, minus those awarded
   */
  record CapReached(String cap, long limit, long coinsWithheld) implements DomainEvent {

    /** @return {@code "cap_reached"} */
    @Override
    public String type() {
      return "cap_reached";
    }
  }

  /**
   * The shopper got a companion.
   *
   * @param companionId the new companion
   * @param speciesId its species
   * @param source how: {@code "mission"}, {@code "milestone"} or {@code "purchase"}
   */
  record CompanionAcquired(String companionId, String speciesId, String source) implements DomainEvent {

    /** @return {@code "companion_acquired"} */
    @Override
    public String type() {
      return "companion_acquired";
    }
  }

  /**
   * The active companion reached a new evolution stage.
   *
   * @param companionId the companion
   * @param speciesId its species
   * @param fromStage the stage index before (0 = first)
   * @param toStage the stage index after
   */
  record CompanionEvolved(String companionId, String speciesId, int fromStage, int toStage) implements DomainEvent {

    /** @return {@code "companion_evolved"} */
    @Override
    public String type() {
      return "companion_evolved";
    }
  }
}
