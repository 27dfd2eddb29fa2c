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
   * The shopper's purchases, newest first, strictly older than the cursor, at most {@code limit}.
   */
  List<Purchase> findByShopper(ShopperId shopperId, Optional<PageCursor> before, int limit);
}
