package com.mallquest.mall.application.port;

import com.mallquest.mall.application.port.ChangeOutbox.Kind;
import com.mallquest.mall.domain.VipTier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads shoppers' stored balances next to what their ledger adds up to, a page at a time. */
public interface ReconciliationRepository {

  /**
   * One shopper's stored figures next to what their ledgers and companions say.
   *
   * @param shopperId the shopper's id
   * @param coins the stored balance
   * @param ledgerSum the sum of the shopper's {@code coin_ledger.delta} (0 without rows)
   * @param xp the stored xp
   * @param xpLedgerSum the sum of the shopper's {@code xp_ledger.delta} (0 without rows)
   * @param xpAfterNewest the running total ({@code xp_after}) of the shopper's newest xp row, the
   *     one the boards' scores start from (0 without rows)
   * @param level the stored level
   * @param vipTier the stored tier
   * @param lifetimeSpendMinor the stored lifetime spend
   * @param version the row's version
   * @param hasCompanion the stored flag that tells a purchase whether to feed a companion
   * @param ownsCompanion whether the shopper has a companion row
   */
  record ShopperTotals(
      String shopperId,
      long coins,
      long ledgerSum,
      long xp,
      long xpLedgerSum,
      long xpAfterNewest,
      int level,
      VipTier vipTier,
      long lifetimeSpendMinor,
      long version,
      boolean hasCompanion,
      boolean ownsCompanion) {}

  /**
   * The shoppers with ids strictly after {@code afterId} (all from the start when empty), in id
   * order, at most {@code limit}; the ledger sums are computed by the database (an aggregate), so a
   * page is the only thing held in memory.
   */
  List<ShopperTotals> page(Optional<String> afterId, int limit);

  /**
   * For those of {@code keys} with changes of {@code kind} still pending in the outbox (in rows of
   * the kinds that carry it, {@link Kind#carriedBy}), the highest version among them: a cache or
   * board that lags the database only by these is not wrong, the relay has yet to publish them.
   */
  Map<String, Long> pendingVersions(Kind kind, Collection<String> keys);
}
