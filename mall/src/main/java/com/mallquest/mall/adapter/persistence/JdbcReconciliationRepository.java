package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.ChangeOutbox.Kind;
import com.mallquest.mall.application.port.ReconciliationRepository;
import com.mallquest.mall.domain.VipTier;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Shoppers with their ledger sums, by keyset pages over the primary key, and what the outbox still
 * holds for some of them. Each sum is a correlated aggregate served by a {@code (shopper_id, ...)}
 * ledger index, the newest xp row's running total one descent of the xp ledger's, the companion
 * probe one of the companions'; all are read in the same statement as the row, so a purchase
 * committing meanwhile shows in all or in none.
 */
final class JdbcReconciliationRepository implements ReconciliationRepository {

  private static final String SELECT =
      "SELECT s.id, s.coins, s.xp, s.level, s.vip_tier, s.lifetime_spend_minor, s.version,"
          + " s.has_companion,"
          + " (SELECT COALESCE(SUM(l.delta), 0) FROM coin_ledger l WHERE l.shopper_id = s.id) AS ledger_sum,"
          + " (SELECT COALESCE(SUM(x.delta), 0) FROM xp_ledger x WHERE x.shopper_id = s.id) AS xp_ledger_sum,"
          + " COALESCE("
          + JdbcXpLedgerRepository.lastRow("b.xp_after", "s.id", "")
          + ", 0) AS xp_after_newest,"
          + " EXISTS (SELECT 1 FROM companions c WHERE c.shopper_id = s.id) AS owns_companion"
          + " FROM shoppers s";

  private final JdbcClient jdbc;

  JdbcReconciliationRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public List<ShopperTotals> page(Optional<String> afterId, int limit) {
    var statement =
        afterId.isPresent()
            ? jdbc.sql(SELECT + " WHERE s.id > :after ORDER BY s.id LIMIT :limit")
                .param("after", afterId.get())
            : jdbc.sql(SELECT + " ORDER BY s.id LIMIT :limit");
    return statement
        .param("limit", limit)
        .query(
            (rs, n) ->
                new ShopperTotals(
                    rs.getString("id"),
                    rs.getLong("coins"),
                    rs.getLong("ledger_sum"),
                    rs.getLong("xp"),
                    rs.getLong("xp_ledger_sum"),
                    rs.getLong("xp_after_newest"),
                    rs.getInt("level"),
                    VipTier.valueOf(rs.getString("vip_tier")),
                    rs.getLong("lifetime_spend_minor"),
                    rs.getLong("version"),
                    rs.getBoolean("has_companion"),
                    rs.getBoolean("owns_companion")))
        .list();
  }

  @Override
  public Map<String, Long> pendingVersions(Kind kind, Collection<String> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> pending = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT entity_key, MAX(version) AS version FROM change_outbox"
                + " WHERE kind IN (:kinds) AND entity_key IN (:keys) GROUP BY entity_key")
        .param("kinds", kind.carriedBy().stream().map(Kind::name).toList())
        .param("keys", List.copyOf(keys))
        .query(
            rs -> {
              pending.put(rs.getString("entity_key"), rs.getLong("version"));
            });
    return pending;
  }
}
