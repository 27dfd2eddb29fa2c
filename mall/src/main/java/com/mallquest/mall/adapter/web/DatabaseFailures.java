package com.mallquest.mall.adapter.web;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Recognizes a lost or unreachable database anywhere in an exception's cause chain, however it was
 * wrapped: Hikari's {@link SQLTransientConnectionException} (no connection within the timeout), a
 * driver's connection-class SQLSTATE ({@code 08xxx}, or {@code 57P0x} when the server shuts down),
 * a socket error, a JDBC commit or rollback that threw, or Spring's translations of those. A commit or rollback that fails this way comes
 * as a {@code TransactionSystemException} whose outcome the service cannot know; the client retries
 * (purchases are idempotent on their receipt), so it is a 503 as well.
 */
final class DatabaseFailures {

  private DatabaseFailures() {}

  /** Whether {@code t} or one of its causes says the database cannot be reached. */
  static boolean isConnectionFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLTransientConnectionException || c instanceof SQLNonTransientConnectionException
          || c instanceof SocketException || c instanceof CannotGetJdbcConnectionException
          || c instanceof DataAccessResourceFailureException || c instanceof CannotCreateTransactionException) {
        return true;
      }
      if (c instanceof TransactionSystemException tx && tx.getCause() instanceof SQLException) {
        // A JDBC commit or rollback that threw: the connection broke under it (Hikari 7 reports a
        // connection it already evicted as a plain "Connection is closed", without a SQLSTATE).
        return true;
      }
      if (c instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
        return true;
      }
    }
    return false;
  }
}
