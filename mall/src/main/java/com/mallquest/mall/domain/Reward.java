package com.mallquest.mall.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A reward in the catalog, bought with coins.
 *
 * @param id the operator's id
 * @param name the name per language, each at most {@value #MAX_NAME_LENGTH} characters
 * @param description the description per language, each at most {@value #MAX_DESCRIPTION_LENGTH}
 *     characters
 * @param priceCoins the price, in {@code [1, MAX_PRICE_COINS]}
 * @param stock how many are left, {@code >= 0}; empty means unlimited
 * @param minTier the lowest VIP tier that may redeem it; empty means every tier
 * @param availableFrom redeemable from this instant on (inclusive); empty means always
 * @param availableUntil redeemable before this instant (exclusive); empty means forever; after
 *     {@code availableFrom}
 * @param active whether it may be redeemed at all
 * @param version the row version the database gave this state
 */
public record Reward(
    RewardId id,
    LocalizedText name,
    LocalizedText description,
    long priceCoins,
    OptionalLong stock,
    Optional<VipTier> minTier,
    Optional<Instant> availableFrom,
    Optional<Instant> availableUntil,
    boolean active,
    long version) {

  /** Longest name in one language. */
  public static final int MAX_NAME_LENGTH = 100;

  /** Longest description in one language. */
  public static final int MAX_DESCRIPTION_LENGTH = 1000;

  /** Highest price. */
  public static final long MAX_PRICE_COINS = 1_000_000_000L;

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public Reward {
    Checks.notNull(id, "id");
    Checks.notNull(name, "name");
    Checks.notNull(description, "description");
    if (priceCoins < 1 || priceCoins > MAX_PRICE_COINS) {
      throw new InvalidInputException(
          "priceCoins", "priceCoins must be in [1, " + MAX_PRICE_COINS + "], was " + priceCoins);
    }
    Checks.notNull(stock, "stock");
    if (stock.isPresent()) {
      Checks.nonNegative(stock.getAsLong(), "stock");
    }
    Checks.notNull(minTier, "minTier");
    Checks.notNull(availableFrom, "availableFrom");
    Checks.notNull(availableUntil, "availableUntil");
    if (availableFrom.isPresent()
        && availableUntil.isPresent()
        && !availableUntil.get().isAfter(availableFrom.get())) {
      throw new InvalidInputException(
          "availableUntil",
          "availableUntil must be after availableFrom, was "
              + availableUntil.get()
              + " <= "
              + availableFrom.get());
    }
    Checks.nonNegative(version, "version");
  }

  /**
   * Checks that {@code shopper} may redeem this reward at {@code now}, in this order: active,
   * inside the window, tier, in stock, enough coins.
   *
   * @throws ConflictException saying which rule fails, with the values
   */
  public void checkRedeemable(Shopper shopper, Instant now) {
    Checks.notNull(shopper, "shopper");
    Checks.notNull(now, "now");
    if (!active) {
      throw new ConflictException("reward is inactive: rewardId=" + id.value());
    }
    if (availableFrom.isPresent() && now.isBefore(availableFrom.get())) {
      throw new ConflictException(
          "reward " + id.value() + " is not available yet: availableFrom=" + availableFrom.get());
    }
    if (availableUntil.isPresent() && !now.isBefore(availableUntil.get())) {
      throw new ConflictException(
          "reward "
              + id.value()
              + " is no longer available: availableUntil="
              + availableUntil.get());
    }
    if (minTier.isPresent() && shopper.vipTier().compareTo(minTier.get()) < 0) {
      throw new ConflictException(
          "reward "
              + id.value()
              + " needs tier "
              + minTier.get().displayName()
              + ", shopper is "
              + shopper.vipTier().displayName());
    }
    if (stock.isPresent() && stock.getAsLong() == 0) {
      throw new ConflictException("reward is out of stock: rewardId=" + id.value());
    }
    if (shopper.coins() < priceCoins) {
      throw notEnoughCoins(shopper.coins());
    }
  }

  /** The conflict for a balance below the price (also when the guarded debit in SQL finds it). */
  public ConflictException notEnoughCoins(long balance) {
    return new ConflictException(
        "not enough coins for reward "
            + id.value()
            + ": price="
            + priceCoins
            + ", balance="
            + balance);
  }
}
