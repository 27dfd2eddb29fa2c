package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.LedgerRepository;
import com.mallquest.mall.application.port.PageCursor;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.ShopperId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The coin ledger in table {@code coin_ledger}. Ids come from an identity column; a page cursor's
 * id is such an id in decimal and is compared as a number, so id 10 sorts after id 9.
 */
final class JdbcLedgerRepository implements LedgerRepository {

  private static final String COLUMNS =
      "id, shopper_id, delta, balance_after, reason, reference, created_at";

  private final JdbcClient jdbc;

  JdbcLedgerRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public LedgerEntry append(LedgerEntry entry) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO coin_ledger (shopper_id, delta, balance_after, reason, reference,"
                + " created_at) VALUES (:shopperId, :delta, :balanceAfter, :reason, :reference,"
                + " :createdAt)")
        .param("shopperId", entry.shopperId().value())
        .param("delta", entry.delta())
        .param("balanceAfter", entry.balanceAfter())
        .param("reason", entry.reason().name())
        .param("reference", entry.reference())
        .param("createdAt", SqlValues.utc(entry.createdAt()))
        // Naming the key column keeps PostgreSQL's driver from returning every column.
        .update(keys, "id");
    Number id = Objects.requireNonNull(keys.getKey(), "generated ledger id");
    return new LedgerEntry(
        id.longValue(),
        entry.shopperId(),
        entry.delta(),
        entry.balanceAfter(),
        entry.reason(),
        entry.reference(),
        SqlValues.stored(entry.createdAt()));
  }

  @Override
  public List<LedgerEntry> findByShopper(
      ShopperId shopperId, Optional<PageCursor> before, int limit) {
    return SqlValues.newestFirst(
        jdbc,
        "coin_ledger",
        COLUMNS,
        shopperId,
        before,
        JdbcLedgerRepository::ledgerId,
        limit,
        JdbcLedgerRepository::map);
  }

  @Override
  public long sumByShopper(ShopperId shopperId) {
    // SUM of BIGINT is NUMERIC on both databases; the mapper reads it with getLong.
    return jdbc.sql("SELECT COALESCE(SUM(delta), 0) FROM coin_ledger WHERE shopper_id = :shopperId")
        .param("shopperId", shopperId.value())
        .query(Long.class)
        .single();
  }

  private static long ledgerId(String cursorId) {
    try {
      return Long.parseLong(cursorId);
    } catch (NumberFormatException e) {
      String shown = cursorId.length() > 40 ? cursorId.substring(0, 40) + "..." : cursorId;
      throw new InvalidInputException(
          "cursor", "cursor id of a ledger page must be a decimal number, was \"" + shown + '"');
    }
  }

  private static LedgerEntry map(ResultSet rs, int rowNum) throws SQLException {
    return new LedgerEntry(
        rs.getLong("id"),
        new ShopperId(rs.getString("shopper_id")),
        rs.getLong("delta"),
        rs.getLong("balance_after"),
        LedgerReason.valueOf(rs.getString("reason")),
        rs.getString("reference"),
        SqlValues.instant(rs, "created_at"));
  }
}
