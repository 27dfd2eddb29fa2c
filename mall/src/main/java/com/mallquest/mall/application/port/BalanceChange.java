package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.VipTier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One change to a shopper's balances, and why: what {@link ShopperRepository#applyCoins} applies
 * and records in the ledgers, the one shape every use case that credits or spends coins uses
 * (purchases, check-ins, refunds, redemptions, companion purchases, mission rewards, adjustments).
 *
 * @param shopperId whose balances
 * @param coins coins to add (negative to take); the balance never goes below zero
 * @param xp xp to add (negative to take back); never below zero
 * @param spendMinor lifetime spend to add, in minor units (negative for a refund); never below zero
 * @param level the level to set, if the change sets it
 * @param tier the VIP tier to set, if the change sets it
 * @param streak the check-in streak to set, with {@code checkInDate}
 * @param checkInDate the shopper-local date of a check-in
 * @param reason the ledger rows' reason
 * @param reference the ledger rows' reference (1-128 characters)
 * @param at when
 */
public record BalanceChange(
    ShopperId shopperId,
    long coins,
    long xp,
    long spendMinor,
    OptionalInt level,
    Optional<VipTier> tier,
    OptionalInt streak,
    Optional<LocalDate> checkInDate,
    LedgerReason reason,
    String reference,
    Instant at) {

  /** The longest ledger reference the ledgers keep. */
  public static final int MAX_REFERENCE_LENGTH = 128;

  /**
   * What applying a change committed.
   *
   * @param shopper the shopper as the change left the row
   * @param coinEntry the coin-ledger row appended, if coins changed
   */
  public record Applied(Shopper shopper, Optional<LedgerEntry> coinEntry) {}

  /** Checks the change. */
  public BalanceChange {
    Objects.requireNonNull(shopperId, "shopperId");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(streak, "streak");
    Objects.requireNonNull(checkInDate, "checkInDate");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(at, "at");
    if (reference.isEmpty() || reference.length() > MAX_REFERENCE_LENGTH) {
      throw new IllegalArgumentException(
          "a ledger reference has 1-"
              + MAX_REFERENCE_LENGTH
              + " characters, was "
              + reference.length());
    }
    if (streak.isPresent() != checkInDate.isPresent()) {
      throw new IllegalArgumentException("a check-in sets the streak and its date together");
    }
  }

  /** A change of the coin balance only. */
  public static BalanceChange coins(
      ShopperId shopperId, long coins, LedgerReason reason, String reference, Instant at) {
    return new BalanceChange(
        shopperId,
        coins,
        0,
        0,
        OptionalInt.empty(),
        Optional.empty(),
        OptionalInt.empty(),
        Optional.empty(),
        reason,
        reference,
        at);
  }

  /** This change, adding {@code xpDelta} xp too. */
  public BalanceChange withXp(long xpDelta) {
    return new BalanceChange(
        shopperId,
        coins,
        xpDelta,
        spendMinor,
        level,
        tier,
        streak,
        checkInDate,
        reason,
        reference,
        at);
  }

  /** This change, adding {@code spendDeltaMinor} to the lifetime spend too. */
  public BalanceChange withSpend(long spendDeltaMinor) {
    return new BalanceChange(
        shopperId,
        coins,
        xp,
        spendDeltaMinor,
        level,
        tier,
        streak,
        checkInDate,
        reason,
        reference,
        at);
  }

  /** This change, setting the level. */
  public BalanceChange withLevel(int newLevel) {
    return new BalanceChange(
        shopperId,
        coins,
        xp,
        spendMinor,
        OptionalInt.of(newLevel),
        tier,
        streak,
        checkInDate,
        reason,
        reference,
        at);
  }

  /** This change, setting the level and the VIP tier. */
  public BalanceChange withLevelAndTier(int newLevel, VipTier newTier) {
    return new BalanceChange(
        shopperId,
        coins,
        xp,
        spendMinor,
        OptionalInt.of(newLevel),
        Optional.of(newTier),
        streak,
        checkInDate,
        reason,
        reference,
        at);
  }

  /** This change, recording a check-in: the streak and the shopper-local date. */
  public BalanceChange withCheckIn(int newStreak, LocalDate date) {
    return new BalanceChange(
        shopperId,
        coins,
        xp,
        spendMinor,
        level,
        tier,
        OptionalInt.of(newStreak),
        Optional.of(date),
        reason,
        reference,
        at);
  }
}
