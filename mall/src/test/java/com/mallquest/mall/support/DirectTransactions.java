package com.mallquest.mall.support;

import com.mallquest.mall.application.port.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link Transactions} without a database, for use cases tested on in-memory ports: the work runs,
 * and its after-commit actions run after it returned normally (never if it threw). Nothing rolls
 * back: the in-memory ports keep what the work did.
 */
public final class DirectTransactions implements Transactions {

  private final ThreadLocal<List<Runnable>> actions = new ThreadLocal<>();

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (actions.get() != null) {
      return work.get();
    }
    List<Runnable> after = new ArrayList<>();
    actions.set(after);
    T result;
    try {
      result = work.get();
    } finally {
      actions.remove();
    }
    after.forEach(Runnable::run);
    return result;
  }

  @Override
  public void afterCommit(Runnable action) {
    List<Runnable> after = actions.get();
    if (after == null) {
      throw new IllegalStateException("afterCommit outside a transaction");
    }
    after.add(action);
  }
}
