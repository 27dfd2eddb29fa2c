package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.ShopperId;
import java.util.List;
import java.util.Optional;

/** The coin ledger: one row per coin change, written in the same transaction as the balance. */
public interface LedgerRepository {

  /** Appends an entry; returns it with its generated id. */
  LedgerEntry append(LedgerEntry entry);

  /** The shopper's entries, newest first, strictly older than the cursor, at most {@code limit}. */
  List<LedgerEntry> findByShopper(ShopperId shopperId, Optional<PageCursor> before, int limit);

  /** The sum of the shopper's deltas (equals the balance). */
  long sumByShopper(ShopperId shopperId);
}
