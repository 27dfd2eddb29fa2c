package com.mallquest.mall.adapter.persistence;

import java.util.HashSet;
import java.util.Set;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The shoppers the current transaction knows to have no companion, so none active (ADR 0030). A
 * balance change ({@link JdbcShopperRepository#applyCoins}, the purchase's one statement) answers
 * the shopper's row as it left it, under the row's lock, with its {@code has_companion} flag, which
 * the first companion's insert sets under the same lock; while the transaction holds the lock
 * nobody else can add one, so the companion feed later in the transaction need not run a statement
 * that would change nothing. A companion write of this transaction for the shopper ({@link
 * JdbcCompanionRepository} inserting or activating one) forgets it. The knowledge is bound to the
 * transaction and dropped when it completes, committed or rolled back; outside a transaction
 * nothing is recorded.
 */
final class NoActiveCompanion {

  // Bound per transaction (and thread) by TransactionSynchronizationManager.
  private static final Object KEY = new Object();

  private NoActiveCompanion() {}

  /** Records that {@code shopperId} has no active companion, for the rest of this transaction. */
  static void found(String shopperId) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return;
    }
    Set<String> known = known();
    if (known == null) {
      known = new HashSet<>();
      TransactionSynchronizationManager.bindResource(KEY, known);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
            }
          });
    }
    known.add(shopperId);
  }

  /** Whether this transaction found {@code shopperId} without an active companion. */
  static boolean isKnown(String shopperId) {
    Set<String> known = known();
    return known != null && known.contains(shopperId);
  }

  /** Forgets {@code shopperId}: this transaction is changing its companions. */
  static void forget(String shopperId) {
    Set<String> known = known();
    if (known != null) {
      known.remove(shopperId);
    }
  }

  @SuppressWarnings("unchecked") // only found() binds KEY, always to a Set<String>
  private static Set<String> known() {
    return (Set<String>) TransactionSynchronizationManager.getResource(KEY);
  }
}
