package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.PurchaseCounters;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.StoreId;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The abuse caps' counts over {@code purchases}: the daily sum uses the {@code (shopper_id,
 * created_at)} index of V1, the hourly per-store count the {@code (shopper_id, store_id,
 * created_at)} index of V3.
 */
final class JdbcPurchaseCounters implements PurchaseCounters {

  private final JdbcClient jdbc;

  JdbcPurchaseCounters(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public long coinsEarnedSince(ShopperId shopperId, Instant since) {
    return jdbc.sql(
            "SELECT COALESCE(SUM(coins_earned), 0) FROM purchases"
                + " WHERE shopper_id = :shopperId AND created_at >= :since")
        .param("shopperId", shopperId.value())
        .param("since", SqlValues.utc(since))
        .query(Long.class)
        .single();
  }

  @Override
  public long countAtStoreSince(ShopperId shopperId, StoreId storeId, Instant since) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM purchases"
                + " WHERE shopper_id = :shopperId AND store_id = :storeId AND created_at > :since")
        .param("shopperId", shopperId.value())
        .param("storeId", storeId.value())
        .param("since", SqlValues.utc(since))
        .query(Long.class)
        .single();
  }
}
