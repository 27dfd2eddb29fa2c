package com.mallquest.mall.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A shopper's companion.
 *
 * @param id a UUID in text form
 * @param shopperId whose
 * @param speciesId of which species
 * @param xp companion-xp, {@code >= 0}
 * @param stage the evolution stage index, {@code >= 0}
 * @param active whether it is the shopper's active companion (at most one is)
 * @param source how it was acquired: {@code purchase}, {@code mission} or {@code milestone}
 * @param acquiredAt when
 */
public record Companion(
    String id,
    ShopperId shopperId,
    String speciesId,
    long xp,
    int stage,
    boolean active,
    String source,
    Instant acquiredAt) {

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public Companion {
    Checks.notNull(id, "id");
    Checks.notNull(shopperId, "shopperId");
    Checks.id(speciesId, "speciesId");
    Checks.nonNegative(xp, "xp");
    Checks.nonNegative(stage, "stage");
    Checks.notNull(source, "source");
    Checks.notNull(acquiredAt, "acquiredAt");
  }

  /**
   * This companion after earning companion-xp: the stage follows the species' thresholds and never
   * goes down.
   *
   * @return the companion after, and a {@link DomainEvent.CompanionEvolved} if the stage rose
   */
  public Growth gain(long xpDelta, CompanionSpecies species) {
    Checks.nonNegative(xpDelta, "xpDelta");
    if (!species.id().equals(speciesId)) {
      throw new IllegalArgumentException(
          "species " + species.id() + " is not this companion's " + speciesId);
    }
    long newXp = xp + xpDelta < xp ? Long.MAX_VALUE : xp + xpDelta;
    int newStage = Math.max(stage, species.stageFor(newXp));
    Companion after =
        new Companion(id, shopperId, speciesId, newXp, newStage, active, source, acquiredAt);
    return new Growth(
        after,
        newStage > stage
            ? Optional.of(new DomainEvent.CompanionEvolved(id, speciesId, stage, newStage))
            : Optional.empty());
  }

  /**
   * A companion after growth.
   *
   * @param companion the companion after
   * @param evolved the event if it evolved
   */
  public record Growth(Companion companion, Optional<DomainEvent> evolved) {}
}
