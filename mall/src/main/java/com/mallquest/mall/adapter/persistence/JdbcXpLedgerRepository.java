package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.XpLedgerRepository;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.ShopperId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The xp ledger in table {@code xp_ledger}. Each row carries {@code xp_after}, the shopper's xp
 * counted over their rows in {@code (created_at, id)} order up to and including it (ADR 0031): the
 * leaderboards read a period's score from two rows instead of summing the period.
 */
final class JdbcXpLedgerRepository implements XpLedgerRepository {

  private static final int MAX_REFERENCE_LENGTH = 128;

  private final JdbcClient jdbc;

  JdbcXpLedgerRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * A subquery for a shopper's last xp row in the ledger's order, {@code (created_at, id)} (ADR
   * 0031), among the rows {@code condition} keeps: one descent of the {@code (shopper_id,
   * created_at, id, xp_after)} index, for every reader of running totals.
   *
   * @param columns the columns it answers, of the row alias {@code b} (e.g. {@code b.xp_after})
   * @param shopperId an SQL expression for the shopper's id (a column or a parameter)
   * @param condition more conditions on {@code b}, each starting with {@code AND}; empty for none
   */
  static String lastRow(String columns, String shopperId, String condition) {
    return "(SELECT "
        + columns
        + " FROM xp_ledger b WHERE b.shopper_id = "
        + shopperId
        + condition
        + " ORDER BY b.created_at DESC, b.id DESC LIMIT 1)";
  }

  /**
   * {@inheritDoc}
   *
   * <p>The row may be older than the shopper's newest: it takes its place in time order, and the
   * running totals of the rows after it move by {@code delta} (a second statement, which changes
   * nothing when the row is the newest). The shopper's {@code xp_at} moves up to {@code at} if it
   * was earlier, so a later balance change still writes its row last. The caller holds the
   * shopper's row lock, as every writer of the shopper's xp does.
   */
  @Override
  public void append(
      ShopperId shopperId, long delta, LedgerReason reason, String reference, Instant at) {
    if (!checked(delta, reason, reference)) {
      return;
    }
    Map<String, Object> row =
        Map.of(
            "shopperId", shopperId.value(),
            "delta", delta,
            "reason", reason.name(),
            "reference", reference,
            "createdAt", SqlValues.utc(at));
    jdbc.sql(
            "INSERT INTO xp_ledger (shopper_id, delta, xp_after, reason, reference, created_at)"
                + " SELECT :shopperId, :delta, :delta + COALESCE("
                + lastRow("b.xp_after", ":shopperId", " AND b.created_at <= :createdAt")
                + ", 0), :reason, :reference, :createdAt")
        .params(row)
        .update();
    jdbc.sql(
            "UPDATE xp_ledger SET xp_after = xp_after + :delta"
                + " WHERE shopper_id = :shopperId AND created_at > :createdAt")
        .params(row)
        .update();
    jdbc.sql(
            "UPDATE shoppers SET xp_at = :createdAt"
                + " WHERE id = :shopperId AND (xp_at IS NULL OR xp_at < :createdAt)")
        .params(row)
        .update();
  }

  /**
   * Appends the xp row of the balance change this transaction has just applied to the shopper's row
   * (H2's counterpart of the CTE {@code x} of {@link JdbcShopperRepository}): its time and running
   * total are the row's new {@code xp_at} and {@code xp}, read from the row the transaction holds
   * locked, so it comes last in the shopper's order.
   */
  void appendAfterBalanceChange(
      ShopperId shopperId, long delta, LedgerReason reason, String reference) {
    if (!checked(delta, reason, reference)) {
      return;
    }
    jdbc.sql(
            "INSERT INTO xp_ledger (shopper_id, delta, xp_after, reason, reference, created_at)"
                + " SELECT id, :delta, xp, :reason, :reference, xp_at FROM shoppers WHERE id = :shopperId")
        .param("shopperId", shopperId.value())
        .param("delta", delta)
        .param("reason", reason.name())
        .param("reference", reference)
        .update();
  }

  /** Whether there is a row to write; throws if the reference is too long. */
  private static boolean checked(long delta, LedgerReason reason, String reference) {
    Objects.requireNonNull(reason, "reason");
    if (reference.length() > MAX_REFERENCE_LENGTH) {
      throw new IllegalArgumentException(
          "reference longer than " + MAX_REFERENCE_LENGTH + ": " + reference.length());
    }
    return delta != 0;
  }
}
