package com.mallquest.mall.domain;

/**
 * An administrator's correction of a shopper's coin balance, recorded as a ledger row with reason
 * {@link LedgerReason#ADJUSTMENT} whose reference is the reason.
 *
 * @param shopperId whose balance
 * @param deltaCoins coins to add (positive) or take (negative); not 0, at most {@value #MAX_DELTA}
 *     either way
 * @param reason why, 1-{@value #MAX_REASON} characters after stripping, no control characters
 */
public record CoinAdjustment(ShopperId shopperId, long deltaCoins, String reason) {

  /** The largest adjustment either way. */
  public static final long MAX_DELTA = 1_000_000_000L;

  /** Longest reason (the ledger's reference column holds it). */
  public static final int MAX_REASON = 128;

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public CoinAdjustment {
    Checks.notNull(shopperId, "shopperId");
    if (deltaCoins == 0 || deltaCoins > MAX_DELTA || deltaCoins < -MAX_DELTA) {
      throw new InvalidInputException(
          "deltaCoins",
          "deltaCoins must be a non-zero whole number between -"
              + MAX_DELTA
              + " and "
              + MAX_DELTA
              + ", was "
              + deltaCoins);
    }
    reason = Checks.text(reason, "reason", MAX_REASON);
  }
}
