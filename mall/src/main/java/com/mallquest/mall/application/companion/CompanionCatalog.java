package com.mallquest.mall.application.companion;

import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.domain.CompanionSpecies;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.NotFoundException;
import java.util.List;
import java.util.Objects;

/** The companion species operators define. */
public final class CompanionCatalog {

  private final CompanionRepository species;

  /** With its port. */
  public CompanionCatalog(CompanionRepository species) {
    this.species = Objects.requireNonNull(species, "species");
  }

  /** Stores a new species at version 1; {@link ConflictException} if the id is taken. */
  public CompanionSpecies create(CompanionSpecies newSpecies) {
    CompanionSpecies stored = newSpecies.withVersion(1);
    if (!species.insertSpecies(stored)) {
      throw new ConflictException("companion species " + newSpecies.id() + " exists already");
    }
    return stored;
  }

  /**
   * Replaces a species. Companions keep their stage index; one with fewer stages now stays at most
   * at the last.
   *
   * @throws NotFoundException if absent
   * @throws ConflictException on a concurrent change
   */
  public CompanionSpecies replace(CompanionSpecies changed) {
    CompanionSpecies current =
        species
            .findSpecies(changed.id())
            .orElseThrow(() -> new NotFoundException("companion species", changed.id()));
    return species
        .updateSpecies(changed.withVersion(current.version()))
        .orElseThrow(
            () ->
                new ConflictException(
                    "companion species " + changed.id() + " was changed concurrently"));
  }

  /** Every species, ordered by id. */
  public List<CompanionSpecies> list() {
    return species.findAllSpecies();
  }

  /** Whether the species exists. */
  public boolean exists(String id) {
    return species.findSpecies(id).isPresent();
  }
}
