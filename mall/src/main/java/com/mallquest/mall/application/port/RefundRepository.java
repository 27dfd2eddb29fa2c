package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Refund;
import java.util.Optional;

/** Refunds, at most one per purchase. Append-only. */
public interface RefundRepository {

  /** The refund of this purchase, if any. */
  Optional<Refund> findByPurchase(String purchaseId);

  /**
   * Inserts the refund.
   *
   * @return false if the purchase was refunded already (nothing inserted)
   */
  boolean insert(Refund refund);
}
