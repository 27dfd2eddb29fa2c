package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.AuditLogRepository;
import com.mallquest.mall.domain.AuditEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit log in table {@code audit_log}; newest first is id descending. */
final class JdbcAuditLogRepository implements AuditLogRepository {

  private static final String COLUMNS =
      "id, created_at, key_id, key_name, action, target, reason, status";

  private final JdbcClient jdbc;

  JdbcAuditLogRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public void append(AuditEntry e) {
    jdbc.sql(
            "INSERT INTO audit_log (created_at, key_id, key_name, action, target, reason, status)"
                + " VALUES (:at, :keyId, :keyName, :action, :target, :reason, :status)")
        .param("at", SqlValues.utc(e.createdAt()))
        .param("keyId", e.keyId())
        .param("keyName", e.keyName())
        .param("action", e.action())
        .param("target", e.target())
        .param("reason", e.reason().orElse(null), java.sql.Types.VARCHAR)
        .param("status", e.status())
        .update();
  }

  @Override
  public List<AuditEntry> list(Optional<String> target, OptionalLong beforeId, int limit) {
    SqlValues.requirePositive(limit);
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1");
    if (target.isPresent()) {
      sql.append(" AND target = :target");
    }
    if (beforeId.isPresent()) {
      sql.append(" AND id < :before");
    }
    sql.append(" ORDER BY id DESC LIMIT :limit");
    var statement = jdbc.sql(sql.toString()).param("limit", limit);
    if (target.isPresent()) {
      statement = statement.param("target", target.get());
    }
    if (beforeId.isPresent()) {
      statement = statement.param("before", beforeId.getAsLong());
    }
    return statement
        .query(
            (rs, n) ->
                new AuditEntry(
                    rs.getLong("id"),
                    SqlValues.instant(rs, "created_at"),
                    rs.getString("key_id"),
                    rs.getString("key_name"),
                    rs.getString("action"),
                    rs.getString("target"),
                    Optional.ofNullable(rs.getString("reason")),
                    rs.getInt("status")))
        .list();
  }
}
