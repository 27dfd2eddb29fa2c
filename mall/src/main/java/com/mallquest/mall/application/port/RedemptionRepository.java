package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Redemption;
import com.mallquest.mall.domain.ShopperId;
import java.util.List;
import java.util.Optional;

/** Redemptions: unique on the code and on {@code (shopperId, idempotencyKey)}. Append-only. */
public interface RedemptionRepository {

  /** The shopper's redemption made with this idempotency key, if any. */
  Optional<Redemption> findByKey(ShopperId shopperId, String idempotencyKey);

  /**
   * Inserts the redemption.
   *
   * @return false if its code (or the shopper's key) is taken already (nothing inserted)
   */
  boolean insert(Redemption redemption);

  /**
   * The shopper's redemptions, newest first, strictly older than the cursor, at most {@code limit}.
   */
  List<Redemption> findByShopper(ShopperId shopperId, Optional<PageCursor> before, int limit);
}
