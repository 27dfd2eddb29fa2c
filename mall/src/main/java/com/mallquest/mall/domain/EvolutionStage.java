package com.mallquest.mall.domain;

/**
 * One evolution stage of a companion species.
 *
 * @param name per language, up to 100 characters each
 * @param xpRequired the companion-xp from which the companion is at this stage, {@code >= 0}
 */
public record EvolutionStage(LocalizedText name, long xpRequired) {

  /**
   * @throws InvalidInputException if a value is missing or negative
   */
  public EvolutionStage {
    Checks.notNull(name, "stages.name");
    Checks.nonNegative(xpRequired, "stages.xpRequired");
  }
}
