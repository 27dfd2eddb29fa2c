package com.mallquest.mall.adapter.web.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The one "database unavailable" answer (ADR 0010): what counts as an outage, and the 503
 * problem+json with {@code Retry-After} that the controller advice, the API-key filter and the
 * Idempotency-Key filter all answer with it.
 *
 * <p>An outage is a lost or unreachable database anywhere in an exception's cause chain, however it
 * was wrapped: Hikari's {@link SQLTransientConnectionException} (no connection within the timeout),
 * a driver's connection-class SQLSTATE ({@code 08xxx}, or {@code 57P0x} when the server shuts
 * down), a socket error, a JDBC commit or rollback that threw, or Spring's translations of those;
 * and a transient failure that a retry may not meet (a query or lock timeout: Spring's {@link
 * TransientDataAccessException}, JDBC's {@link SQLTransientException}). A commit or rollback that
 * fails comes as a {@code TransactionSystemException} whose outcome the service cannot know; the
 * client retries (purchases are idempotent on their receipt), so it is a 503 as well. Anything else
 * (a constraint the code should have checked, bad SQL) is not an outage: it stays a 500.
 */
public final class DatabaseOutage {

  /** The {@code Retry-After} of the answer, in seconds. */
  static final String RETRY_AFTER_SECONDS = "5";

  /** The answer's detail. */
  static final String DETAIL = "The database is unavailable; nothing was changed. Retry later.";

  private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

  private DatabaseOutage() {}

  /**
   * Whether {@code t} or one of its causes says the database cannot be reached or did not answer in
   * time.
   */
  public static boolean isOutage(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLTransientException
          || c instanceof SQLNonTransientConnectionException
          || c instanceof SocketException
          || c instanceof CannotGetJdbcConnectionException
          || c instanceof DataAccessResourceFailureException
          || c instanceof CannotCreateTransactionException
          || c instanceof TransientDataAccessException) {
        return true;
      }
      if (c instanceof TransactionSystemException tx && tx.getCause() instanceof SQLException) {
        // A JDBC commit or rollback that threw: the connection broke under it (Hikari 7 reports a
        // connection it already evicted as a plain "Connection is closed", without a SQLSTATE).
        return true;
      }
      if (c instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The 503 problem for the request at {@code path}; logs the outage once, without client input.
   */
  static ProblemDetail problem(Throwable cause, String path) {
    log.warn("database unavailable: {}: {}", cause.getClass().getSimpleName(), rootOf(cause));
    return ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, DETAIL, path);
  }

  /** The answer as a response entity (the controller advice). */
  static ResponseEntity<ProblemDetail> entity(Throwable cause, String path) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem(cause, path));
  }

  /** Writes the answer (a filter, where no controller advice runs). */
  public static void write(
      Throwable cause, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ProblemDetail problem = problem(cause, ProblemResponses.pathOf(request));
    response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    ProblemResponses.write(response, problem);
  }

  /**
   * The innermost cause's type and first line: a driver's message names hosts, never client input.
   */
  private static String rootOf(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    return root.getClass().getSimpleName()
        + " "
        + (message.length() <= 160 ? message : message.substring(0, 160) + "...");
  }
}
