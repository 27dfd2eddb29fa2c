package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.CatalogCaches;
import com.mallquest.mall.application.port.Transactions;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Transactions} over Spring's {@link TransactionTemplate}: the work joins a transaction
 * already running on this thread, or runs in a new one that commits when it returns and rolls back
 * when it throws. The repositories take the connection bound to the transaction, so every statement
 * of the work runs in it.
 *
 * <p>A new transaction that fails on a foreign key (a missing parent row) referred to a row the database
 * does not have, which the work can only have found in a cache (every use case checks the rows a
 * client names against the database first): the cached catalogs are dropped and the work runs once
 * more, in a new transaction, on what the database holds. A second failure is a real one.
 */
final class JdbcTransactions implements Transactions {

  private static final Logger log = LoggerFactory.getLogger(JdbcTransactions.class);
  /** PostgreSQL's foreign_key_violation, and H2's "parent missing" (its 23503 is "child exists"). */
  private static final Set<String> MISSING_PARENT = Set.of("23503", "23506");

  private final TransactionTemplate template;
  private final CatalogCaches catalogs;

  JdbcTransactions(PlatformTransactionManager transactionManager, CatalogCaches catalogs) {
    Objects.requireNonNull(transactionManager, "transactionManager");
    this.template = new TransactionTemplate(transactionManager);
    this.catalogs = Objects.requireNonNull(catalogs, "catalogs");
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      return template.execute(status -> work.get());
    }
    try {
      return template.execute(status -> work.get());
    } catch (DataIntegrityViolationException e) {
      if (!isForeignKeyViolation(e)) {
        throw e;
      }
      log.warn("a write referred to a catalog row the database does not have (a stale cache entry): cached"
          + " catalogs dropped, the write runs again: {}", constraintOf(e));
      catalogs.dropAll();
      return template.execute(status -> work.get());
    }
  }

  static boolean isForeignKeyViolation(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLException sql && MISSING_PARENT.contains(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** The constraint's name as the driver's message gives it (a schema name, never client input). */
  private static String constraintOf(DataIntegrityViolationException t) {
    String message = String.valueOf(t.getMostSpecificCause().getMessage()).toLowerCase(java.util.Locale.ROOT);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("fk_[a-z0-9_]+").matcher(message);
    return m.find() ? m.group() : "a foreign key";
  }
}
