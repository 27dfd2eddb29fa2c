package com.mallquest.mall.application.port;

import java.util.Optional;
import java.util.function.Supplier;

/** The transaction boundary of a use case: the work commits together or not at all. */
public interface Transactions {

  /**
   * Runs {@code work} in one database transaction; rolls back if it throws. Actions registered with
   * {@link #afterCommit} during the work run after the commit, once the connection is released, on
   * this thread; a joined (nested) call leaves them to the outermost one.
   */
  <T> T inTransaction(Supplier<T> work);

  /**
   * Like {@link #inTransaction}, but the transaction may be shared with other callers' work (group
   * commit, ADR 0023): one commit for many requests. Work with the same {@code partition} (the row
   * the work locks first, e.g. the shopper's id) is never run concurrently with itself in two
   * shared transactions. If any work in a shared transaction throws, it rolls back and every work
   * in it runs again in a transaction of its own, so the work may run twice and must have no effect
   * outside the transaction but its after-commit actions. Without group commit, this is {@link
   * #inTransaction}.
   */
  default <T> T inSharedTransaction(String partition, Supplier<T> work) {
    return inTransaction(work);
  }

  /**
   * Like {@link #inSharedTransaction(String, Supplier)}, with a first try for when the work would
   * have its transaction to itself (ADR 0033): {@code alone} then runs outside any transaction, so
   * each statement it makes commits by itself, one round trip instead of a statement and a commit.
   * It must therefore change the database with one statement at most, and answer empty only if it
   * changed nothing; {@code work} then runs as usual. Its after-commit actions run once its
   * statement committed. When the work shares a transaction with others, or without group commit,
   * only {@code work} runs (this default).
   */
  default <T> T inSharedTransaction(
      String partition, Supplier<Optional<T>> alone, Supplier<T> work) {
    return inSharedTransaction(partition, work);
  }

  /**
   * Runs {@code action} after the current transaction commits (never if it rolls back). For work
   * that may fail without harm, such as telling this instance's cache of the new state: an action
   * that throws is logged and does not undo the commit or stop the other actions.
   *
   * @throws IllegalStateException if no transaction runs on this thread
   */
  void afterCommit(Runnable action);
}
