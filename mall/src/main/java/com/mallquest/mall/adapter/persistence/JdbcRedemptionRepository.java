package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.PageCursor;
import com.mallquest.mall.application.port.RedemptionRepository;
import com.mallquest.mall.domain.Redemption;
import com.mallquest.mall.domain.RewardId;
import com.mallquest.mall.domain.ShopperId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Redemptions in table {@code redemptions}. A clash on the unique code is detected with {@code ON
 * CONFLICT DO NOTHING} (as {@link JdbcPurchaseRepository} does) so the caller can retry with
 * another code in the same transaction.
 */
final class JdbcRedemptionRepository implements RedemptionRepository {

  private static final String COLUMNS =
      "id, shopper_id, reward_id, code, price_coins, idempotency_key, created_at";

  private final JdbcClient jdbc;

  JdbcRedemptionRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public Optional<Redemption> findByKey(ShopperId shopperId, String idempotencyKey) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM redemptions WHERE shopper_id = :shopperId AND idempotency_key = :key")
        .param("shopperId", shopperId.value())
        .param("key", idempotencyKey)
        .query(JdbcRedemptionRepository::map)
        .optional();
  }

  @Override
  public boolean insert(Redemption r) {
    int rows =
        jdbc.sql(
                "INSERT INTO redemptions ("
                    + COLUMNS
                    + ") VALUES (:id, :shopperId, :rewardId, :code,"
                    + " :price, :key, :createdAt) ON CONFLICT DO NOTHING")
            .param("id", r.id())
            .param("shopperId", r.shopperId().value())
            .param("rewardId", r.rewardId().value())
            .param("code", r.code())
            .param("price", r.priceCoins())
            .param("key", r.idempotencyKey())
            .param("createdAt", SqlValues.utc(r.createdAt()))
            .update();
    return rows == 1;
  }

  @Override
  public List<Redemption> findByShopper(
      ShopperId shopperId, Optional<PageCursor> before, int limit) {
    return SqlValues.newestFirst(
        jdbc,
        "redemptions",
        COLUMNS,
        shopperId,
        before,
        id -> id,
        limit,
        JdbcRedemptionRepository::map);
  }

  private static Redemption map(ResultSet rs, int rowNum) throws SQLException {
    return new Redemption(
        rs.getString("id"),
        new ShopperId(rs.getString("shopper_id")),
        new RewardId(rs.getString("reward_id")),
        rs.getString("code"),
        rs.getLong("price_coins"),
        rs.getString("idempotency_key"),
        SqlValues.instant(rs, "created_at"));
  }
}
