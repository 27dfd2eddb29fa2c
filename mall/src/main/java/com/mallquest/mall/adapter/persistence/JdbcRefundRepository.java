package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.RefundRepository;
import com.mallquest.mall.domain.Refund;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.StoreId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Refunds in table {@code refunds}; the purchase id is the primary key. */
final class JdbcRefundRepository implements RefundRepository {

  private static final String COLUMNS =
      "purchase_id, shopper_id, store_id, amount_minor, coins_reversed, coins_shortfall, xp_reversed, created_at";

  private final JdbcClient jdbc;

  JdbcRefundRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public Optional<Refund> findByPurchase(String purchaseId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM refunds WHERE purchase_id = :id")
        .param("id", purchaseId)
        .query(JdbcRefundRepository::map)
        .optional();
  }

  @Override
  public boolean insert(Refund r) {
    int rows =
        jdbc.sql(
                "INSERT INTO refunds ("
                    + COLUMNS
                    + ") VALUES (:purchaseId, :shopperId, :storeId, :amount,"
                    + " :coins, :shortfall, :xp, :createdAt) ON CONFLICT DO NOTHING")
            .param("purchaseId", r.purchaseId())
            .param("shopperId", r.shopperId().value())
            .param("storeId", r.storeId().value())
            .param("amount", r.amountMinor())
            .param("coins", r.coinsReversed())
            .param("shortfall", r.coinsShortfall())
            .param("xp", r.xpReversed())
            .param("createdAt", SqlValues.utc(r.createdAt()))
            .update();
    return rows == 1;
  }

  private static Refund map(ResultSet rs, int rowNum) throws SQLException {
    return new Refund(
        rs.getString("purchase_id"),
        new ShopperId(rs.getString("shopper_id")),
        new StoreId(rs.getString("store_id")),
        rs.getLong("amount_minor"),
        rs.getLong("coins_reversed"),
        rs.getLong("coins_shortfall"),
        rs.getLong("xp_reversed"),
        SqlValues.instant(rs, "created_at"));
  }
}
