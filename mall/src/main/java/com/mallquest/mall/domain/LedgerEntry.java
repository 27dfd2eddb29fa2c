package com.mallquest.mall.domain;

import java.time.Instant;

/**
 * One change to a shopper's coin balance. The ledger is append-only and written in the same
 * transaction as the balance, so a balance always equals the sum of its ledger's deltas.
 *
 * @param id the database's id; 0 before the entry is inserted
 * @param shopperId whose balance changed
 * @param delta the change in coins; negative for spending
 * @param balanceAfter the balance after the change, {@code >= 0}
 * @param reason why it changed
 * @param reference what caused it: a purchase id, a check-in date, a note; 0-128 characters
 * @param createdAt when
 */
public record LedgerEntry(
    long id,
    ShopperId shopperId,
    long delta,
    long balanceAfter,
    LedgerReason reason,
    String reference,
    Instant createdAt) {

  private static final int MAX_REFERENCE_LENGTH = 128;

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public LedgerEntry {
    Checks.nonNegative(id, "id");
    Checks.notNull(shopperId, "shopperId");
    Checks.nonNegative(balanceAfter, "balanceAfter");
    Checks.notNull(reason, "reason");
    Checks.notNull(reference, "reference");
    if (reference.length() > MAX_REFERENCE_LENGTH) {
      throw new InvalidInputException(
          "reference",
          "reference must be at most "
              + MAX_REFERENCE_LENGTH
              + " characters, was "
              + Checks.show(reference));
    }
    Checks.notNull(createdAt, "createdAt");
  }

  /** An entry not yet inserted (id 0). */
  public static LedgerEntry unsaved(
      ShopperId shopperId,
      long delta,
      long balanceAfter,
      LedgerReason reason,
      String reference,
      Instant createdAt) {
    return new LedgerEntry(0, shopperId, delta, balanceAfter, reason, reference, createdAt);
  }
}
