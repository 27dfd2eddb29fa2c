package com.mallquest.mall.application.operations;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.ChangeOutbox.Change;
import com.mallquest.mall.application.port.LeaderboardCache;
import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.application.port.ReconciliationRepository;
import com.mallquest.mall.application.port.ReconciliationRepository.ShopperTotals;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.EarningRules;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.VipTier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks every shopper's stored figures against what they must be, an operator's "is the money
 * right, and do the caches say so?" after a fault:
 *
 * <ul>
 *   <li>{@code coins} equals the sum of the shopper's coin ledger;
 *   <li>{@code xp} equals the sum of the shopper's xp ledger, and the running total of their newest
 *       xp row (the boards' scores are differences of running totals, ADR 0031);
 *   <li>the {@code has_companion} flag says whether the shopper has a companion (a purchase feeds a
 *       companion only when it is set, ADR 0030);
 *   <li>{@code level} equals {@link EarningRules#levelForXp(long)} of the stored xp;
 *   <li>{@code vipTier} is at least {@link EarningRules#tierFor} of the lifetime spend (a higher
 *       tier is consistent: tiers are never lowered, see {@code Shopper.applyPurchase});
 *   <li>with the shared tier (Redis) configured: the version Redis holds for the shopper, if any,
 *       is the database row's ({@link Kind#CACHED_SHOPPER_STALE}, {@link
 *       Kind#CACHED_SHOPPER_AHEAD});
 *   <li>on each current leaderboard that is ready in Redis, the shopper's entry (xp, or no entry
 *       when they earned no xp in the period) is the database's score ({@link
 *       Kind#BOARD_ENTRY_WRONG}).
 * </ul>
 *
 * <p>Reads in pages of {@link #DEFAULT_PAGE_SIZE} shoppers in id order, with the ledger sums
 * computed by the database, so memory stays flat however many shoppers there are; per page, Redis
 * is read once for the shoppers' versions (one MGET) and once for their board entries (one script
 * call), and the boards' scores come from one query ({@code TierCheck}, which also tells a change
 * the relay has yet to publish from a real mismatch). The check reads committed data without
 * locking; run on a live system, a purchase committing between the balance and the ledger read
 * cannot show as a mismatch because both are read by one statement.
 *
 * <p>{@link #repair()} runs the check and appends a {@code SHOPPER} and/or {@code LEADERBOARD}
 * change for each shopper whose tier entry differs to the outbox, in one transaction: the relay
 * then publishes the current rows, version-ordered, as for any change. It cannot lower a tier that
 * holds a <em>newer</em> version than the database (after a database restore), nor repair the
 * database's own figures; those stay in the report.
 */
public final class Reconciliation {

  /** Shoppers read per query. */
  public static final int DEFAULT_PAGE_SIZE = 500;

  /** Mismatches listed in a report; the total is always counted. */
  public static final int DEFAULT_MAX_LISTED = 100;

  /**
   * Changes one repair appends at most; the answer says how many shoppers remain (run it again).
   */
  public static final int MAX_REPAIRED = 50_000;

  /** What is wrong. */
  public enum Kind {
    /** The balance is not the sum of the coin ledger. */
    COINS_NOT_LEDGER_SUM,
    /** The xp is not the sum of the xp ledger. */
    XP_NOT_LEDGER_SUM,
    /** The newest xp row's running total is not the xp: the boards' scores would be wrong. */
    XP_RUNNING_TOTAL_WRONG,
    /** The companion flag does not say whether the shopper has a companion. */
    COMPANION_FLAG_WRONG,
    /** The level is not the one the xp gives. */
    LEVEL_NOT_FOR_XP,
    /** The VIP tier is below the one the lifetime spend gives. */
    TIER_BELOW_SPEND,
    /** Redis holds an older version of the shopper than the database. */
    CACHED_SHOPPER_STALE,
    /** Redis holds a version of the shopper the database does not have (e.g. after a restore). */
    CACHED_SHOPPER_AHEAD,
    /** A ready board in Redis ranks the shopper otherwise than the database's score. */
    BOARD_ENTRY_WRONG;

    /** Whether appending the shopper's changes to the outbox again fixes it. */
    boolean republishable() {
      return this == CACHED_SHOPPER_STALE || this == BOARD_ENTRY_WRONG;
    }
  }

  /**
   * One figure that is not what it must be.
   *
   * @param shopperId whose
   * @param field {@code coins}, {@code xp}, {@code xpAfter}, {@code hasCompanion}, {@code level},
   *     {@code vipTier}, {@code cachedVersion}, or {@code board.<period>} (e.g. {@code board.week})
   * @param expected what it must be (the database's; {@code absent} for no board entry)
   * @param actual what is stored (in the database, or in Redis)
   * @param kind what is wrong
   */
  public record Mismatch(
      String shopperId, String field, String expected, String actual, Kind kind) {}

  /**
   * The outcome.
   *
   * @param shoppersChecked how many shoppers were checked
   * @param mismatchCount all mismatches found
   * @param mismatches the first of them, at most the configured number
   * @param redisChecked whether Redis's shopper entries were compared for every page (false without
   *     Redis, or if it could not be read for some page)
   * @param boardsChecked the boards (period slugs) that were ready in Redis and compared on every
   *     page
   */
  public record Report(
      long shoppersChecked,
      long mismatchCount,
      List<Mismatch> mismatches,
      boolean redisChecked,
      List<String> boardsChecked) {

    /** Copies the lists. */
    public Report {
      mismatches = List.copyOf(mismatches);
      boardsChecked = List.copyOf(boardsChecked);
    }

    /** Whether everything matched. */
    public boolean clean() {
      return mismatchCount == 0;
    }
  }

  /**
   * What a repair queued.
   *
   * @param shopperChanges {@code SHOPPER} changes appended (the shopper's cache entry)
   * @param leaderboardChanges {@code LEADERBOARD} changes appended (the shopper's board entries)
   * @param shopperIds the shoppers they are for, the first of them (at most the list cap)
   * @param notRepairable mismatches that republishing cannot fix (database figures, newer Redis)
   * @param remaining mismatched shoppers left for another run (beyond {@link #MAX_REPAIRED})
   * @param check the check the repair is based on
   */
  public record Repair(
      long shopperChanges,
      long leaderboardChanges,
      List<String> shopperIds,
      long notRepairable,
      long remaining,
      Report check) {

    /** Copies the list. */
    public Repair {
      shopperIds = List.copyOf(shopperIds);
    }
  }

  /**
   * The cache tiers to compare and the outbox to repair them through.
   *
   * @param shoppers the shoppers' cache (its shared tier's versions)
   * @param shopperRows the shoppers' rows, read again to confirm a difference
   * @param boards the leaderboards in Redis
   * @param scores the leaderboards' scores from the database
   * @param outbox where a repair appends changes
   * @param transactions the repair's transaction
   * @param clock which boards are current
   */
  public record Tiers(
      ShopperCache shoppers,
      ShopperRepository shopperRows,
      LeaderboardCache boards,
      LeaderboardRepository scores,
      ChangeOutbox outbox,
      Transactions transactions,
      Clock clock) {

    /** Checks that none is null. */
    public Tiers {
      Objects.requireNonNull(shoppers, "shoppers");
      Objects.requireNonNull(shopperRows, "shopperRows");
      Objects.requireNonNull(boards, "boards");
      Objects.requireNonNull(scores, "scores");
      Objects.requireNonNull(outbox, "outbox");
      Objects.requireNonNull(transactions, "transactions");
      Objects.requireNonNull(clock, "clock");
    }
  }

  private final ReconciliationRepository repository;
  private final MallSettings settings;
  private final Tiers tiers;
  private final int pageSize;
  private final int maxListed;

  /** The database's figures only, with the default page size and list cap. */
  public Reconciliation(ReconciliationRepository repository, MallSettings settings) {
    this(repository, settings, null, DEFAULT_PAGE_SIZE, DEFAULT_MAX_LISTED);
  }

  /** The database's figures only, with a page size and list cap, both at least 1. */
  public Reconciliation(
      ReconciliationRepository repository, MallSettings settings, int pageSize, int maxListed) {
    this(repository, settings, null, pageSize, maxListed);
  }

  /**
   * The database's figures and the cache tiers, with a page size and list cap, both at least 1.
   *
   * @param tiers the tiers to compare too; null for the database only
   */
  public Reconciliation(
      ReconciliationRepository repository,
      MallSettings settings,
      Tiers tiers,
      int pageSize,
      int maxListed) {
    if (pageSize < 1 || maxListed < 1) {
      throw new IllegalArgumentException(
          "pageSize and maxListed must be >= 1, were " + pageSize + ", " + maxListed);
    }
    this.repository = Objects.requireNonNull(repository, "repository");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tiers = tiers;
    this.pageSize = pageSize;
    this.maxListed = maxListed;
  }

  /** Checks all shoppers. */
  public Report run() {
    return run(m -> {});
  }

  /**
   * Runs the check and appends a change to the outbox for every shopper whose cache entry or board
   * entry differs (one transaction), so that the relay publishes their current rows.
   */
  public Repair repair() {
    Set<String> cacheRepairs = new LinkedHashSet<>();
    Set<String> boardRepairs = new LinkedHashSet<>();
    Set<String> overflow = new LinkedHashSet<>();
    long[] notRepairable = new long[1];
    Report check =
        run(
            m -> {
              if (!m.kind().republishable()) {
                notRepairable[0]++;
                return;
              }
              Set<String> target =
                  m.kind() == Kind.CACHED_SHOPPER_STALE ? cacheRepairs : boardRepairs;
              boolean known =
                  cacheRepairs.contains(m.shopperId()) || boardRepairs.contains(m.shopperId());
              if (known || cacheRepairs.size() + boardRepairs.size() < MAX_REPAIRED) {
                target.add(m.shopperId());
              } else {
                overflow.add(m.shopperId());
              }
            });
    if (tiers == null || cacheRepairs.isEmpty() && boardRepairs.isEmpty()) {
      return new Repair(0, 0, List.of(), notRepairable[0], overflow.size(), check);
    }
    Set<String> shoppers = new LinkedHashSet<>(cacheRepairs);
    shoppers.addAll(boardRepairs);
    tiers
        .transactions()
        .inTransaction(
            () -> {
              Map<ShopperId, Shopper> rows =
                  tiers.shopperRows().findAllById(shoppers.stream().map(ShopperId::new).toList());
              List<Change> changes = new ArrayList<>(cacheRepairs.size() + boardRepairs.size());
              for (String id : cacheRepairs) {
                changes.add(Change.of(ChangeOutbox.Kind.SHOPPER, id, versionOf(rows, id)));
              }
              for (String id : boardRepairs) {
                changes.add(Change.of(ChangeOutbox.Kind.LEADERBOARD, id, versionOf(rows, id)));
              }
              tiers.outbox().append(changes);
              return null;
            });
    return new Repair(
        cacheRepairs.size(),
        boardRepairs.size(),
        shoppers.stream().limit(maxListed).toList(),
        notRepairable[0],
        overflow.size(),
        check);
  }

  private static long versionOf(Map<ShopperId, Shopper> rows, String id) {
    Shopper row = rows.get(new ShopperId(id));
    return row == null ? 0 : row.version();
  }

  /** Checks all shoppers, handing every mismatch (not only the listed ones) to {@code each}. */
  public Report run(Consumer<Mismatch> each) {
    Run run = new Run(each);
    Optional<String> after = Optional.empty();
    while (true) {
      List<ShopperTotals> page = repository.page(after, pageSize);
      for (ShopperTotals shopper : page) {
        run.checked++;
        check(shopper).forEach(run::found);
      }
      if (!page.isEmpty()) {
        run.checkTiers(page);
      }
      if (page.size() < pageSize) {
        return run.report();
      }
      after = Optional.of(page.get(page.size() - 1).shopperId());
    }
  }

  private List<Mismatch> check(ShopperTotals s) {
    List<Mismatch> found = new ArrayList<>(0);
    EarningRules rules = settings.rules();
    Figures figures = new Figures(s.shopperId(), found);
    figures.equal("coins", s.ledgerSum(), s.coins(), Kind.COINS_NOT_LEDGER_SUM);
    figures.equal("xp", s.xpLedgerSum(), s.xp(), Kind.XP_NOT_LEDGER_SUM);
    figures.equal("xpAfter", s.xp(), s.xpAfterNewest(), Kind.XP_RUNNING_TOTAL_WRONG);
    figures.equal("hasCompanion", s.ownsCompanion(), s.hasCompanion(), Kind.COMPANION_FLAG_WRONG);
    figures.equal("level", rules.levelForXp(s.xp()), s.level(), Kind.LEVEL_NOT_FOR_XP);
    VipTier tier = rules.tierFor(s.lifetimeSpendMinor(), settings.currency());
    if (s.vipTier().compareTo(tier) < 0) {
      found.add(
          new Mismatch(
              s.shopperId(),
              "vipTier",
              "at least " + tier.name(),
              s.vipTier().name(),
              Kind.TIER_BELOW_SPEND));
    }
    return found;
  }

  /**
   * One shopper's figures, compared one by one; a difference is added to {@code found}. Typed, so
   * that an {@code int} and a {@code long} of the same value compare equal (boxed, they would not).
   */
  private record Figures(String shopperId, List<Mismatch> found) {
    void equal(String field, long expected, long actual, Kind kind) {
      if (expected != actual) {
        add(field, Long.toString(expected), Long.toString(actual), kind);
      }
    }

    void equal(String field, boolean expected, boolean actual, Kind kind) {
      if (expected != actual) {
        add(field, Boolean.toString(expected), Boolean.toString(actual), kind);
      }
    }

    private void add(String field, String expected, String actual, Kind kind) {
      found.add(new Mismatch(shopperId, field, expected, actual, kind));
    }
  }

  /** One run's state: counts and the listed mismatches. */
  private final class Run {
    private final Consumer<Mismatch> each;
    private final List<Mismatch> listed = new ArrayList<>();
    private final TierCheck tierCheck;
    private long checked;
    private long total;

    Run(Consumer<Mismatch> each) {
      this.each = each;
      this.tierCheck =
          tiers == null ? null : new TierCheck(tiers, repository, settings.zone(), this::found);
    }

    void found(Mismatch m) {
      total++;
      if (listed.size() < maxListed) {
        listed.add(m);
      }
      each.accept(m);
    }

    void checkTiers(List<ShopperTotals> page) {
      if (tierCheck != null) {
        tierCheck.page(page);
      }
    }

    Report report() {
      return tierCheck == null
          ? new Report(checked, total, listed, false, List.of())
          : new Report(
              checked,
              total,
              listed,
              tierCheck.redisChecked() && checked > 0,
              tierCheck.boardsChecked());
    }
  }
}
