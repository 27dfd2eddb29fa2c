package com.mallquest.mall.domain;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A recorded purchase and what it earned. Purchases are idempotent on {@code (storeId, receiptId)}:
 * the same receipt at the same store is credited once.
 *
 * @param id the purchase's id, a UUID in text form (1-64 characters)
 * @param shopperId who bought
 * @param storeId where
 * @param receiptId the store's receipt id, see {@link #validateReceiptId(String)}
 * @param amountMinor the amount in minor units, see {@link #validateAmountMinor(long)}
 * @param currency the ISO 4217 code of the amount's currency
 * @param coinsEarned coins credited for it, {@code >= 0}
 * @param xpEarned xp credited for it, {@code >= 0}
 * @param createdAt when it was recorded
 */
public record Purchase(
    String id,
    ShopperId shopperId,
    StoreId storeId,
    String receiptId,
    long amountMinor,
    String currency,
    long coinsEarned,
    long xpEarned,
    Instant createdAt) {

  /** The largest purchase in minor units: 100 million major units of a 2-digit currency. */
  public static final long MAX_AMOUNT_MINOR = 100_000_000_00L;

  private static final Pattern RECEIPT_ID = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public Purchase {
    Checks.notNull(id, "id");
    if (id.isBlank() || id.length() > 64) {
      throw new InvalidInputException("id", "id must be 1-64 characters, was " + Checks.show(id));
    }
    Checks.notNull(shopperId, "shopperId");
    Checks.notNull(storeId, "storeId");
    validateReceiptId(receiptId);
    validateAmountMinor(amountMinor);
    Checks.notNull(currency, "currency");
    if (!CURRENCY.matcher(currency).matches()) {
      throw new InvalidInputException(
          "currency", "currency must be an ISO 4217 code, was " + Checks.show(currency));
    }
    Checks.nonNegative(coinsEarned, "coinsEarned");
    Checks.nonNegative(xpEarned, "xpEarned");
    Checks.notNull(createdAt, "createdAt");
  }

  /** A new purchase, its id a UUID ordered by {@code createdAt} ({@link TimeOrderedIds}). */
  public static Purchase create(
      ShopperId shopperId,
      StoreId storeId,
      String receiptId,
      Money amount,
      Earning earning,
      Instant createdAt) {
    Checks.notNull(amount, "amount");
    Checks.notNull(earning, "earning");
    return new Purchase(
        TimeOrderedIds.at(createdAt),
        shopperId,
        storeId,
        receiptId,
        amount.minor(),
        amount.currency().getCurrencyCode(),
        earning.coins(),
        earning.xp(),
        createdAt);
  }

  /**
   * Checks a receipt id: 1-64 characters of {@code [A-Za-z0-9_.:/-]}.
   *
   * @return the receipt id, unchanged
   * @throws InvalidInputException (field {@code "receiptId"}) otherwise
   */
  public static String validateReceiptId(String receiptId) {
    Checks.notNull(receiptId, "receiptId");
    if (!RECEIPT_ID.matcher(receiptId).matches()) {
      throw new InvalidInputException(
          "receiptId",
          "receiptId must be 1-64 characters of [A-Za-z0-9_.:/-], was " + Checks.show(receiptId));
    }
    return receiptId;
  }

  /**
   * Checks a purchase amount: positive and at most {@link #MAX_AMOUNT_MINOR} minor units.
   *
   * @return the amount, unchanged
   * @throws InvalidInputException (field {@code "amountMinor"}) otherwise
   */
  public static long validateAmountMinor(long amountMinor) {
    if (amountMinor <= 0 || amountMinor > MAX_AMOUNT_MINOR) {
      throw new InvalidInputException(
          "amountMinor",
          "amountMinor must be in [1, " + MAX_AMOUNT_MINOR + "], was " + amountMinor);
    }
    return amountMinor;
  }
}
