package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperBlock;
import com.mallquest.mall.domain.ShopperId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shoppers in the database. Every update increments the row's {@code version}. */
public interface ShopperRepository {

  /** The committed shopper, or empty. */
  Optional<Shopper> findById(ShopperId id);

  /** The shoppers that exist among {@code ids}, in one query. */
  Map<ShopperId, Shopper> findAllById(Collection<ShopperId> ids);

  /**
   * Reads and locks the shopper's row until the transaction ends ({@code SELECT ... FOR UPDATE}).
   * Must run inside a transaction.
   */
  Optional<Shopper> lockById(ShopperId id);

  /**
   * A locked shopper and the block that stands on them, if any.
   *
   * @param shopper the shopper's row, locked until the transaction ends
   * @param block the shopper's block, read in the same statement
   */
  record Locked(Shopper shopper, Optional<ShopperBlock> block) {}

  /**
   * {@link #lockById} and the shopper's block in one statement (one round trip instead of two, for
   * the write paths that refuse a blocked shopper). Must run inside a transaction.
   */
  Optional<Locked> lockWithBlock(ShopperId id);

  /**
   * Inserts a new shopper.
   *
   * @return false if a shopper with this id exists already (nothing changed)
   */
  boolean insert(Shopper shopper);

  /**
   * Inserts new shoppers in one statement ({@code INSERT ... ON CONFLICT DO NOTHING}); ids that
   * exist already are left as they are.
   *
   * @param shoppers new shoppers as {@link Shopper#register} makes them (no coins, xp, streak,
   *     level 1, Bronze, version 0), with distinct ids; at most {@link #MAX_INSERT_BATCH}
   * @return how many were inserted; the others existed already
   */
  int insertNew(List<Shopper> shoppers);

  /**
   * The most shoppers {@link #insertNew} takes at once (PostgreSQL binds at most 32,767 values).
   */
  int MAX_INSERT_BATCH = 2000;

  /**
   * The one way balances change: adds the change's coins, xp and spend atomically ({@code coins =
   * coins + ?}, ...), each guarded so that none goes below zero, sets what it sets (level, tier,
   * check-in streak and date), increments the version, and appends the ledger rows that record it:
   * a coin-ledger row with the new balance if coins changed, an xp-ledger row if xp changed, both
   * with the change's reason, reference and time. One statement on PostgreSQL. Must run inside a
   * transaction (the caller normally holds the row's lock already).
   *
   * @return the committed shopper and its coin-ledger row, or empty if there is no such shopper or
   *     a guard failed (nothing changed)
   */
  Optional<BalanceChange.Applied> applyCoins(BalanceChange change);

  /** Writes display name, language and time zone; increments the version. */
  Shopper updateProfile(Shopper shopper);

  /** Number of shoppers. */
  long count();
}
