package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.RewardRepository;
import com.mallquest.mall.domain.Reward;
import com.mallquest.mall.domain.RewardId;
import com.mallquest.mall.domain.VipTier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rewards catalog in table {@code rewards}. Texts per language are JSON objects in VARCHAR
 * columns; a {@code NULL} stock is unlimited.
 */
final class JdbcRewardRepository implements RewardRepository {

  private static final String COLUMNS =
      "id, name_json, description_json, price_coins, stock, min_tier, available_from, available_until,"
          + " active, version";

  private final JdbcClient jdbc;

  JdbcRewardRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public Optional<Reward> findById(RewardId id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM rewards WHERE id = :id")
        .param("id", id.value())
        .query(JdbcRewardRepository::map)
        .optional();
  }

  @Override
  public List<Reward> list(Optional<RewardId> afterId, int limit) {
    SqlValues.requirePositive(limit);
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM rewards WHERE id > :after ORDER BY id LIMIT :limit")
        .param("after", afterId.map(RewardId::value).orElse(""))
        .param("limit", limit)
        .query(JdbcRewardRepository::map)
        .list();
  }

  @Override
  public boolean insert(Reward reward) {
    int rows =
        bind(
                jdbc.sql(
                    "INSERT INTO rewards ("
                        + COLUMNS
                        + ", created_at) VALUES (:id, :name,"
                        + " :description, :price, :stock, :minTier, :from, :until, :active, :version, CURRENT_TIMESTAMP)"
                        + " ON CONFLICT DO NOTHING"),
                reward)
            .param("version", reward.version())
            .update();
    return rows == 1;
  }

  @Override
  public Optional<Reward> replace(Reward reward) {
    int rows =
        bind(
                jdbc.sql(
                    "UPDATE rewards SET name_json = :name, description_json = :description,"
                        + " price_coins = :price, stock = :stock, min_tier = :minTier, available_from = :from,"
                        + " available_until = :until, active = :active, version = version + 1 WHERE id = :id"),
                reward)
            .update();
    return rows == 0 ? Optional.empty() : findById(reward.id());
  }

  @Override
  public Optional<Reward> lockById(RewardId id) {
    SqlValues.requireTransaction("lockById");
    return jdbc.sql("SELECT " + COLUMNS + " FROM rewards WHERE id = :id FOR UPDATE")
        .param("id", id.value())
        .query(JdbcRewardRepository::map)
        .optional();
  }

  @Override
  public boolean takeOne(RewardId id) {
    int rows =
        jdbc.sql(
                "UPDATE rewards SET stock = CASE WHEN stock IS NULL THEN NULL ELSE stock - 1 END"
                    + " WHERE id = :id AND (stock IS NULL OR stock > 0)")
            .param("id", id.value())
            .update();
    return rows == 1;
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, Reward reward) {
    return sql.param("id", reward.id().value())
        .param("name", LocalizedTextJson.write(reward.name()))
        .param("description", LocalizedTextJson.write(reward.description()))
        .param("price", reward.priceCoins())
        .param(
            "stock", reward.stock().isPresent() ? reward.stock().getAsLong() : null, Types.BIGINT)
        .param("minTier", reward.minTier().map(VipTier::name).orElse(null), Types.VARCHAR)
        .param(
            "from",
            reward.availableFrom().map(SqlValues::utc).orElse(null),
            Types.TIMESTAMP_WITH_TIMEZONE)
        .param(
            "until",
            reward.availableUntil().map(SqlValues::utc).orElse(null),
            Types.TIMESTAMP_WITH_TIMEZONE)
        .param("active", reward.active());
  }

  private static Reward map(ResultSet rs, int rowNum) throws SQLException {
    long stock = rs.getLong("stock");
    boolean unlimited = rs.wasNull();
    String minTier = rs.getString("min_tier");
    return new Reward(
        new RewardId(rs.getString("id")),
        LocalizedTextJson.read(rs.getString("name_json")),
        LocalizedTextJson.read(rs.getString("description_json")),
        rs.getLong("price_coins"),
        unlimited ? OptionalLong.empty() : OptionalLong.of(stock),
        Optional.ofNullable(minTier).map(VipTier::valueOf),
        optionalInstant(rs, "available_from"),
        optionalInstant(rs, "available_until"),
        rs.getBoolean("active"),
        rs.getLong("version"));
  }

  private static Optional<Instant> optionalInstant(ResultSet rs, String column)
      throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }
}
