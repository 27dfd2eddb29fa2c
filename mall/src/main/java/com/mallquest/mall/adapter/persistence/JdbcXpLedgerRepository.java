package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.XpLedgerRepository;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.ShopperId;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The xp ledger in table {@code xp_ledger}. */
final class JdbcXpLedgerRepository implements XpLedgerRepository {

  private static final int MAX_REFERENCE_LENGTH = 128;

  private final JdbcClient jdbc;

  JdbcXpLedgerRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public void append(
      ShopperId shopperId, long delta, LedgerReason reason, String reference, Instant at) {
    Objects.requireNonNull(reason, "reason");
    if (reference.length() > MAX_REFERENCE_LENGTH) {
      throw new IllegalArgumentException(
          "reference longer than " + MAX_REFERENCE_LENGTH + ": " + reference.length());
    }
    if (delta == 0) {
      return;
    }
    jdbc.sql(
            "INSERT INTO xp_ledger (shopper_id, delta, reason, reference, created_at)"
                + " VALUES (:shopperId, :delta, :reason, :reference, :createdAt)")
        .param("shopperId", shopperId.value())
        .param("delta", delta)
        .param("reason", reason.name())
        .param("reference", reference)
        .param("createdAt", SqlValues.utc(at))
        .update();
  }
}
