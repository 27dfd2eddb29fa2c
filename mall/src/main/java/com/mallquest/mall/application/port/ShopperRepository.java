package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.VipTier;
import java.time.LocalDate;
import java.util.Collection;
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
   * Takes coins atomically if the balance covers them ({@code coins = coins - ? WHERE coins >= ?});
   * increments the version.
   *
   * @return the shopper after the debit, or empty if the balance was too low (nothing changed)
   */
  Optional<Shopper> debitCoins(ShopperId id, long amount);

  /** Writes display name, language and time zone; increments the version. */
  Shopper updateProfile(Shopper shopper);

  /** Number of shoppers. */
  long count();
}
