package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.PageCursor;
import com.mallquest.mall.application.port.PurchaseRepository;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.StoreId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Purchases in table {@code purchases}, unique on {@code (store_id, receipt_id)}.
 *
 * <p>A duplicate receipt is detected by {@code INSERT ... ON CONFLICT DO NOTHING} rather than by
 * catching the unique violation: on PostgreSQL a failed statement aborts the whole transaction, so
 * the caller could not go on to read the purchase that won. H2 accepts only the form without a
 * conflict target, so the statement also skips a clash on the primary key; purchase ids are random
 * UUIDs, so such a clash means the same purchase was offered twice.
 */
final class JdbcPurchaseRepository implements PurchaseRepository {

  private static final String COLUMNS =
      "id, shopper_id, store_id, receipt_id, amount_minor, currency, coins_earned, xp_earned,"
          + " created_at";

  private static final String VALUES =
      ":purchaseId, :purchaseShopperId, :purchaseStoreId, :purchaseReceiptId,"
          + " :purchaseAmountMinor, :purchaseCurrency, :purchaseCoins, :purchaseXp,"
          + " :purchaseCreatedAt";

  private static final String INSERT =
      "INSERT INTO purchases (" + COLUMNS + ") VALUES (" + VALUES + ") ON CONFLICT DO NOTHING";

  /**
   * The shopper's row, locked, if it is still at the version the caller saw and the shopper is not
   * blocked (ADR 0028). A row another transaction holds is waited for and checked again as that
   * transaction left it (PostgreSQL's {@code FOR UPDATE} under READ COMMITTED): a version that
   * moved on meanwhile makes it empty.
   */
  private static final String SEEN = seen("");

  /**
   * {@link #SEEN}, and only for a shopper without a companion: a statement that commits by itself
   * must be the purchase's only one, and a companion would be fed by a second (ADR 0033).
   */
  private static final String SEEN_WITHOUT_COMPANION = seen(" AND NOT has_companion");

  private static String seen(String condition) {
    return "g AS (SELECT 1 AS one FROM shoppers WHERE id = :purchaseShopperId"
        + " AND version = :seenVersion"
        + condition
        + " AND NOT EXISTS (SELECT 1 FROM shopper_blocks b WHERE b.shopper_id = :purchaseShopperId)"
        + " FOR UPDATE), ";
  }

  /** The purchase, only if {@link #SEEN} found the row. */
  private static final String INSERT_IF_SEEN =
      "INSERT INTO purchases (" + COLUMNS + ") SELECT " + VALUES + " FROM g ON CONFLICT DO NOTHING";

  private final JdbcClient jdbc;
  // The balance half of insertAndCredit.
  private final JdbcShopperRepository shoppers;

  // The outbox half of insertAndCredit.
  private final JdbcChangeOutbox outbox;

  JdbcPurchaseRepository(
      DataSource dataSource, JdbcShopperRepository shoppers, JdbcChangeOutbox outbox) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
    this.shoppers = Objects.requireNonNull(shoppers, "shoppers");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  @Override
  public Optional<Purchase> findById(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM purchases WHERE id = :id")
        .param("id", id)
        .query(JdbcPurchaseRepository::map)
        .optional();
  }

