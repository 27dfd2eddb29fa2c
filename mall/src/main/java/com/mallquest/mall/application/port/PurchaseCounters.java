package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.StoreId;
import java.time.Instant;

/** Aggregates over a shopper's purchases for the abuse caps; indexed queries. */
public interface PurchaseCounters {

  /** Coins earned by the shopper's purchases recorded at or after {@code since}. */
  long coinsEarnedSince(ShopperId shopperId, Instant since);

  /** The shopper's purchases at the store recorded strictly after {@code since}. */
  long countAtStoreSince(ShopperId shopperId, StoreId storeId, Instant since);
}
