package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreCategory;
import com.mallquest.mall.domain.StoreId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stores in table {@code stores}. Updates are optimistic: they match the version the caller read
 * and increment it, so a concurrent update is detected rather than overwritten.
 */
final class JdbcStoreRepository implements StoreRepository {

  private static final String COLUMNS =
      "id, name, category, floor, coin_multiplier, active, version";

  private final JdbcClient jdbc;

  JdbcStoreRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public Optional<Store> findById(StoreId id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM stores WHERE id = :id")
        .param("id", id.value())
        .query(JdbcStoreRepository::map)
        .optional();
  }

  @Override
  public Map<StoreId, Store> findAllById(Collection<StoreId> ids) {
    List<String> values = ids.stream().map(StoreId::value).distinct().toList();
    Map<StoreId, Store> found = new LinkedHashMap<>();
    for (List<String> chunk : SqlValues.chunks(values)) {
      jdbc.sql("SELECT " + COLUMNS + " FROM stores WHERE id IN (:ids)")
          .param("ids", chunk)
          .query(JdbcStoreRepository::map)
          .list()
          .forEach(store -> found.put(store.id(), store));
    }
    return found;
  }

  @Override
  public List<Store> list(Optional<StoreId> afterId, int limit) {
    SqlValues.requirePositive(limit);
    // Two statements rather than "(:after IS NULL OR id > :after)": PostgreSQL cannot infer the
    // type of a parameter that is only compared with NULL, and the plain range uses the index.
    if (afterId.isEmpty()) {
      return jdbc.sql("SELECT " + COLUMNS + " FROM stores ORDER BY id LIMIT :limit")
          .param("limit", limit)
          .query(JdbcStoreRepository::map)
          .list();
    }
    return jdbc.sql("SELECT " + COLUMNS + " FROM stores WHERE id > :after ORDER BY id LIMIT :limit")
        .param("after", afterId.get().value())
        .param("limit", limit)
        .query(JdbcStoreRepository::map)
        .list();
  }

  @Override
  public boolean insert(Store store) {
    int rows =
        jdbc.sql(
                "INSERT INTO stores ("
                    + COLUMNS
                    + ") VALUES (:id, :name, :category, :floor,"
                    + " :multiplier, :active, :version) ON CONFLICT DO NOTHING")
            .param("id", store.id().value())
            .param("name", store.name())
            .param("category", store.category().name())
            .param("floor", store.floor())
            .param("multiplier", store.coinMultiplier())
            .param("active", store.active())
            .param("version", store.version())
            .update();
    return rows == 1;
  }

  @Override
  public Optional<Store> update(Store store) {
    int rows =
        jdbc.sql(
                "UPDATE stores SET name = :name, category = :category, floor = :floor,"
                    + " coin_multiplier = :multiplier, active = :active, version = version + 1"
                    + " WHERE id = :id AND version = :version")
            .param("name", store.name())
            .param("category", store.category().name())
            .param("floor", store.floor())
            .param("multiplier", store.coinMultiplier())
            .param("active", store.active())
            .param("id", store.id().value())
            .param("version", store.version())
            .update();
    // The row matched the version the caller read, so it now holds exactly these values at the
    // next version; no re-read needed.
    return rows == 1
        ? Optional.of(
            new Store(
                store.id(),
                store.name(),
                store.category(),
                store.floor(),
                store.coinMultiplier(),
                store.active(),
                store.version() + 1))
        : Optional.empty();
  }

  private static Store map(ResultSet rs, int rowNum) throws SQLException {
    return new Store(
        new StoreId(rs.getString("id")),
        rs.getString("name"),
        StoreCategory.valueOf(rs.getString("category")),
        rs.getString("floor"),
        rs.getBigDecimal("coin_multiplier"),
        rs.getBoolean("active"),
        rs.getLong("version"));
  }
}
