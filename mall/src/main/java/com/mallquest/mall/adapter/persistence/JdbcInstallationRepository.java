package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.InstallationRepository;
import com.mallquest.mall.domain.Installation;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code installation} row (V6). Each statement on its own (auto-commit). */
final class JdbcInstallationRepository implements InstallationRepository {

  private final JdbcClient jdbc;
  private final Clock clock;

  JdbcInstallationRepository(DataSource dataSource, Clock clock) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<Installation> find() {
    return jdbc.sql("SELECT id, cache_epoch FROM installation WHERE singleton = 1")
        .query((rs, n) -> new Installation(rs.getString("id"), rs.getLong("cache_epoch")))
        .optional();
  }

  @Override
  public Installation createIfAbsent(Installation candidate) {
    try {
      jdbc.sql(
              "INSERT INTO installation (singleton, id, cache_epoch, created_at) VALUES (1, :id, :epoch, :createdAt)")
          .param("id", candidate.id())
          .param("epoch", candidate.cacheEpoch())
          .param("createdAt", SqlValues.utc(clock.instant()))
          .update();
      return candidate;
    } catch (DuplicateKeyException e) {
      return find().orElseThrow(() -> new IllegalStateException("installation row vanished", e));
    }
  }

  @Override
  public Installation bumpCacheEpoch(long atLeast) {
    jdbc.sql(
            "UPDATE installation SET cache_epoch = GREATEST(cache_epoch + 1, :atLeast) WHERE singleton = 1")
        .param("atLeast", atLeast)
        .update();
    return find().orElseThrow(() -> new IllegalStateException("no installation row to bump"));
  }
}
