package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.CompanionSpecies;
import com.mallquest.mall.domain.ShopperId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The companion catalog and shoppers' companions. Companion writes run under the shopper's row
 * lock; each companion row carries a key unique per shopper (a client's Idempotency-Key, or one the
 * service derives for a grant), so a retry never adds a second one.
 */
public interface CompanionRepository {

  /** Inserts a species; false if the id exists already. */
  boolean insertSpecies(CompanionSpecies species);

  /** Replaces a species if the row still has its version; empty on a concurrent change. */
  Optional<CompanionSpecies> updateSpecies(CompanionSpecies species);

  /** The species, or empty. */
  Optional<CompanionSpecies> findSpecies(String id);

  /** Every species, ordered by id. */
  List<CompanionSpecies> findAllSpecies();

  /**
   * Inserts a companion with its key.
   *
   * @return false if the shopper has a companion with this key already (nothing inserted)
   */
  boolean insert(Companion companion, String key);

  /** The shopper's companion stored with this key. */
  Optional<Companion> findByKey(ShopperId shopperId, String key);

  /** The keys of the shopper's companions that start with {@code prefix}. */
  Set<String> keysStartingWith(ShopperId shopperId, String prefix);

  /** The shopper's companions, oldest first. */
  List<Companion> findByShopper(ShopperId shopperId);

  /** The shopper's active companion. */
  Optional<Companion> findActive(ShopperId shopperId);

  /**
   * The shopper's active companion, fed: its companion-xp rises by {@code xpDelta} atomically (at
   * most to {@link Long#MAX_VALUE}), its stage unchanged. One statement reads the species too. The
   * caller sets the stage the growth reached ({@link #setStage}), if it rose.
   *
   * @return the companion as it was before, with its species; empty if the shopper has no active
   *     companion (nothing changed)
   */
  Optional<Fed> feedActive(ShopperId shopperId, long xpDelta);

  /**
   * An active companion fed by {@link #feedActive}.
   *
   * @param before the companion before it was fed
   * @param species its species
   */
  record Fed(Companion before, CompanionSpecies species) {}

  /** Sets the companion's stage. */
  void setStage(String companionId, int stage);

  /** Makes this companion the shopper's only active one. */
  void activate(ShopperId shopperId, String companionId);
}
