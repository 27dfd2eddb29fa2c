package com.mallquest.mall.domain;

import java.util.List;
import java.util.Optional;

/**
 * A kind of companion in the catalog.
 *
 * @param id 1-64 characters of {@code [A-Za-z0-9_-]}
 * @param name per language
 * @param rarity how rare
 * @param priceCoins the price in coins, {@code > 0}; {@code null} if it cannot be bought
 * @param stages 1 to {@value #MAX_STAGES} stages, the first at 0 xp, xp strictly increasing
 * @param version the row version, {@code >= 1} once stored
 */
public record CompanionSpecies(
    String id,
    LocalizedText name,
    Rarity rarity,
    Long priceCoins,
    List<EvolutionStage> stages,
    long version) {

  /** Most stages a species may have. */
  public static final int MAX_STAGES = 10;

  /** Longest name per language. */
  public static final int MAX_NAME = 100;

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public CompanionSpecies {
    Checks.id(id, "id");
    Checks.notNull(name, "name");
    Checks.notNull(rarity, "rarity");
    if (priceCoins != null && (priceCoins < 1 || priceCoins > MissionReward.MAX_AMOUNT)) {
      throw new InvalidInputException(
          "priceCoins",
          "priceCoins must be in [1, "
              + MissionReward.MAX_AMOUNT
              + "] or absent, was "
              + priceCoins);
    }
    stages = List.copyOf(Checks.notNull(stages, "stages"));
    if (stages.isEmpty() || stages.size() > MAX_STAGES) {
      throw new InvalidInputException(
          "stages", "stages must have 1 to " + MAX_STAGES + " entries, had " + stages.size());
    }
    if (stages.get(0).xpRequired() != 0) {
      throw new InvalidInputException(
          "stages", "the first stage must need 0 xp, was " + stages.get(0).xpRequired());
    }
    for (int i = 1; i < stages.size(); i++) {
      if (stages.get(i).xpRequired() <= stages.get(i - 1).xpRequired()) {
        throw new InvalidInputException(
            "stages",
            "stages' xpRequired must increase strictly, was "
                + stages.get(i - 1).xpRequired()
                + " then "
                + stages.get(i).xpRequired());
      }
    }
    Checks.nonNegative(version, "version");
  }

  /** The price, if the species can be bought. */
  public Optional<Long> price() {
    return Optional.ofNullable(priceCoins);
  }

  /** The index of the highest stage {@code xp} reaches. */
  public int stageFor(long xp) {
    int stage = 0;
    for (int i = 1; i < stages.size(); i++) {
      if (xp >= stages.get(i).xpRequired()) {
        stage = i;
      }
    }
    return stage;
  }

  /** This species with another version. */
  public CompanionSpecies withVersion(long newVersion) {
    return new CompanionSpecies(id, name, rarity, priceCoins, stages, newVersion);
  }
}
