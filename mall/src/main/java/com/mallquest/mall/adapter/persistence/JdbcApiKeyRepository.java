package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.ApiKeyRecord;
import com.mallquest.mall.application.port.ApiKeyRepository;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.StoreId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * API keys in table {@code api_keys}: hashes only. A key is active while it is not revoked and its
 * {@code expires_at}, if set, lies in the future by the database's clock.
 */
final class JdbcApiKeyRepository implements ApiKeyRepository {

  private static final String COLUMNS =
      "id, name, role, store_id, key_hash, created_at, revoked, expires_at, rate_limit_per_minute";
  private static final String ACTIVE =
      "revoked = FALSE AND (expires_at IS NULL OR expires_at > CURRENT_TIMESTAMP)";

  private final JdbcClient jdbc;

  JdbcApiKeyRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * @throws org.springframework.dao.DuplicateKeyException if the id or the hash exists already
   */
  @Override
  public void insert(ApiKeyRecord key) {
    jdbc.sql(
            "INSERT INTO api_keys ("
                + COLUMNS
                + ") VALUES (:id, :name, :role, :storeId, :hash,"
                + " :createdAt, :revoked, :expiresAt, :rateLimit)")
        .param("id", key.id())
        .param("name", key.name())
        .param("role", key.role().name())
        .param("storeId", key.storeId().map(StoreId::value).orElse(null), Types.VARCHAR)
        .param("hash", key.hash())
        .param("createdAt", SqlValues.utc(key.createdAt()))
        .param("revoked", key.revoked())
        .param(
            "expiresAt",
            key.expiresAt().map(SqlValues::utc).orElse(null),
            Types.TIMESTAMP_WITH_TIMEZONE)
        .param("rateLimit", key.rateLimitPerMinute().orElse(null), Types.INTEGER)
        .update();
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(String hash) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :hash")
        .param("hash", hash)
        .query(JdbcApiKeyRepository::map)
        .optional();
  }

  @Override
  public Optional<ApiKeyRecord> findById(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id")
        .param("id", id)
        .query(JdbcApiKeyRepository::map)
        .optional();
  }

  @Override
  public List<ApiKeyRecord> list(Optional<String> afterId, int limit) {
    SqlValues.requirePositive(limit);
    String where = afterId.isPresent() ? " WHERE id > :after" : "";
    var statement =
        jdbc.sql("SELECT " + COLUMNS + " FROM api_keys" + where + " ORDER BY id LIMIT :limit")
            .param("limit", limit);
    if (afterId.isPresent()) {
      statement = statement.param("after", afterId.get());
    }
    return statement.query(JdbcApiKeyRepository::map).list();
  }

  @Override
  public boolean revoke(String id) {
    return jdbc.sql("UPDATE api_keys SET revoked = TRUE WHERE id = :id").param("id", id).update()
        > 0;
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
        rs.getBoolean("revoked"),
        Optional.ofNullable(rs.getObject("expires_at", OffsetDateTime.class))
            .map(OffsetDateTime::toInstant),
        Optional.ofNullable(rs.getObject("rate_limit_per_minute", Integer.class)));
  }
}
