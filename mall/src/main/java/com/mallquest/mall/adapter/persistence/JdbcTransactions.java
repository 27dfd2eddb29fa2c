package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.CatalogCaches;
import com.mallquest.mall.application.port.Transactions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Transactions} over Spring's {@link TransactionTemplate}: the work joins a transaction
 * already running on this thread, or runs in a new one that commits when it returns and rolls back
 * when it throws. The repositories take the connection bound to the transaction, so every statement
 * of the work runs in it. After-commit actions run once the outermost call has committed and given
 * its connection back to the pool, so a slow action (a cache call waiting on Redis) holds no
 * connection.
 *
 * <p>A new transaction that fails on a foreign key (a missing parent row) referred to a row the
 * database does not have, which the work can only have found in a cache (every use case checks the
 * rows a client names against the database first): the cached catalogs are dropped and the work
 * runs once more, in a new transaction, on what the database holds. A second failure is a real one.
 *
 * <p>With group commit on ({@link #withGroupCommit}), {@link #inSharedTransaction} runs the work on
 * a {@link GroupCommit} writer, in one transaction with other requests' work; its after-commit
 * actions still run on the caller's thread, after its batch committed. Work alone in its batch that
 * has a one-statement form runs that first, with no transaction, so its statement commits by itself
 * (ADR 0033).
 */
final class JdbcTransactions implements Transactions, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JdbcTransactions.class);

  /**
   * PostgreSQL's foreign_key_violation, and H2's "parent missing" (its 23503 is "child exists").
   */
  private static final Set<String> MISSING_PARENT = Set.of("23503", "23506");

  private static final Pattern FOREIGN_KEY_NAME = Pattern.compile("fk_[a-z0-9_]+");
  // Static: every instance on this thread joins the same outermost transaction (Spring binds it per
  // thread).
  private static final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

  private final TransactionTemplate template;
  // No transaction, but synchronization (a connection bound for the scope, after-commit callbacks):
  // each statement commits by itself (ADR 0033).
  private final TransactionTemplate outside;
  private final CatalogCaches catalogs;
  private volatile GroupCommit groupCommit;
  private volatile GroupCommit.Observer observer;

  JdbcTransactions(PlatformTransactionManager transactionManager, CatalogCaches catalogs) {
    Objects.requireNonNull(transactionManager, "transactionManager");
    this.template = new TransactionTemplate(transactionManager);
    this.outside = new TransactionTemplate(transactionManager);
    this.outside.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
    this.catalogs = Objects.requireNonNull(catalogs, "catalogs");
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    if (afterCommit.get() != null
        || TransactionSynchronizationManager.isActualTransactionActive()) {
      return template.execute(status -> work.get());
    }
    List<Runnable> actions = new ArrayList<>(2);
    afterCommit.set(actions);
    T result;
    try {
      result = template.execute(status -> work.get());
    } catch (DataIntegrityViolationException e) {
      if (!isForeignKeyViolation(e)) {
        throw e;
      }
      log.warn(
          "a write referred to a catalog row the database does not have (a stale cache entry): cached"
              + " catalogs dropped, the write runs again: {}",
          constraintOf(e));
      catalogs.dropAll();
      actions.clear();
      result = template.execute(status -> work.get());
    } finally {
      afterCommit.remove();
    }
    runAfterCommit(actions);
    return result;
  }

  private static void runAfterCommit(List<Runnable> actions) {
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        log.warn("after-commit action failed (the commit stands): {}", e.toString());
      }
    }
  }

  /**
   * Turns group commit on for {@link #inSharedTransaction}.
   *
   * @param writers writer threads (each with a partition of the keys)
   * @param maxBatch the most units of work in one transaction
   * @param stallAfter how long a batch may run before the work queued behind it, and work that
   *     comes meanwhile, runs in transactions of its own (ADR 0034)
   * @param observer hears of each batch and each committed unit's wait (the meters)
   */
  JdbcTransactions withGroupCommit(
      int writers, int maxBatch, Duration stallAfter, GroupCommit.Observer observer) {
    this.observer = observer;
    this.groupCommit = new GroupCommit(writers, maxBatch, stallAfter, this::runBatch, observer);
    return this;
  }

  @Override
  public <T> T inSharedTransaction(String partition, Supplier<T> work) {
    return shared(partition, null, work);
  }

  @Override
  public <T> T inSharedTransaction(
      String partition, Supplier<Optional<T>> alone, Supplier<T> work) {
    return shared(partition, Objects.requireNonNull(alone, "alone"), work);
  }

  private <T> T shared(String partition, Supplier<Optional<T>> alone, Supplier<T> work) {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(work, "work");
    GroupCommit group = groupCommit;
    if (group == null
        || afterCommit.get() != null
        || TransactionSynchronizationManager.isActualTransactionActive()) {
      return inTransaction(work);
    }
    GroupCommit.Outcome outcome = group.submit(partition, alone, work);
    if (outcome.runAlone()) {
      return inTransaction(work);
    }
    runAfterCommit(outcome.afterCommit());
    @SuppressWarnings("unchecked") // the value is what this work returned
    T value = (T) outcome.value();
    return value;
  }

  /**
   * One transaction for the batch; each unit collects its own after-commit actions. A unit alone in
   * its batch that found its writer idle first tries its one statement outside a transaction, if it
   * has one (ADR 0033).
   */
  private void runBatch(List<GroupCommit.Unit> batch) {
    try {
      GroupCommit.Unit first = batch.get(0);
      if (batch.size() == 1
          && first.alone != null
          && first.foundWriterIdle
          && answeredAlone(first)) {
        return;
      }
      template.execute(
          status -> {
            for (GroupCommit.Unit unit : batch) {
              List<Runnable> actions = new ArrayList<>(2);
              afterCommit.set(actions);
              unit.value = unit.work.get();
              unit.actions = actions;
            }
            return null;
          });
    } finally {
      afterCommit.remove();
    }
  }

  /**
   * Runs the unit's one-statement try with no transaction: its statement commits by itself. True if
   * that answered the unit; if not, it changed nothing and the unit's work runs in a transaction.
   */
  private boolean answeredAlone(GroupCommit.Unit unit) {
    List<Runnable> actions = new ArrayList<>(2);
    afterCommit.set(actions);
    Optional<?> answer = outside.execute(status -> unit.alone.get());
    boolean answered = answer != null && answer.isPresent();
    observer.aloneTried(answered);
    if (answered) {
      unit.value = answer.get();
      unit.actions = actions;
    }
    return answered;
  }

  /**
   * The group commit, if on (its counters, for tests; the meters hear of it through its observer).
   */
  GroupCommit groupCommit() {
    return groupCommit;
  }

  @Override
  public void close() {
    GroupCommit group = groupCommit;
    if (group != null) {
      group.close();
    }
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
    String message = String.valueOf(t.getMostSpecificCause().getMessage()).toLowerCase(Locale.ROOT);
    Matcher m = FOREIGN_KEY_NAME.matcher(message);
    return m.find() ? m.group() : "a foreign key";
  }
}
