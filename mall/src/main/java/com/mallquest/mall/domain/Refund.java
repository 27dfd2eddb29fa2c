package com.mallquest.mall.domain;

import java.time.Instant;

/**
 * A refunded purchase and what was taken back. At most one per purchase.
 *
 * @param purchaseId the refunded purchase
 * @param shopperId whose balances changed
 * @param storeId the purchase's store
 * @param amountMinor the purchase amount, taken off the lifetime spend
 * @param coinsReversed coins taken back, {@code >= 0}
 * @param coinsShortfall coins the purchase earned that were already spent and could not be taken
 *     back (the balance never goes below zero), {@code >= 0}
 * @param xpReversed xp taken back, {@code >= 0}
 * @param createdAt when
 */
public record Refund(
    String purchaseId,
    ShopperId shopperId,
    StoreId storeId,
    long amountMinor,
    long coinsReversed,
    long coinsShortfall,
    long xpReversed,
    Instant createdAt) {

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public Refund {
    Checks.notNull(purchaseId, "purchaseId");
    Checks.notNull(shopperId, "shopperId");
    Checks.notNull(storeId, "storeId");
    Checks.nonNegative(amountMinor, "amountMinor");
    Checks.nonNegative(coinsReversed, "coinsReversed");
    Checks.nonNegative(coinsShortfall, "coinsShortfall");
    Checks.nonNegative(xpReversed, "xpReversed");
    Checks.notNull(createdAt, "createdAt");
  }
}
