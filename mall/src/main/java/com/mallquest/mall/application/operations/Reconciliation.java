package com.mallquest.mall.application.operations;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.ChangeOutbox.Change;
import com.mallquest.mall.application.port.LeaderboardCache;
import com.mallquest.mall.application.port.LeaderboardCache.Held;
import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.application.port.ReconciliationRepository;
import com.mallquest.mall.application.port.ReconciliationRepository.ShopperTotals;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.EarningRules;
import com.mallquest.mall.domain.LeaderboardPeriod;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.VipTier;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Checks every shopper's stored figures against what they must be, an operator's "is the money
 * right, and do the caches say so?" after a fault:
 *
 * <ul>
 *   <li>{@code coins} equals the sum of the shopper's coin ledger;
 *   <li>{@code level} equals {@link EarningRules#levelForXp(long)} of the stored xp;
 *   <li>{@code vipTier} is at least {@link EarningRules#tierFor} of the lifetime spend (a higher
 *       tier is consistent: tiers are never lowered, see {@code Shopper.applyPurchase});
 *   <li>with the shared tier (Redis) configured: the version Redis holds for the shopper, if any,
 *       is the database row's ({@link Kind#CACHED_SHOPPER_STALE}, {@link Kind#CACHED_SHOPPER_AHEAD});
 *   <li>on each current leaderboard that is ready in Redis, the shopper's entry (xp, or no entry when
 *       they earned no xp in the period) is the database's score ({@link Kind#BOARD_ENTRY_WRONG}).
 * </ul>
 *
 * <p>Reads in pages of {@link #DEFAULT_PAGE_SIZE} shoppers in id order, with the ledger sums
 * computed by the database, so memory stays flat however many shoppers there are; per page, Redis
 * is read once for the shoppers' versions (one MGET) and once for their board entries (one script
 * call), and the boards' scores come from one query. The check reads committed data without
 * locking; run on a live system, a purchase committing between the balance and the ledger read
 * cannot show as a mismatch because both are read by one statement.
 *
 * <p>On a live system a tier also lags a commit until the outbox relay publishes it. So a page's
 * differences are only suspects: they are confirmed by asking, in this order, the outbox (a change
 * of the shopper still pending means the relay has yet to publish it: not a mismatch), Redis again
 * and the database again. A version that the database had before the outbox was asked, and that
 * Redis still lacks after, is a real lag; a version in Redis that the database does not have even
 * after Redis was read is a real excess. Neither can be caused by a commit during the check.
 *
 * <p>{@link #repair()} runs the check and appends a {@code SHOPPER} and/or {@code LEADERBOARD}
 * change for each shopper whose tier entry differs to the outbox, in one transaction: the relay then
 * publishes the current rows, version-ordered, as for any change. It cannot lower a tier that holds
 * a <em>newer</em> version than the database (after a database restore), nor repair the database's
 * own figures; those stay in the report.
 */
public final class Reconciliation {

  /** Shoppers read per query. */
  public static final int DEFAULT_PAGE_SIZE = 500;

  /** Mismatches listed in a report; the total is always counted. */
  public static final int DEFAULT_MAX_LISTED = 100;

  /** Changes one repair appends at most; the answer says how many shoppers remain (run it again). */
  public static final int MAX_REPAIRED = 50_000;

  /** What is wrong. */
  public enum Kind {
    /** The balance is not the sum of the coin ledger. */
    COINS_NOT_LEDGER_SUM,
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
   * @param field {@code coins}, {@code level}, {@code vipTier}, {@code cachedVersion}, or {@code
   *     board.<period>} (e.g. {@code board.week})
   * @param expected what it must be (the database's; {@code absent} for no board entry)
   * @param actual what is stored (in the database, or in Redis)
   * @param kind what is wrong
   */
  public record Mismatch(String shopperId, String field, String expected, String actual, Kind kind) {}

  /**
   * The outcome.
   *
   * @param shoppersChecked how many shoppers were checked
   * @param mismatchCount all mismatches found
   * @param mismatches the first of them, at most the configured number
   * @param redisChecked whether Redis's shopper entries were compared for every page (false without
   *     Redis, or if it could not be read for some page)
   * @param boardsChecked the boards (period slugs) that were ready in Redis and compared on every page
   */
  public record Report(long shoppersChecked, long mismatchCount, List<Mismatch> mismatches, boolean redisChecked,
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
  public record Repair(long shopperChanges, long leaderboardChanges, List<String> shopperIds, long notRepairable,
      long remaining, Report check) {

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
  public record Tiers(ShopperCache shoppers, ShopperRepository shopperRows, LeaderboardCache boards,
      LeaderboardRepository scores, ChangeOutbox outbox, Transactions transactions, Clock clock) {

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

  private static final LeaderboardPeriod[] PERIODS = LeaderboardPeriod.values();

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
  public Reconciliation(ReconciliationRepository repository, MallSettings settings, int pageSize, int maxListed) {
    this(repository, settings, null, pageSize, maxListed);
  }

  /**
   * The database's figures and the cache tiers, with a page size and list cap, both at least 1.
   *
   * @param tiers the tiers to compare too; null for the database only
   */
  public Reconciliation(ReconciliationRepository repository, MallSettings settings, Tiers tiers, int pageSize,
      int maxListed) {
    if (pageSize < 1 || maxListed < 1) {
      throw new IllegalArgumentException("pageSize and maxListed must be >= 1, were " + pageSize + ", " + maxListed);
    }
    this.repository = Objects.requireNonNull(repository, "repository");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tiers = tiers;
    this.pageSize = pageSize;
    this.maxListed = maxListed;
  }

  /** Checks all shoppers. */
  public Report run() {
    return run(m -> { });
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
    Report check = run(m -> {
      if (!m.kind().republishable()) {
        notRepairable[0]++;
        return;
      }
      Set<String> target = m.kind() == Kind.CACHED_SHOPPER_STALE ? cacheRepairs : boardRepairs;
      boolean known = cacheRepairs.contains(m.shopperId()) || boardRepairs.contains(m.shopperId());
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
    tiers.transactions().inTransaction(() -> {
      Map<ShopperId, Shopper> rows = tiers.shopperRows().findAllById(shoppers.stream().map(ShopperId::new).toList());
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
    return new Repair(cacheRepairs.size(), boardRepairs.size(), shoppers.stream().limit(maxListed).toList(),
        notRepairable[0], overflow.size(), check);
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
      if (tiers != null && !page.isEmpty()) {
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
    if (s.coins() != s.ledgerSum()) {
      found.add(new Mismatch(s.shopperId(), "coins", Long.toString(s.ledgerSum()), Long.toString(s.coins()),
          Kind.COINS_NOT_LEDGER_SUM));
    }
    int level = rules.levelForXp(s.xp());
    if (s.level() != level) {
      found.add(new Mismatch(s.shopperId(), "level", Integer.toString(level), Integer.toString(s.level()),
          Kind.LEVEL_NOT_FOR_XP));
    }
    VipTier tier = rules.tierFor(s.lifetimeSpendMinor(), settings.currency());
    if (s.vipTier().compareTo(tier) < 0) {
      found.add(new Mismatch(s.shopperId(), "vipTier", "at least " + tier.name(), s.vipTier().name(),
          Kind.TIER_BELOW_SPEND));
    }
    return found;
  }

  /** One run's state: counts, the listed mismatches, which tiers could be compared. */
  private final class Run {
    private final Consumer<Mismatch> each;
    private final List<Mismatch> listed = new ArrayList<>();
    private final Map<LeaderboardPeriod, LocalDate> boards = new EnumMap<>(LeaderboardPeriod.class);
    private final List<Instant> froms;
    private long checked;
    private long total;
    private boolean redisChecked = tiers != null;
    private Set<LeaderboardPeriod> boardsChecked;

    Run(Consumer<Mismatch> each) {
      this.each = each;
      if (tiers == null) {
        froms = List.of();
        return;
      }
      // The boards current when the check starts: a period that ends meanwhile is still compared
      // with its own board, which outlives it.
      Instant now = tiers.clock().instant();
      for (LeaderboardPeriod p : PERIODS) {
        boards.put(p, p.startDate(now, settings.zone()));
      }
      froms = Arrays.stream(PERIODS).map(p -> p.start(now, settings.zone())).toList();
    }

    void found(Mismatch m) {
      total++;
      if (listed.size() < maxListed) {
        listed.add(m);
      }
      each.accept(m);
    }

    Report report() {
      List<String> slugs = boardsChecked == null ? List.of()
          : Arrays.stream(PERIODS).filter(boardsChecked::contains).map(LeaderboardPeriod::slug).toList();
      return new Report(checked, total, listed, redisChecked && checked > 0, slugs);
    }

    void checkTiers(List<ShopperTotals> page) {
      List<ShopperId> ids = page.stream().map(s -> new ShopperId(s.shopperId())).toList();
      Map<ShopperId, Long> versions = new LinkedHashMap<>();
      page.forEach(s -> versions.put(new ShopperId(s.shopperId()), s.version()));
      checkCachedShoppers(ids, versions);
      checkBoards(ids);
    }

    private void checkCachedShoppers(List<ShopperId> ids, Map<ShopperId, Long> database) {
      Optional<Map<ShopperId, Long>> cached = onceMore(() -> tiers.shoppers().sharedVersions(ids));
      if (cached.isEmpty()) {
        redisChecked = false;
        return;
      }
      List<ShopperId> suspects = new ArrayList<>();
      cached.get().forEach((id, version) -> {
        if (!version.equals(database.get(id))) {
          suspects.add(id);
        }
      });
      if (suspects.isEmpty()) {
        return;
      }
      // Confirm: the outbox first, then Redis, then the database (see the class comment).
      Map<String, Long> pending = repository.pendingVersions(ChangeOutbox.Kind.SHOPPER,
          suspects.stream().map(ShopperId::value).toList());
      Optional<Map<ShopperId, Long>> again = onceMore(() -> tiers.shoppers().sharedVersions(suspects));
      if (again.isEmpty()) {
        redisChecked = false;
        return;
      }
      Map<ShopperId, Shopper> rows = tiers.shopperRows().findAllById(suspects);
      for (ShopperId id : suspects) {
        Long inRedis = again.get().get(id);
        Shopper row = rows.get(id);
        long before = database.get(id);
        if (inRedis == null || row == null || pending.getOrDefault(id.value(), -1L) >= before) {
          continue;
        }
        if (inRedis < before) {
          found(new Mismatch(id.value(), "cachedVersion", Long.toString(row.version()), Long.toString(inRedis),
              Kind.CACHED_SHOPPER_STALE));
        } else if (inRedis > row.version()) {
          found(new Mismatch(id.value(), "cachedVersion", Long.toString(row.version()), Long.toString(inRedis),
              Kind.CACHED_SHOPPER_AHEAD));
        }
      }
    }

    private void checkBoards(List<ShopperId> ids) {
      if (!tiers.boards().enabled()) {
        return;
      }
      Optional<Map<LeaderboardPeriod, Map<ShopperId, Held>>> held = onceMore(() -> tiers.boards().held(boards, ids));
      if (held.isEmpty()) {
        redisChecked = false;
        boardsChecked = EnumSet.noneOf(LeaderboardPeriod.class);
        return;
      }
      Set<LeaderboardPeriod> ready = held.get().isEmpty() ? EnumSet.noneOf(LeaderboardPeriod.class)
          : EnumSet.copyOf(held.get().keySet());
      if (boardsChecked == null) {
        boardsChecked = ready;
      } else {
        boardsChecked.retainAll(ready);
      }
      if (ready.isEmpty()) {
        return;
      }
      Map<ShopperId, List<LeaderboardRepository.Versioned>> scores = tiers.scores().scoresOf(ids, froms);
      Map<ShopperId, Set<LeaderboardPeriod>> suspects = new LinkedHashMap<>();
      for (LeaderboardPeriod p : ready) {
        held.get().get(p).forEach((id, entry) -> {
          if (!sameXp(entry, scores.get(id).get(p.ordinal()).score())) {
            suspects.computeIfAbsent(id, k -> EnumSet.noneOf(LeaderboardPeriod.class)).add(p);
          }
        });
      }
      if (suspects.isEmpty()) {
        return;
      }
      // Confirm: the outbox first, then Redis, then the database (see the class comment).
      Map<String, Long> pending = repository.pendingVersions(ChangeOutbox.Kind.LEADERBOARD,
          suspects.keySet().stream().map(ShopperId::value).toList());
      Optional<Map<LeaderboardPeriod, Map<ShopperId, Held>>> again =
          onceMore(() -> tiers.boards().held(boards, suspects.keySet()));
      if (again.isEmpty()) {
        redisChecked = false;
        return;
      }
      Map<ShopperId, List<LeaderboardRepository.Versioned>> now = tiers.scores().scoresOf(suspects.keySet(), froms);
      suspects.forEach((id, periods) -> {
        if (pending.containsKey(id.value())) {
          return;
        }
        for (LeaderboardPeriod p : periods) {
          Map<ShopperId, Held> board = again.get().get(p);
          if (board == null) {
            continue;  // no longer ready: it is being rebuilt from the database
          }
          Held entry = board.get(id);
          LeaderboardRepository.Versioned before = scores.get(id).get(p.ordinal());
          LeaderboardRepository.Versioned after = now.get(id).get(p.ordinal());
          boolean lags = entry.version() < before.version() && (before.score().isPresent() || entry.version() >= 0);
          boolean differs = entry.version() == after.version() && !sameXp(entry, after.score());
          boolean ahead = entry.version() > after.version();
          if (lags || differs || ahead) {
            found(new Mismatch(id.value(), "board." + p.slug(), xp(after.score()), xp(entry.xp()),
                Kind.BOARD_ENTRY_WRONG));
          }
        }
      });
    }
  }

  /**
   * A Redis read, asked a second time if the first got no answer: one command that outlived the
   * short request-path timeout on a busy machine should not leave a page unchecked.
   */
  private static <T> Optional<T> onceMore(Supplier<Optional<T>> read) {
    Optional<T> first = read.get();
    return first.isPresent() ? first : read.get();
  }

  private static boolean sameXp(Held entry, Optional<LeaderboardScore> score) {
    return score.isPresent() ? entry.xp().isPresent() && entry.xp().getAsLong() == score.get().xp()
        : entry.xp().isEmpty();
  }

  private static String xp(Optional<LeaderboardScore> score) {
    return score.map(s -> Long.toString(s.xp())).orElse("absent");
  }

  private static String xp(OptionalLong xp) {
    return xp.isPresent() ? Long.toString(xp.getAsLong()) : "absent";
  }
}
