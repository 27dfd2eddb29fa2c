package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Transactions} over Spring's {@link TransactionTemplate}: the work joins a transaction
 * already running on this thread, or runs in a new one that commits when it returns and rolls back
 * when it throws. The repositories take the connection bound to the transaction, so every statement
 * of the work runs in it. After-commit actions run once the outermost call has committed and given
 * its connection back to the pool, so a slow action (a cache call waiting on Redis) holds no
 * connection.
 */
final class JdbcTransactions implements Transactions {

  private static final Logger log = LoggerFactory.getLogger(JdbcTransactions.class);

  private final TransactionTemplate template;
  // Static: every instance on this thread joins the same outermost transaction (Spring binds it per thread).
  private static final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

  JdbcTransactions(PlatformTransactionManager transactionManager) {
    Objects.requireNonNull(transactionManager, "transactionManager");
    this.template = new TransactionTemplate(transactionManager);
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    if (afterCommit.get() != null) {
      return template.execute(status -> work.get());
    }
    List<Runnable> actions = new ArrayList<>(2);
    afterCommit.set(actions);
    T result;
    try {
      result = template.execute(status -> work.get());
    } finally {
      afterCommit.remove();
    }
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        log.warn("after-commit action failed (the commit stands): {}", e.toString());
      }
    }
    return result;
  }

  @Override
  public void afterCommit(Runnable action) {
    Objects.requireNonNull(action, "action");
    List<Runnable> actions = afterCommit.get();
    if (actions == null) {
      throw new IllegalStateException("afterCommit outside a transaction");
    }
    actions.add(action);
  }
}
