package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.StoreId;
import java.util.List;
import java.util.Optional;

/** Purchases, unique on {@code (store_id, receipt_id)}. Append-only. */
public interface PurchaseRepository {

  /** The purchase with this id, if any. */
  Optional<Purchase> findById(String id);

  /** The purchase recorded for this receipt, if any. */
  Optional<Purchase> findByReceipt(StoreId storeId, String receiptId);

  /**
   * Inserts the purchase.
   *
   * @return false if {@code (storeId, receiptId)} exists already (nothing inserted)
   */
  boolean insert(Purchase purchase);

  /**
   * Records a new purchase and credits it: inserts {@code purchase} unless its receipt exists and,
   * only if it was inserted, applies {@code credit} exactly as {@link ShopperRepository#applyCoins}
   * does (balances, ledger rows, version) and records {@code changes} in the outbox as {@link
   * ChangeOutbox#append} does. One statement and one round trip on PostgreSQL (the insert is a
   * data-modifying CTE the update depends on, and the outbox rows depend on the update). Must run
   * inside a transaction, holding the shopper's row lock: the changes carry the version the credit
   * gives the row.
   *
   * @param changes the outbox changes of the credited shopper, each with the row's new version
   * @return what the credit did, or empty if {@code (storeId, receiptId)} exists already (nothing
   *     inserted, credited or recorded)
   * @throws IllegalStateException if the purchase was inserted but the credit could not be applied
   *     (no such shopper, or a guard failed), or the credit gave the row another version than the
   *     changes carry: the caller's transaction must roll back
   */
  Optional<BalanceChange.Applied> insertAndCredit(
      Purchase purchase, BalanceChange credit, List<ChangeOutbox.Change> changes);

  /**
   * Whether {@link #insertAndCreditIfAt} can record anything here (PostgreSQL); if not, it always
   * declines, and a caller need not price a purchase for it (this default; H2).
   */
  default boolean recordsUnlocked() {
    return false;
  }

  /**
   * {@link #insertAndCredit} for a shopper the caller has not locked, as it last saw them (ADR
   * 0028): locks the shopper's row and goes on only if the row is still at {@code seenVersion} and
   * the shopper is not blocked, in the same statement. Declines, changing nothing, when the row has
   * moved on, the shopper is blocked or unknown, or the receipt exists; and always where it cannot
   * do this in one statement (this default; H2): the caller then locks the row and decides with
   * {@link #insertAndCredit}. Must run inside a transaction.
   *
   * @param seenVersion the version the caller computed the purchase and the credit from
   * @param changes the outbox changes, each with version {@code seenVersion + 1}
   * @return what the credit did, or empty if declined (nothing inserted, credited or recorded)
   * @throws IllegalStateException as {@link #insertAndCredit}
   */
  default Optional<BalanceChange.Applied> insertAndCreditIfAt(
      long seenVersion,
      Purchase purchase,
      BalanceChange credit,
      List<ChangeOutbox.Change> changes) {
    return Optional.empty();
  }

  /**
   * {@link #insertAndCreditIfAt} as one statement that commits by itself (ADR 0033): must run
   * outside a transaction. It also declines, changing nothing, when the shopper has a companion
   * (whose feed would be a second statement of the purchase); this default (H2) always declines.
   * The caller must know that nothing else of the purchase writes: no running mission counts it and
   * it reaches no companion milestone.
   *
   * @return what the credit did, committed; or empty if declined (nothing inserted, credited or
   *     recorded)
   * @throws IllegalStateException if a transaction is active
   */
  default Optional<BalanceChange.Applied> insertAndCreditAloneIfAt(
      long seenVersion,
      Purchase purchase,
      BalanceChange credit,
      List<ChangeOutbox.Change> changes) {
    return Optional.empty();
  }

  /**
   * The shopper's purchases, newest first, strictly older than the cursor, at most {@code limit}.
   */
  List<Purchase> findByShopper(ShopperId shopperId, Optional<PageCursor> before, int limit);
}
