package com.mallquest.mall.domain;

import java.time.Instant;

/**
 * Something noteworthy that a domain operation caused, returned with its outcome so the application
 * can notify the shopper or publish it. Each event has a stable snake_case {@link #type()} for the
 * API and for logs.
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

    /**
     * @return {@code "level_up"}
     */
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

    /**
     * @return {@code "tier_changed"}
     */
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

    /**
     * @return {@code "checked_in"}
     */
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

    /**
     * @return {@code "mission_progress"}
     */
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
  record MissionCompleted(
      String missionId, Instant periodStart, long coins, long xp, String companionSpeciesId)
      implements DomainEvent {

    /**
     * @return {@code "mission_completed"}
     */
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
   * @param coinsWithheld the coins the purchase would have earned without the cap, minus those
   *     awarded
   */
  record CapReached(String cap, long limit, long coinsWithheld) implements DomainEvent {

    /**
     * @return {@code "cap_reached"}
     */
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
  record CompanionAcquired(String companionId, String speciesId, String source)
      implements DomainEvent {

    /**
     * @return {@code "companion_acquired"}
     */
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
  record CompanionEvolved(String companionId, String speciesId, int fromStage, int toStage)
      implements DomainEvent {

    /**
     * @return {@code "companion_evolved"}
     */
    @Override
    public String type() {
      return "companion_evolved";
    }
  }

  /**
   * A purchase was recorded and credited (for event consumers; the API's purchase answer carries
   * the purchase itself, not this event).
   *
   * @param purchaseId the purchase
   * @param storeId where
   * @param receiptId the store's receipt number
   * @param amountMinor the amount in minor units
   * @param currency its ISO 4217 code
   * @param coinsEarned coins credited (after caps)
   * @param xpEarned xp credited
   */
  record PurchaseRecorded(
      String purchaseId,
      String storeId,
      String receiptId,
      long amountMinor,
      String currency,
      long coinsEarned,
      long xpEarned)
      implements DomainEvent {

    /** The event of a recorded purchase. */
    public static PurchaseRecorded of(Purchase purchase) {
      return new PurchaseRecorded(
          purchase.id(),
          purchase.storeId().value(),
          purchase.receiptId(),
          purchase.amountMinor(),
          purchase.currency(),
          purchase.coinsEarned(),
          purchase.xpEarned());
    }

    /**
     * @return {@code "purchase_recorded"}
     */
    @Override
    public String type() {
      return "purchase_recorded";
    }
  }

  /**
   * A purchase was refunded (for event consumers).
   *
   * @param purchaseId the refunded purchase
   * @param storeId where it was bought
   * @param amountMinor the amount taken off the lifetime spend
   * @param coinsReversed coins taken back
   * @param coinsShortfall coins already spent that could not be taken back
   * @param xpReversed xp taken back
   */
  record PurchaseRefunded(
      String purchaseId,
      String storeId,
      long amountMinor,
      long coinsReversed,
      long coinsShortfall,
      long xpReversed)
      implements DomainEvent {

    /** The event of a refund. */
    public static PurchaseRefunded of(Refund refund) {
      return new PurchaseRefunded(
          refund.purchaseId(),
          refund.storeId().value(),
          refund.amountMinor(),
          refund.coinsReversed(),
          refund.coinsShortfall(),
          refund.xpReversed());
    }

    /**
     * @return {@code "purchase_refunded"}
     */
    @Override
    public String type() {
      return "purchase_refunded";
    }
  }

  /**
   * A shopper redeemed a reward (for event consumers).
   *
   * @param redemptionId the redemption
   * @param rewardId the reward
   * @param code the code the shopper shows to collect it
   * @param priceCoins coins paid
   */
  record RewardRedeemed(String redemptionId, String rewardId, String code, long priceCoins)
      implements DomainEvent {

    /** The event of a redemption. */
    public static RewardRedeemed of(Redemption redemption) {
      return new RewardRedeemed(
          redemption.id(),
          redemption.rewardId().value(),
          redemption.code(),
          redemption.priceCoins());
    }

    /**
     * @return {@code "reward_redeemed"}
     */
    @Override
    public String type() {
      return "reward_redeemed";
    }
  }
}
