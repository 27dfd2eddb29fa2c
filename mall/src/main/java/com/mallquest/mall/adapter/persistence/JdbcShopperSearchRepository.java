package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.ShopperSearchRepository;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Shopper search over {@code shoppers.display_name_key} (index {@code (display_name_key, id)}) and
 * {@code purchases.receipt_id} (index {@code ix_purchases_receipt}). A prefix is the key range
 * {@code [prefix, upperBound(prefix))}: complete under code point order (C collations, H2); the
 * {@code LIKE} keeps every answer a true match under any collation.
 */
final class JdbcShopperSearchRepository implements ShopperSearchRepository {

  private final JdbcClient jdbc;
  private final ShopperRepository shoppers;

  JdbcShopperSearchRepository(DataSource dataSource, ShopperRepository shoppers) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
    this.shoppers = shoppers;
  }

  @Override
  public NamePage byNamePrefix(String prefix, Optional<NameCursor> after, int limit) {
    SqlValues.requirePositive(limit);
    String key = NameKeys.of(prefix);
    String upper = NameKeys.upperBound(key);
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, display_name_key FROM shoppers WHERE display_name_key >= :lower");
    if (!upper.isEmpty()) {
      sql.append(" AND display_name_key < :upper");
    }
    sql.append(" AND display_name_key LIKE :pattern ESCAPE '!'");
    if (after.isPresent()) {
      sql.append(
          " AND (display_name_key > :afterKey OR (display_name_key = :afterKey AND id > :afterId))");
    }
    sql.append(" ORDER BY display_name_key, id LIMIT :limit");
    var statement =
        jdbc.sql(sql.toString())
            .param("lower", key)
            .param("pattern", likePrefix(key))
            .param("limit", limit + 1);
    if (!upper.isEmpty()) {
      statement = statement.param("upper", upper);
    }
    if (after.isPresent()) {
      statement =
          statement.param("afterKey", after.get().nameKey()).param("afterId", after.get().id());
    }
    List<NameCursor> rows =
        statement.query((rs, n) -> new NameCursor(rs.getString(2), rs.getString(1))).list();
    List<NameCursor> page = rows.size() > limit ? rows.subList(0, limit) : rows;
    Map<ShopperId, Shopper> found =
        shoppers.findAllById(page.stream().map(r -> new ShopperId(r.id())).toList());
    List<Shopper> ordered = new ArrayList<>(page.size());
    page.forEach(
        r -> Optional.ofNullable(found.get(new ShopperId(r.id()))).ifPresent(ordered::add));
    Optional<NameCursor> next =
        rows.size() > limit ? Optional.of(page.get(page.size() - 1)) : Optional.empty();
    return new NamePage(ordered, next);
  }

  @Override
  public List<ShopperId> byReceipt(String receiptId, int limit) {
    SqlValues.requirePositive(limit);
    return jdbc.sql(
            "SELECT DISTINCT shopper_id FROM purchases WHERE receipt_id = :receipt ORDER BY shopper_id"
                + " LIMIT :limit")
        .param("receipt", receiptId)
        .param("limit", limit)
        .query((rs, n) -> new ShopperId(rs.getString(1)))
        .list();
  }

  /** {@code prefix%} with LIKE's wildcards and the escape character escaped. */
  private static String likePrefix(String prefix) {
    return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }
}
