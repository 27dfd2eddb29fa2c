package com.mallquest.mall.domain;

import java.util.Optional;

/**
 * What a completed mission pays.
 *
 * @param coins coins credited, in {@code [0, }{@value #MAX_AMOUNT}{@code ]}
 * @param xp xp credited (level recomputed), in {@code [0, }{@value #MAX_AMOUNT}{@code ]}
 * @param companionSpeciesId a companion species granted; {@code null} for none
 */
public record MissionReward(long coins, long xp, String companionSpeciesId) {

  /** The largest coin or xp reward. */
  public static final long MAX_AMOUNT = 1_000_000_000L;

  /**
   * @throws InvalidInputException if an amount is out of range or the species id malformed
   */
  public MissionReward {
    checkAmount(coins, "reward.coins");
    checkAmount(xp, "reward.xp");
    if (companionSpeciesId != null) {
      Checks.id(companionSpeciesId, "reward.companionSpeciesId");
    }
  }

  /** The species granted, if any. */
  public Optional<String> companionSpecies() {
    return Optional.ofNullable(companionSpeciesId);
  }

  private static void checkAmount(long value, String field) {
    if (value < 0 || value > MAX_AMOUNT) {
      throw new InvalidInputException(
          field, field + " must be in [0, " + MAX_AMOUNT + "], was " + value);
    }
  }
}
