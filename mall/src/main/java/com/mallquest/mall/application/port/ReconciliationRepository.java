package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.VipTier;
import java.util.List;
import java.util.Optional;

/** Reads shoppers' stored balances next to what their ledger adds up to, a page at a time. */
public interface ReconciliationRepository {

  /**
   * One shopper's stored figures and the sum of their coin ledger.
   *
   * @param shopperId the shopper's id
   * @param coins the stored balance
   * @param ledgerSum the sum of the shopper's {@code coin_ledger.delta} (0 without rows)
   * @param xp the stored xp
   * @param level the stored level
   * @param vipTier the stored tier
   * @param lifetimeSpendMinor the stored lifetime spend
   */
  record ShopperTotals(
      String shopperId, long coins, long ledgerSum, long xp, int level, VipTier vipTier, long lifetimeSpendMinor) {}

  /**
   * The shoppers with ids strictly after {@code afterId} (all from the start when empty), in id
   * order, at most {@code limit}; the ledger sums are computed by the database (an aggregate), so
   * a page is the only thing held in memory.
   */
  List<ShopperTotals> page(Optional<String> afterId, int limit);
}
