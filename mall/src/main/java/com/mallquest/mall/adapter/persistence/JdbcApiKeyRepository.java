package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.ApiKeyRecord;
import com.mallquest.mall.application.port.ApiKeyRepository;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.StoreId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * API keys in table {@code api_keys}: hashes only. A key is active while it is not revoked and its
 * {@code expires_at}, if set, lies in the future by the database's clock.
 */
final class JdbcApiKeyRepository implements ApiKeyRepository {

  private static final String COLUMNS = "id, name, role, store_id, key_hash, created_at, revoked";
  private static final String ACTIVE =
      "revoked = FALSE AND (expires_at IS NULL OR expires_at > CURRENT_TIMESTAMP)";

  private final JdbcClient jdbc;

  JdbcApiKeyRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /** @throws org.springframework.dao.DuplicateKeyException if the id or the hash exists already */
  @Override
  public void insert(ApiKeyRecord key) {
    jdbc.sql(
            "INSERT INTO api_keys (" + COLUMNS + ") VALUES (:id, :name, :role, :storeId, :hash,"
                + " :createdAt, :revoked)")
        .param("id", key.id())
        .param("name", key.name())
        .param("role", key.role().name())
        .param("storeId", key.storeId().map(StoreId::value).orElse(null), Types.VARCHAR)
        .param("hash", key.hash())
        .param("createdAt", SqlValues.utc(key.createdAt()))
        .param("revoked", key.revoked())
        .update();
  }

  @Override
  public Optional<ApiKeyRecord> findActiveByHash(String hash) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :hash AND " + ACTIVE)
        .param("hash", hash)
        .query(JdbcApiKeyRepository::map)
        .optional();
  }

  @Override
  public long countActiveAdmins() {
    return jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE role = :role AND " + ACTIVE)
        .param("role", ApiKeyRole.ADMIN.name())
        .query(Long.class)
        .single();
  }

  private static ApiKeyRecord map(ResultSet rs, int rowNum) throws SQLException {
    return new ApiKeyRecord(
        rs.getString("id"),
        rs.getString("name"),
        ApiKeyRole.valueOf(rs.getString("role")),
        Optional.ofNullable(rs.getString("store_id")).map(StoreId::new),
        rs.getString("key_hash"),
        SqlValues.instant(rs, "created_at"),
        rs.getBoolean("revoked"));
  }
}
