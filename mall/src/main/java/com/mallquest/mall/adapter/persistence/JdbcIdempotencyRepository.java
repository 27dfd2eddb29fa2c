package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.IdempotencyRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Idempotency entries in table {@code idempotency_keys}. Every statement runs on its own
 * (auto-commit): the claim must be visible to other instances before the request runs, and must not
 * be rolled back with it.
 */
final class JdbcIdempotencyRepository implements IdempotencyRepository {

  private static final String KEY = "api_key_id = :apiKeyId AND idempotency_key = :key";

  private final JdbcClient jdbc;

  JdbcIdempotencyRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public boolean claim(String apiKeyId, String key, String requestHash, Instant now) {
    try {
      jdbc.sql(
              "INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, created_at)"
                  + " VALUES (:apiKeyId, :key, :hash, :createdAt)")
          .param("apiKeyId", apiKeyId)
          .param("key", key)
          .param("hash", requestHash)
          .param("createdAt", SqlValues.utc(now))
          .update();
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  @Override
  public Optional<Entry> find(String apiKeyId, String key) {
    return jdbc.sql(
            "SELECT api_key_id, idempotency_key, request_hash, status, content_type, location, response_body,"
                + " created_at FROM idempotency_keys WHERE "
                + KEY)
        .param("apiKeyId", apiKeyId)
        .param("key", key)
        .query(JdbcIdempotencyRepository::map)
        .optional();
  }

  @Override
  public void complete(String apiKeyId, String key, StoredResponse response) {
    jdbc.sql(
            "UPDATE idempotency_keys SET status = :status, content_type = :contentType, location = :location,"
                + " response_body = :body WHERE "
                + KEY
                + " AND status IS NULL")
        .param("status", response.status())
        .param("contentType", response.contentType().orElse(null), Types.VARCHAR)
        .param("location", response.location().orElse(null), Types.VARCHAR)
        .param("body", response.body())
        .param("apiKeyId", apiKeyId)
        .param("key", key)
        .update();
  }

  @Override
  public void delete(String apiKeyId, String key, Instant createdAt) {
    jdbc.sql("DELETE FROM idempotency_keys WHERE " + KEY + " AND created_at = :createdAt")
        .param("apiKeyId", apiKeyId)
        .param("key", key)
        .param("createdAt", SqlValues.utc(createdAt))
        .update();
  }

  @Override
  public int deleteCreatedBefore(Instant cutoff) {
    return jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < :cutoff")
        .param("cutoff", SqlValues.utc(cutoff))
        .update();
  }

  private static Entry map(ResultSet rs, int rowNum) throws SQLException {
    int status = rs.getInt("status");
    Optional<StoredResponse> response =
        rs.wasNull()
            ? Optional.empty()
            : Optional.of(
                new StoredResponse(
                    status,
                    Optional.ofNullable(rs.getString("content_type")),
                    Optional.ofNullable(rs.getString("location")),
                    Objects.requireNonNullElse(rs.getString("response_body"), "")));
    return new Entry(
        rs.getString("api_key_id"),
        rs.getString("idempotency_key"),
        rs.getString("request_hash"),
        response,
        SqlValues.instant(rs, "created_at"));
  }
}
