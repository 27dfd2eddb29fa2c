package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.ShopperBlockRepository;
import com.mallquest.mall.domain.ShopperBlock;
import com.mallquest.mall.domain.ShopperId;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Blocks in table {@code shopper_blocks}; the primary key on the shopper makes a block single. */
final class JdbcShopperBlockRepository implements ShopperBlockRepository {

  private final JdbcClient jdbc;

  JdbcShopperBlockRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public Optional<ShopperBlock> find(ShopperId shopperId) {
    return jdbc.sql(
            "SELECT shopper_id, reason, blocked_at, blocked_by FROM shopper_blocks WHERE shopper_id = :id")
        .param("id", shopperId.value())
        .query(
            (rs, n) ->
                new ShopperBlock(
                    new ShopperId(rs.getString("shopper_id")),
                    rs.getString("reason"),
                    SqlValues.instant(rs, "blocked_at"),
                    rs.getString("blocked_by")))
        .optional();
  }

  @Override
  public boolean insert(ShopperBlock block) {
    return jdbc.sql(
                "INSERT INTO shopper_blocks (shopper_id, reason, blocked_at, blocked_by)"
                    + " VALUES (:id, :reason, :at, :by) ON CONFLICT DO NOTHING")
            .param("id", block.shopperId().value())
            .param("reason", block.reason())
            .param("at", SqlValues.utc(block.blockedAt()))
            .param("by", block.blockedBy())
            .update()
        == 1;
  }

  @Override
  public boolean delete(ShopperId shopperId) {
    return jdbc.sql("DELETE FROM shopper_blocks WHERE shopper_id = :id")
            .param("id", shopperId.value())
            .update()
        == 1;
  }
}
