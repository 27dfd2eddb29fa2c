package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.ShopperId;

/**
 * Told after a commit that changed a shopper's xp, so a leaderboard kept outside the database
 * (Redis) can follow. Best effort: it must not throw, and a missed call is repaired by the
 * leaderboard's own rebuild; the database stays the source of record.
 */
@FunctionalInterface
public interface LeaderboardUpdates {

  /** The shopper's xp ledger changed in a transaction that has committed. */
  void xpChanged(ShopperId shopperId);
}
