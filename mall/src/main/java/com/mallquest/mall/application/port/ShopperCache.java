package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Read-mostly access to shopper profiles through the cache tiers. Never used to decide anything
 * that spends or credits coins: those read and lock the row in the transaction.
 */
public interface ShopperCache {

  /** The profile, from the nearest tier that has it (read-through to the database). */
  Optional<Shopper> get(ShopperId id);

  /**
   * The profile if this instance's memory tier holds it now; never reads Redis or the database and
   * never blocks. It may be older than the database's row: act on it only where the database checks
   * its version (ADR 0028). Empty where there is no memory tier (this default).
   */
  default Optional<Shopper> peek(ShopperId id) {
    return Optional.empty();
  }

  /** Tells the cache the committed state of a shopper. Call after the commit. */
  void written(Shopper shopper);

  /**
   * Tells the cache that these shoppers were just inserted in bulk (call after the commit), so that
   * no remembered "not found" hides them, on this instance or another. Costs no work per id.
   */
  void created(Collection<ShopperId> ids);

  /**
   * The versions the shared tier (Redis) holds for these shoppers, read together, for the
   * reconciliation check. A shopper the tier does not hold (or holds only a tombstone of) is left
   * out. Empty if there is no shared tier or it cannot be read now.
   */
  default Optional<Map<ShopperId, Long>> sharedVersions(Collection<ShopperId> ids) {
    return Optional.empty();
  }
}
