package com.mallquest.mall.application.operations;

import com.mallquest.mall.application.operations.Reconciliation.Kind;
import com.mallquest.mall.application.operations.Reconciliation.Mismatch;
import com.mallquest.mall.application.operations.Reconciliation.Tiers;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.LeaderboardCache.Held;
import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.application.port.ReconciliationRepository;
import com.mallquest.mall.application.port.ReconciliationRepository.ShopperTotals;
import com.mallquest.mall.domain.LeaderboardPeriod;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One reconciliation run's comparison of the Redis tier with the database, page by page: the
 * version Redis holds for each shopper (one MGET per page; absent or a tombstone is not cached, so
 * fine) against the row's, and each ready board's entry for each shopper (one script call per page)
 * against the database's score (one query per page).
 *
 * <p>On a live system a tier lags a commit until the outbox relay publishes it, so a page's
 * differences are only suspects. Each is confirmed by asking, in this order, the outbox (a change
 * of the shopper still pending: the relay has yet to publish it, not a mismatch), Redis again and
 * the database again. A version the database had before the outbox was asked, and that Redis still
 * lacks after, is a real lag; a version in Redis the database does not have even after Redis was
 * read is a real excess. A commit during the check causes neither.
 */
final class TierCheck {

  private static final LeaderboardPeriod[] PERIODS = LeaderboardPeriod.values();

  private final Tiers tiers;
  private final ReconciliationRepository repository;
  private final Consumer<Mismatch> found;
  private final Map<LeaderboardPeriod, LocalDate> boards = new EnumMap<>(LeaderboardPeriod.class);
  private final List<Instant> froms;
  private boolean redisChecked = true;
  private Set<LeaderboardPeriod> boardsChecked;

  /**
   * @param zone the mall's time zone (where the periods start)
   * @param found gets each confirmed mismatch
   */
  TierCheck(
      Tiers tiers, ReconciliationRepository repository, ZoneId zone, Consumer<Mismatch> found) {
    this.tiers = tiers;
    this.repository = repository;
    this.found = found;
    // The boards current when the check starts: a period that ends meanwhile is still compared with
    // its own board, which outlives it.
    Instant now = tiers.clock().instant();
    for (LeaderboardPeriod p : PERIODS) {
      boards.put(p, p.startDate(now, zone));
    }
    froms = Arrays.stream(PERIODS).map(p -> p.start(now, zone)).toList();
  }

  /** Whether Redis answered for every page so far. */
  boolean redisChecked() {
    return redisChecked;
  }

  /** The boards (period slugs) that were ready and compared on every page so far. */
  List<String> boardsChecked() {
    return boardsChecked == null
        ? List.of()
        : Arrays.stream(PERIODS)
            .filter(boardsChecked::contains)
            .map(LeaderboardPeriod::slug)
            .toList();
  }

  /** Compares a page of shoppers (already read from the database) with Redis. */
  void page(List<ShopperTotals> page) {
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
    cached
        .get()
        .forEach(
            (id, version) -> {
              if (!version.equals(database.get(id))) {
                suspects.add(id);
              }
            });
    if (suspects.isEmpty()) {
      return;
    }
    // Confirm: the outbox first, then Redis, then the database (see the class comment).
    Map<String, Long> pending =
        repository.pendingVersions(
            ChangeOutbox.Kind.SHOPPER, suspects.stream().map(ShopperId::value).toList());
    Optional<Map<ShopperId, Long>> again =
        onceMore(() -> tiers.shoppers().sharedVersions(suspects));
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
      Kind kind =
          inRedis < before
              ? Kind.CACHED_SHOPPER_STALE
              : inRedis > row.version() ? Kind.CACHED_SHOPPER_AHEAD : null;
      if (kind != null) {
        found.accept(
            new Mismatch(
                id.value(),
                "cachedVersion",
                Long.toString(row.version()),
                inRedis.toString(),
                kind));
      }
    }
  }

  private void checkBoards(List<ShopperId> ids) {
    if (!tiers.boards().enabled()) {
      return;
    }
    Optional<Map<LeaderboardPeriod, Map<ShopperId, Held>>> held =
        onceMore(() -> tiers.boards().held(boards, ids));
    if (held.isEmpty()) {
      redisChecked = false;
      boardsChecked = EnumSet.noneOf(LeaderboardPeriod.class);
      return;
    }
    Set<LeaderboardPeriod> ready =
        held.get().isEmpty()
            ? EnumSet.noneOf(LeaderboardPeriod.class)
            : EnumSet.copyOf(held.get().keySet());
    if (boardsChecked == null) {
      boardsChecked = ready;
    } else {
      boardsChecked.retainAll(ready);
    }
    if (ready.isEmpty()) {
      return;
    }
    Map<ShopperId, List<LeaderboardRepository.Versioned>> scores =
        tiers.scores().scoresOf(ids, froms);
    Map<ShopperId, Set<LeaderboardPeriod>> suspects = new LinkedHashMap<>();
    for (LeaderboardPeriod p : ready) {
      held.get()
          .get(p)
          .forEach(
              (id, entry) -> {
                if (!sameXp(entry, scores.get(id).get(p.ordinal()).score())) {
                  suspects.computeIfAbsent(id, k -> EnumSet.noneOf(LeaderboardPeriod.class)).add(p);
                }
              });
    }
    if (suspects.isEmpty()) {
      return;
    }
    // Confirm: the outbox first, then Redis, then the database (see the class comment).
    Map<String, Long> pending =
        repository.pendingVersions(
            ChangeOutbox.Kind.LEADERBOARD,
            suspects.keySet().stream().map(ShopperId::value).toList());
    Optional<Map<LeaderboardPeriod, Map<ShopperId, Held>>> again =
        onceMore(() -> tiers.boards().held(boards, suspects.keySet()));
    if (again.isEmpty()) {
      redisChecked = false;
      return;
    }
    Map<ShopperId, List<LeaderboardRepository.Versioned>> now =
        tiers.scores().scoresOf(suspects.keySet(), froms);
    suspects.forEach(
        (id, periods) -> {
          if (pending.containsKey(id.value())) {
            return;
          }
          for (LeaderboardPeriod p : periods) {
            Map<ShopperId, Held> board = again.get().get(p);
            if (board == null) {
              continue; // no longer ready: it is being rebuilt from the database
            }
            Held entry = board.get(id);
            LeaderboardRepository.Versioned before = scores.get(id).get(p.ordinal());
            LeaderboardRepository.Versioned after = now.get(id).get(p.ordinal());
            boolean lags =
                entry.version() < before.version()
                    && (before.score().isPresent() || entry.version() >= 0);
            boolean differs = entry.version() == after.version() && !sameXp(entry, after.score());
            boolean ahead = entry.version() > after.version();
            if (lags || differs || ahead) {
              found.accept(
                  new Mismatch(
                      id.value(),
                      "board." + p.slug(),
                      xp(after.score()),
                      xp(entry.xp()),
                      Kind.BOARD_ENTRY_WRONG));
            }
          }
        });
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
    return score.isPresent()
        ? entry.xp().isPresent() && entry.xp().getAsLong() == score.get().xp()
        : entry.xp().isEmpty();
  }

  private static String xp(Optional<LeaderboardScore> score) {
    return score.map(s -> Long.toString(s.xp())).orElse("absent");
  }

  private static String xp(OptionalLong xp) {
    return xp.isPresent() ? Long.toString(xp.getAsLong()) : "absent";
  }
}
