package com.mallquest.mall.adapter.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperBlock;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.VipTier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Shoppers in table {@code shoppers}.
 *
 * <p>Balance changes are single {@code UPDATE ... SET coins = coins + ?} statements, so two
 * concurrent purchases never lose an update even without a prior lock. Neither database can return
 * the updated row in a way both accept (H2 has no {@code RETURNING}), so each update re-reads the
 * row in the same transaction: the update holds the row lock until commit, so the re-read sees
 * exactly the state the update committed. Without a caller's transaction, the repository opens one
 * around the pair; inside one, it joins it.
 */
final class JdbcShopperRepository implements ShopperRepository {

  private static final String COLUMNS =
      "id, display_name, language, time_zone, coins, xp, level, vip_tier, lifetime_spend_minor,"
          + " login_streak, last_check_in_date, created_at, version";

  private static final int NEW_ROW_PARAMETERS = 6;

  private final JdbcClient jdbc;
  // H2's way of applyCoins (no data-modifying CTEs): the ledgers' own inserts.
  private final JdbcLedgerRepository ledger;
  private final JdbcXpLedgerRepository xpLedger;
  private volatile SizedSql lastInsertNew;
  private final DatabaseKind kind;
  // Shoppers a balance change found with a companion (the flag only ever becomes true): their
  // purchases skip the one statement that would decline for them (ADR 0033). Bounded, so memory
  // stays flat; a shopper forgotten costs one declined statement, never a wrong answer.
  private final Cache<String, Boolean> companionOwners =
      Caffeine.newBuilder().maximumSize(COMPANION_OWNERS_REMEMBERED).build();

  private static final int COMPANION_OWNERS_REMEMBERED = 50_000;

  JdbcShopperRepository(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    this.jdbc = JdbcClient.create(dataSource);
    this.kind = new DatabaseKind(jdbc);
    this.ledger = new JdbcLedgerRepository(dataSource);
    this.xpLedger = new JdbcXpLedgerRepository(dataSource);
  }

  @Override
  public Optional<Shopper> findById(ShopperId id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM shoppers WHERE id = :id")
        .param("id", id.value())
        .query(JdbcShopperRepository::map)
        .optional();
  }

  @Override
  public Map<ShopperId, Shopper> findAllById(Collection<ShopperId> ids) {
    List<String> values = ids.stream().map(ShopperId::value).distinct().toList();
    Map<ShopperId, Shopper> found = new LinkedHashMap<>();
    for (List<String> chunk : SqlValues.chunks(values)) {
      jdbc.sql("SELECT " + COLUMNS + " FROM shoppers WHERE id IN (:ids)")
          .param("ids", chunk)
          .query(JdbcShopperRepository::map)
          .list()
          .forEach(shopper -> found.put(shopper.id(), shopper));
    }
    return found;
  }

  @Override
  public Optional<Shopper> lockById(ShopperId id) {
    SqlValues.requireTransaction("lockById");
    return jdbc.sql("SELECT " + COLUMNS + " FROM shoppers WHERE id = :id FOR UPDATE")
        .param("id", id.value())
        .query(JdbcShopperRepository::map)
        .optional();
  }

