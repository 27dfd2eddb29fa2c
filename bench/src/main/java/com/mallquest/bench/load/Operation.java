package com.mallquest.bench.load;

import java.util.Locale;

/** What the load tool sends, by its name in {@code --mix}. */
public enum Operation {
  /** {@code GET /shoppers/{id}}: a profile read (the cached path). */
  READ,
  /** {@code POST /purchases} with a unique receipt. */
  PURCHASE,
  /** {@code POST /shoppers/{id}/check-ins}. */
  CHECKIN,
  /** Other reads: a store, the store list, a shopper's ledger or purchases. */
  OTHER;

  /** The name used in {@code --mix} and in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
