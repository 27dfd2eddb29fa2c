package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.ShopperId;
import java.time.Instant;

/**
 * The xp ledger: one row per change to a shopper's xp (purchase, refund, mission reward), written
 * in the same transaction as the xp itself. Leaderboards sum it per period.
 */
public interface XpLedgerRepository {

  /**
   * Appends a row.
   *
   * @param shopperId whose xp changed
   * @param delta the change; negative for a refund; 0 is not recorded
   * @param reason why
   * @param reference what caused it, e.g. {@code purchase:<id>}; at most 128 characters
   * @param at when
   */
  void append(ShopperId shopperId, long delta, LedgerReason reason, String reference, Instant at);
}