  @Override
  public Optional<Locked> lockWithBlock(ShopperId id) {
    SqlValues.requireTransaction("lockWithBlock");
    // Scalar subqueries, not a join: H2 locks only single-table selects, and PostgreSQL then locks
    // the shopper's row alone.
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + ", (SELECT b.reason FROM shopper_blocks b WHERE b.shopper_id = s.id) AS block_reason,"
                + " (SELECT b.blocked_at FROM shopper_blocks b WHERE b.shopper_id = s.id) AS blocked_at,"
                + " (SELECT b.blocked_by FROM shopper_blocks b WHERE b.shopper_id = s.id) AS blocked_by"
                + " FROM shoppers s WHERE s.id = :id FOR UPDATE")
        .param("id", id.value())
        .query(
            (rs, row) -> {
              Shopper shopper = map(rs, row);
              String reason = rs.getString("block_reason");
              Optional<ShopperBlock> block =
                  reason == null
                      ? Optional.empty()
                      : Optional.of(
                          new ShopperBlock(
                              shopper.id(),
                              reason,
                              SqlValues.instant(rs, "blocked_at"),
                              rs.getString("blocked_by")));
              return new Locked(shopper, block);
            })
        .optional();
  }

  @Override
  public boolean insert(Shopper shopper) {
    int rows =
        jdbc.sql(
                "INSERT INTO shoppers ("
                    + COLUMNS
                    + ", display_name_key) VALUES (:id, :displayName, :language,"
                    + " :timeZone, :coins, :xp, :level, :vipTier, :spend, :streak, :lastCheckIn,"
                    + " :createdAt, :version, :nameKey) ON CONFLICT DO NOTHING")
            .param("id", shopper.id().value())
            .param("displayName", shopper.displayName())
            .param("nameKey", NameKeys.of(shopper.displayName()))
            .param("language", shopper.language())
            .param("timeZone", shopper.timeZone().getId())
            .param("coins", shopper.coins())
            .param("xp", shopper.xp())
            .param("level", shopper.level())
            .param("vipTier", shopper.vipTier().name())
            .param("spend", shopper.lifetimeSpendMinor())
            .param("streak", shopper.loginStreak())
            .param("lastCheckIn", shopper.lastCheckInDate(), Types.DATE)
            .param("createdAt", SqlValues.utc(shopper.createdAt()))
            .param("version", shopper.version())
            .update();
    return rows == 1;
  }

  @Override
  public int insertNew(List<Shopper> shoppers) {
    if (shoppers.size() > MAX_INSERT_BATCH) {
      throw new IllegalArgumentException(
          "at most " + MAX_INSERT_BATCH + " shoppers at once, were " + shoppers.size());
    }
    if (shoppers.isEmpty()) {
      return 0;
    }
    List<Object> values = new ArrayList<>(shoppers.size() * NEW_ROW_PARAMETERS);
    for (Shopper s : shoppers) {
      if (!isNew(s)) {
        throw new IllegalArgumentException(
            "not a new shopper (as Shopper.register makes them): " + s.id().value());
      }
      Collections.addAll(
          values,
          s.id().value(),
          s.displayName(),
          NameKeys.of(s.displayName()),
          s.language(),
          s.timeZone().getId(),
          SqlValues.utc(s.createdAt()));
    }
    // One multi-row statement rather than a JDBC batch: one round trip and one exact count of the
    // rows inserted on both databases (PgJDBC's reWriteBatchedInserts would report no counts). The
    // state every new shopper starts with is written as constants: 6 bound values a row, not 13.
    return jdbc.sql(insertNewSql(shoppers.size())).params(values).update();
  }

  private static boolean isNew(Shopper s) {
    return s.coins() == 0
        && s.xp() == 0
        && s.level() == 1
        && s.vipTier() == VipTier.BRONZE
        && s.lifetimeSpendMinor() == 0
        && s.loginStreak() == 0
        && s.lastCheckInDate() == null
        && s.version() == 0;
  }

  /** {@code INSERT} of {@code rows} new shoppers; last_check_in_date stays NULL. */
  private String insertNewSql(int rows) {
    // An import sends full batches: build that statement once.
    SizedSql cached = lastInsertNew;
    if (cached != null && cached.rows() == rows) {
      return cached.sql();
    }
    String row = "(?, ?, ?, ?, ?, 0, 0, 1, 'BRONZE', 0, 0, ?, 0)";
    String sql =
        "INSERT INTO shoppers (id, display_name, display_name_key, language, time_zone, coins, xp, level, vip_tier,"
            + " lifetime_spend_minor, login_streak, created_at, version) VALUES "
            + String.join(", ", Collections.nCopies(rows, row))
            + " ON CONFLICT DO NOTHING";
    lastInsertNew = new SizedSql(rows, sql);
    return sql;
  }

  private record SizedSql(int rows, String sql) {}

  @Override
  public Optional<BalanceChange.Applied> applyCoins(BalanceChange change) {
    SqlValues.requireTransaction("applyCoins");
    String update = guardedUpdate(change);
    Instant at = SqlValues.stored(change.at());
    if (isPostgres()) {
      // One statement, one round trip: the update and both ledger rows (data-modifying CTEs).
      String sql =
          "WITH "
              + balanceCtes(update, "")
              + " SELECT "
              + COLUMNS
              + ", has_companion, "
              + LEDGER_ID
              + " FROM s";
      return balanceParams(jdbc.sql(sql), change)
          .query(
              (rs, row) -> {
                noteCompanion(rs);
                return applied(change, map(rs, row), rs.getObject("ledger_id", Long.class), at);
              })
          .optional();
    }
    // H2 has no data-modifying CTEs: the update answers its row, then the ledger rows.
    Optional<Shopper> updated =
        balanceParams(
                jdbc.sql("SELECT " + COLUMNS + ", has_companion FROM FINAL TABLE (" + update + ")"),
                change)
            .query(
                (rs, row) -> {
                  noteCompanion(rs);
                  return map(rs, row);
                })
            .optional();
    return updated.map(
        shopper -> {
          Long ledgerId = null;
          if (change.coins() != 0) {
            ledgerId =
                ledger
                    .append(
                        LedgerEntry.unsaved(
                            change.shopperId(),
                            change.coins(),
                            shopper.coins(),
                            change.reason(),
                            change.reference(),
                            change.at()))
                    .id();
          }
          xpLedger.appendAfterBalanceChange(
              change.shopperId(), change.xp(), change.reason(), change.reference());
          return applied(change, shopper, ledgerId, at);
        });
  }

  private static final String LEDGER_ID = "(SELECT id FROM c) AS ledger_id";

  /**
   * A balance change answers the row as it left it, locked, with its {@code has_companion} flag
   * (set by the first companion's insert, under this lock): a shopper without one is noted for the
   * rest of the transaction, whose companion feed then runs no statement (ADR 0030); one with a
   * companion is remembered by this instance (ADR 0033).
   */
  private void noteCompanion(ResultSet rs) throws SQLException {
    if (!rs.getBoolean("has_companion")) {
      NoActiveCompanion.found(rs.getString("id"));
    } else {
      companionOwners.put(rs.getString("id"), Boolean.TRUE);
    }
  }

  /**
   * Whether a balance change on this instance found the shopper with a companion (ADR 0033); false
   * says nothing.
   */
  boolean knownToHaveCompanion(ShopperId id) {
    return companionOwners.getIfPresent(id.value()) != null;
  }

  /** The guarded balance update of {@link #applyCoins} (without its {@code RETURNING}). */
  private static String guardedUpdate(BalanceChange change) {
    StringBuilder set =
        new StringBuilder(
            "coins = coins + :coins, xp = xp + :xp,"
                + " lifetime_spend_minor = lifetime_spend_minor + :spend");
    if (change.xp() != 0) {
      // The xp row's time: never before the shopper's newest one (ADR 0031).
      set.append(", xp_at = GREATEST(COALESCE(xp_at, :at), :at)");
    }
    change.level().ifPresent(level -> set.append(", level = :level"));
    change.tier().ifPresent(tier -> set.append(", vip_tier = :tier"));
    change
        .streak()
        .ifPresent(streak -> set.append(", login_streak = :streak, last_check_in_date = :date"));
    return "UPDATE shoppers SET "
        + set
        + ", version = version + 1 WHERE id = :id"
        + " AND coins + :coins >= 0 AND xp + :xp >= 0 AND lifetime_spend_minor + :spend >= 0";
  }

  /**
   * The data-modifying CTEs {@code s} (the update, returning the row), {@code c} (the coin-ledger
   * row, returning its id) and {@code x} (the xp-ledger row, last in the shopper's (time, id)
   * order: stamped with the row's new {@code xp_at} and carrying its new xp, ADR 0031); {@code
   * condition} is appended to the update's guards.
   */
  private static String balanceCtes(String update, String condition) {
    return "s AS ("
        + update
        + condition
        + " RETURNING "
        + COLUMNS
        + ", has_companion, xp_at),"
        + " c AS (INSERT INTO coin_ledger (shopper_id, delta, balance_after, reason, reference, created_at)"
        + " SELECT id, :coins, coins, :reason, :reference, :at FROM s WHERE :coins <> 0 RETURNING id),"
        + " x AS (INSERT INTO xp_ledger (shopper_id, delta, xp_after, reason, reference, created_at)"
        + " SELECT id, :xp, xp, :reason, :reference, xp_at FROM s WHERE :xp <> 0)";
  }

  /**
   * PostgreSQL only ({@link #isPostgres}): {@code insert} (an {@code INSERT ... ON CONFLICT DO
   * NOTHING}), then {@link #applyCoins} only if it inserted its row, in one statement (H2 has no
   * data-modifying CTEs: its callers run the two statements).
   *
   * @param leading CTEs before the insert, each followed by a comma, that the insert may select
   *     from ({@code "g AS (...), "}); or {@code ""}
   * @param bindInsert binds {@code leading}'s, the insert's and {@code dependent}'s parameters
   *     (named apart from the balance's)
   * @param dependent further data-modifying CTEs ({@code ", outbox AS (...)"}) that may select from
   *     {@code s}, the updated row, so they change something only when the change was applied; or
   *     {@code ""}
   * @return empty if nothing was inserted (nothing changed), else what the change did
   * @throws org.springframework.dao.DataAccessException if the row would be inserted but the change
   *     not applied (the statement fails: nothing changes)
   */
  Optional<BalanceChange.Applied> applyCoinsAfterInsert(
      String leading,
      String insert,
      UnaryOperator<JdbcClient.StatementSpec> bindInsert,
      BalanceChange change,
      String dependent) {
    // Inside a transaction, or outside one as a statement that commits by itself (ADR 0033): the
    // callers decide. So the statement itself fails (and changes nothing) if it inserted without
    // applying the change: a division by zero, evaluated per row, never at planning.
    Instant at = SqlValues.stored(change.at());
    String sql =
        "WITH "
            + leading
            + "p AS ("
            + insert
            + " RETURNING 1 AS one), "
            + balanceCtes(guardedUpdate(change), " AND EXISTS (SELECT 1 FROM p)")
            + dependent
            + " SELECT (SELECT COUNT(*) FROM p) AS inserted, s.*, "
            + LEDGER_ID
            + ", 1 / (CASE WHEN s.id IS NULL AND EXISTS (SELECT 1 FROM p) THEN 0 ELSE 1 END)"
            + " AS applied_if_inserted"
            + " FROM (SELECT 1 AS one) o LEFT JOIN s ON TRUE";
    return bindInsert
        .apply(balanceParams(jdbc.sql(sql), change))
        .query(
            (rs, row) -> {
              if (rs.getLong("inserted") == 0) {
                return Optional.<BalanceChange.Applied>empty();
              }
              noteCompanion(rs);
              return Optional.of(
                  applied(change, map(rs, row), rs.getObject("ledger_id", Long.class), at));
            })
        .single();
  }

  private static JdbcClient.StatementSpec balanceParams(
      JdbcClient.StatementSpec spec, BalanceChange change) {
    spec.param("coins", change.coins())
        .param("xp", change.xp())
        .param("spend", change.spendMinor())
        .param("id", change.shopperId().value())
        .param("reason", change.reason().name())
        .param("reference", change.reference())
        .param("at", SqlValues.utc(change.at()));
    change.level().ifPresent(level -> spec.param("level", level));
    change.tier().ifPresent(tier -> spec.param("tier", tier.name()));
    change.streak().ifPresent(streak -> spec.param("streak", streak));
    change.checkInDate().ifPresent(date -> spec.param("date", date));
    return spec;
  }

  private static BalanceChange.Applied applied(
      BalanceChange change, Shopper shopper, Long ledgerId, Instant at) {
    Optional<LedgerEntry> entry =
        ledgerId == null
            ? Optional.empty()
            : Optional.of(
                new LedgerEntry(
                    ledgerId,
                    change.shopperId(),
                    change.coins(),
                    shopper.coins(),
                    change.reason(),
                    change.reference(),
                    at));
    return new BalanceChange.Applied(shopper, entry);
  }

  @Override
  public Shopper updateProfile(Shopper shopper) {
    return found(
        shopper.id(),
        returning(
                "UPDATE shoppers SET display_name = :displayName, display_name_key = :nameKey,"
                    + " language = :language, time_zone = :timeZone, version = version + 1 WHERE id = :id")
            .param("displayName", shopper.displayName())
            .param("nameKey", NameKeys.of(shopper.displayName()))
            .param("language", shopper.language())
            .param("timeZone", shopper.timeZone().getId())
            .param("id", shopper.id().value())
            .query(JdbcShopperRepository::map)
            .optional());
  }

  @Override
  public long count() {
    return jdbc.sql("SELECT COUNT(*) FROM shoppers").query(Long.class).single();
  }

  /** The updated row of a one-row update that must find its row. */
  private static Shopper found(ShopperId id, Optional<Shopper> updated) {
    return updated.orElseThrow(() -> new NotFoundException("shopper", id.value()));
  }

  /**
   * A one-row {@code UPDATE shoppers ...} that also answers the updated row, in one statement and
   * one round trip: {@code UPDATE ... RETURNING} on PostgreSQL, {@code SELECT ... FROM FINAL TABLE
   * (UPDATE ...)} on H2 (which has no {@code RETURNING}). Both see the row as the update left it.
   */
  private JdbcClient.StatementSpec returning(String update) {
    boolean postgres = isPostgres();
    return jdbc.sql(
        postgres
            ? update + " RETURNING " + COLUMNS
            : "SELECT " + COLUMNS + " FROM FINAL TABLE (" + update + ")");
  }

  /** Whether the database is PostgreSQL (asked once). */
  boolean isPostgres() {
    return kind.isPostgres();
  }

  private static Shopper map(ResultSet rs, int rowNum) throws SQLException {
    return new Shopper(
        new ShopperId(rs.getString("id")),
        rs.getString("display_name"),
        rs.getString("language"),
        ZoneId.of(rs.getString("time_zone")),
        rs.getLong("coins"),
        rs.getLong("xp"),
        rs.getInt("level"),
        VipTier.valueOf(rs.getString("vip_tier")),
        rs.getLong("lifetime_spend_minor"),
        rs.getInt("login_streak"),
        rs.getObject("last_check_in_date", LocalDate.class),
        SqlValues.instant(rs, "created_at"),
        rs.getLong("version"));
  }
}