  @Override
  public Optional<Purchase> findByReceipt(StoreId storeId, String receiptId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM purchases"
                + " WHERE store_id = :storeId AND receipt_id = :receiptId")
        .param("storeId", storeId.value())
        .param("receiptId", receiptId)
        .query(JdbcPurchaseRepository::map)
        .optional();
  }

  @Override
  public boolean insert(Purchase purchase) {
    return bind(jdbc.sql(INSERT), purchase).update() == 1;
  }

  @Override
  public Optional<BalanceChange.Applied> insertAndCredit(
      Purchase purchase, BalanceChange credit, List<ChangeOutbox.Change> changes) {
    SqlValues.requireTransaction("insertAndCredit");
    requireSameShopper(purchase, credit);
    List<ChangeOutbox.Change> recorded = List.copyOf(changes);
    if (shoppers.isPostgres()) {
      // One statement: the insert, the credit and its ledger rows, the outbox rows.
      return inOneStatement("", INSERT, spec -> spec, purchase, credit, recorded);
    }
    // H2: the insert, the credit, the outbox rows; the same outcome.
    if (!insert(purchase)) {
      return Optional.empty();
    }
    BalanceChange.Applied credited =
        shoppers
            .applyCoins(credit)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "purchase " + purchase.id() + " inserted but its credit not applied"));
    requireVersion(credited, recorded);
    outbox.append(recorded);
    return Optional.of(credited);
  }

  @Override
  public boolean recordsUnlocked() {
    return shoppers.isPostgres();
  }

  @Override
  public Optional<BalanceChange.Applied> insertAndCreditIfAt(
      long seenVersion,
      Purchase purchase,
      BalanceChange credit,
      List<ChangeOutbox.Change> changes) {
    SqlValues.requireTransaction("insertAndCreditIfAt");
    requireSameShopper(purchase, credit);
    if (!shoppers.isPostgres()) {
      // H2 has no data-modifying CTEs: the caller locks and decides (insertAndCredit).
      return Optional.empty();
    }
    // One statement: the version and block check with the row's lock, the insert, the credit and
    // its ledger rows, the outbox rows.
    return ifSeen(SEEN, seenVersion, purchase, credit, changes);
  }

  @Override
  public Optional<BalanceChange.Applied> insertAndCreditAloneIfAt(
      long seenVersion,
      Purchase purchase,
      BalanceChange credit,
      List<ChangeOutbox.Change> changes) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("insertAndCreditAloneIfAt must run outside a transaction");
    }
    requireSameShopper(purchase, credit);
    if (!shoppers.isPostgres() || shoppers.knownToHaveCompanion(purchase.shopperId())) {
      // H2 cannot do it in one statement; a companion's feed would be a second statement.
      return Optional.empty();
    }
    // One statement, committed by itself: the version, companion and block check with the row's
    // lock, the insert, the credit and its ledger rows, the outbox rows.
    return ifSeen(SEEN_WITHOUT_COMPANION, seenVersion, purchase, credit, changes);
  }

  /** PostgreSQL: the purchase's one statement, if {@code seen} finds the row at the version. */
  private Optional<BalanceChange.Applied> ifSeen(
      String seen,
      long seenVersion,
      Purchase purchase,
      BalanceChange credit,
      List<ChangeOutbox.Change> changes) {
    return inOneStatement(
        seen,
        INSERT_IF_SEEN,
        spec -> spec.param("seenVersion", seenVersion),
        purchase,
        credit,
        List.copyOf(changes));
  }

  /**
   * PostgreSQL: {@code leading}, the purchase's {@code insert}, the credit and the outbox rows in
   * one statement; the relay woken after the commit if it recorded any.
   */
  private Optional<BalanceChange.Applied> inOneStatement(
      String leading,
      String insert,
      UnaryOperator<JdbcClient.StatementSpec> bindLeading,
      Purchase purchase,
      BalanceChange credit,
      List<ChangeOutbox.Change> recorded) {
    Optional<BalanceChange.Applied> applied =
        shoppers.applyCoinsAfterInsert(
            leading,
            insert,
            spec -> bindLeading.apply(outbox.bindInCte(bind(spec, purchase), recorded)),
            credit,
            recorded.isEmpty() ? "" : JdbcChangeOutbox.insertCte("s", recorded.size()));
    applied.ifPresent(a -> requireVersion(a, recorded));
    if (applied.isPresent() && !recorded.isEmpty()) {
      outbox.wakeAfterCommit();
    }
    return applied;
  }

  private static void requireSameShopper(Purchase purchase, BalanceChange credit) {
    if (!purchase.shopperId().equals(credit.shopperId())) {
      throw new IllegalArgumentException("the credit must be the purchase's shopper's");
    }
  }

  /** The changes were made for the version the credit gave the row (the caller held the lock). */
  private static void requireVersion(
      BalanceChange.Applied applied, List<ChangeOutbox.Change> changes) {
    long version = applied.shopper().version();
    for (ChangeOutbox.Change change : changes) {
      if (change.version() != version) {
        throw new IllegalStateException(
            "outbox change for version "
                + change.version()
                + " but the credit made version "
                + version
                + " of "
                + applied.shopper().id().value());
      }
    }
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Purchase purchase) {
    return spec.param("purchaseId", purchase.id())
        .param("purchaseShopperId", purchase.shopperId().value())
        .param("purchaseStoreId", purchase.storeId().value())
        .param("purchaseReceiptId", purchase.receiptId())
        .param("purchaseAmountMinor", purchase.amountMinor())
        .param("purchaseCurrency", purchase.currency())
        .param("purchaseCoins", purchase.coinsEarned())
        .param("purchaseXp", purchase.xpEarned())
        .param("purchaseCreatedAt", SqlValues.utc(purchase.createdAt()));
  }

  @Override
  public List<Purchase> findByShopper(ShopperId shopperId, Optional<PageCursor> before, int limit) {
    return SqlValues.newestFirst(
        jdbc,
        "purchases",
        COLUMNS,
        shopperId,
        before,
        id -> id,
        limit,
        JdbcPurchaseRepository::map);
  }

  private static Purchase map(ResultSet rs, int rowNum) throws SQLException {
    return new Purchase(
        rs.getString("id"),
        new ShopperId(rs.getString("shopper_id")),
        new StoreId(rs.getString("store_id")),
        rs.getString("receipt_id"),
        rs.getLong("amount_minor"),
        rs.getString("currency"),
        rs.getLong("coins_earned"),
        rs.getLong("xp_earned"),
        SqlValues.instant(rs, "created_at"));
  }
}
