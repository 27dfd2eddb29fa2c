package com.mallquest.mall.application.port;

import java.util.function.Supplier;

/** The transaction boundary of a use case: the work commits together or not at all. */
public interface Transactions {

  /**
   * Runs {@code work} in one database transaction; rolls back if it throws. Actions registered with
   * {@link #afterCommit} during the work run after the commit, once the connection is released,
   * on this thread; a joined (nested) call leaves them to the outermost one.
   */
  <T> T inTransaction(Supplier<T> work);

  /**
   * Runs {@code action} after the current transaction commits (never if it rolls back). For work
   * that may fail without harm, such as telling this instance's cache of the new state: an action
   * that throws is logged and does not undo the commit or stop the other actions.
   *
   * @throws IllegalStateException if no transaction runs on this thread
   */
  void afterCommit(Runnable action);
}
