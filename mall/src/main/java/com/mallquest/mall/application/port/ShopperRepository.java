package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.VipTier;
import java.time.LocalDate;
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
   * Inserts a new shopper.
   *
   * @return false if a shopper with this id exists already (nothing changed)
   */
  boolean insert(Shopper shopper);

  /**
   * Inserts new shoppers in one statement ({@code INSERT ... ON CONFLICT DO NOTHING}); ids that
   * exist already are left as they are.
   *
   * @param shoppers new shoppers as {@link Shopper#register} makes them (no coins, xp, streak, level
   *     1, Bronze, version 0), with distinct ids; at most {@link #MAX_INSERT_BATCH}
   * @return how many were inserted; the others existed already
   */
  int insertNew(List<Shopper> shoppers);

  /** The most shoppers {@link #insertNew} takes at once (PostgreSQL binds at most 32,767 values). */
  int MAX_INSERT_BATCH = 2000;

  /**
   * Adds to the balances atomically ({@code coins = coins + ?}, ...) and sets level and tier, with
   * {@code version = version + 1}.
   *
   * @return the shopper as committed by this statement
   */
  Shopper applyPurchase(ShopperId id, long coinsDelta, long xpDelta, long spendDeltaMinor, int level, VipTier tier);

  /** Adds the check-in bonus atomically and records the streak and date; increments the version. */
  Shopper applyCheckIn(ShopperId id, long coinsDelta, int streak, LocalDate checkInDate);

  /**
   * Adds a reward atomically ({@code coins = coins + ?, xp = xp + ?}) and sets the level; the tier
   * stays. Increments the version.
   *
   * @return the shopper as committed by this statement
   */
  Shopper applyReward(ShopperId id, long coinsDelta, long xpDelta, int level);

  /**
   * Takes coins from the balance atomically ({@code coins = coins - ?} guarded by {@code coins >=
   * ?}, so the balance never goes below zero); increments the version.
   *
   * @return the shopper as committed by this statement, or empty if the balance was too low
   *     (nothing changed)
   */
  Optional<Shopper> spendCoins(ShopperId id, long coins);

  /**
   * Takes back a refunded purchase atomically ({@code coins = coins - ?}, {@code xp = xp - ?},
   * {@code lifetime_spend_minor = lifetime_spend_minor - ?}, each guarded so none goes below zero)
   * and sets level and tier; increments the version.
   *
   * @return the shopper as committed by this statement, or empty if a guard failed (nothing changed)
   */
  Optional<Shopper> applyRefund(ShopperId id, long coins, long xp, long spendMinor, int level, VipTier tier);

  /**
   * Adds {@code delta} (either sign) to the balance atomically ({@code coins = coins + ?} guarded by
   * {@code coins + ? >= 0}, so the balance never goes below zero); increments the version.
   *
   * @return the shopper as committed by this statement, or empty if the balance would go below zero
   *     or there is no such shopper (nothing changed)
   */
  Optional<Shopper> adjustCoins(ShopperId id, long delta);

  /** Writes display name, language and time zone; increments the version. */
  Shopper updateProfile(Shopper shopper);

  /** Number of shoppers. */
  long count();
}
