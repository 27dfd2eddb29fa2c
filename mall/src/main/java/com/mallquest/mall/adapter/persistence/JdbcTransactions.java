package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.Transactions;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Transactions} over Spring's {@link TransactionTemplate}: the work joins a transaction
 * already running on this thread, or runs in a new one that commits when it returns and rolls back
 * when it throws. The repositories take the connection bound to the transaction, so every statement
 * of the work runs in it.
 */
final class JdbcTransactions implements Transactions {

  private final TransactionTemplate template;

  JdbcTransactions(PlatformTransactionManager transactionManager) {
    Objects.requireNonNull(transactionManager, "transactionManager");
    this.template = new TransactionTemplate(transactionManager);
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    return template.execute(status -> work.get());
  }
}
