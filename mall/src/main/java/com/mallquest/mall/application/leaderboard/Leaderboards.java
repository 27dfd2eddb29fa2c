package com.mallquest.mall.application.leaderboard;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.port.LeaderboardCache;
import com.mallquest.mall.application.port.LeaderboardCache.Standing;
import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LeaderboardPeriod;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaderboards by xp earned: all-time, this week, this month (mall time zone).
 *
 * <p>Order (the tie rule, {@link LeaderboardScore#RANKING}): higher xp first, then who reached it
 * earlier (the time of the shopper's last xp row in the period), then shopper id.
 *
 * <p>The reads of the boards: from the cache (Redis) when its board is ready, else from the
 * database with the same order, and then the board is rebuilt in the background. Two reads in one
 * class, not two use cases, because both take the same way (cache or database, then one background
 * rebuild per board, tracked here). The writes are {@link LeaderboardPublisher}'s.
 */
public final class Leaderboards {

  /** Most entries in a top list. */
  public static final int MAX_LIMIT = 100;

  /** Most neighbours on each side of a shopper. */
  public static final int MAX_NEIGHBOURS = 50;

  private static final Logger log = LoggerFactory.getLogger(Leaderboards.class);

  /**
   * A line of a board.
   *
   * @param rank 1-based
   * @param shopperId who
   * @param displayName their display name
   * @param xp xp in the period
   * @param reachedAt when they reached it
   */
  public record Entry(
      long rank, ShopperId shopperId, String displayName, long xp, Instant reachedAt) {}

  /**
   * A top list.
   *
   * @param period the period
   * @param from when it started
   * @param entries best first
   * @param source {@code redis} or {@code database}
   */
  public record Board(LeaderboardPeriod period, Instant from, List<Entry> entries, String source) {}

  /**
   * A shopper's place.
   *
   * @param period the period
   * @param from when it started
   * @param shopper the shopper's line; rank 0 and xp 0 if they earned no xp in the period
   * @param above the neighbours before, best first
   * @param below the neighbours after, best first
   * @param source {@code redis} or {@code database}
   */
  public record Place(
      LeaderboardPeriod period,
      Instant from,
      Entry shopper,
      List<Entry> above,
      List<Entry> below,
      String source) {}

  private final LeaderboardRepository repository;
  private final LeaderboardCache cache;
  private final ShopperRepository shoppers;
  private final MallSettings settings;
  private final Clock clock;
  private final Executor background;
  private final Set<String> rebuilding = ConcurrentHashMap.newKeySet();

  /**
   * With its ports.
   *
   * @param background runs the rebuilds off the request thread
   */
  public Leaderboards(
      LeaderboardRepository repository,
      LeaderboardCache cache,
      ShopperRepository shoppers,
      MallSettings settings,
      Clock clock,
      Executor background) {
    this.repository = repository;
    this.cache = cache;
    this.shoppers = shoppers;
    this.settings = settings;
    this.clock = clock;
    this.background = background;
  }

  /** The best {@code limit} of a period. */
  public Board top(String periodSlug, int limit) {
    LeaderboardPeriod period = LeaderboardPeriod.of(periodSlug);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException(
          "limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    Instant now = clock.instant();
    Instant from = period.start(now, settings.zone());
    LocalDate start = period.startDate(now, settings.zone());
    Optional<List<LeaderboardScore>> cached =
        cache.enabled() ? cache.top(period, start, limit) : Optional.empty();
    if (cached.isPresent()) {
      return new Board(period, from, entries(cached.get(), 1), "redis");
    }
    rebuildLater(period, start, from);
    return new Board(period, from, entries(repository.top(from, limit), 1), "database");
  }

  /** A shopper's rank and neighbours in a period. */
  public Place place(String periodSlug, String shopperId, int neighbours) {
    LeaderboardPeriod period = LeaderboardPeriod.of(periodSlug);
    ShopperId id = ShopperId.of(shopperId);
    if (neighbours < 0 || neighbours > MAX_NEIGHBOURS) {
      throw new InvalidInputException(
          "neighbours",
          "neighbours must be between 0 and " + MAX_NEIGHBOURS + ", was " + neighbours);
    }
    Shopper shopper =
        shoppers.findById(id).orElseThrow(() -> new NotFoundException("shopper", id.value()));
    Instant now = clock.instant();
    Instant from = period.start(now, settings.zone());
    LocalDate start = period.startDate(now, settings.zone());
    Optional<Standing> cached =
        cache.enabled() ? cache.standing(period, start, id, neighbours) : Optional.empty();
    String source = "redis";
    Standing standing;
    if (cached.isPresent()) {
      standing = cached.get();
    } else {
      rebuildLater(period, start, from);
      standing = fromDatabase(id, from, neighbours);
      source = "database";
    }
    Entry own =
        standing
            .score()
            .map(s -> new Entry(standing.rank(), id, shopper.displayName(), s.xp(), s.reachedAt()))
            .orElse(new Entry(0, id, shopper.displayName(), 0, null));
    return new Place(
        period,
        from,
        own,
        entries(standing.above(), standing.rank() - standing.above().size()),
        entries(standing.below(), standing.rank() + 1),
        source);
  }

  /** Rebuilds a board from the database unless it is ready, unreachable, or being rebuilt. */
  void rebuild(LeaderboardPeriod period, LocalDate start, Instant from) {
    if (cache.state(period, start) != LeaderboardCache.State.MISSING) {
      return;
    }
    cache.clear(period, start);
    repository.forEach(
        from,
        v ->
            v.score()
                .ifPresent(s -> cache.put(period, start, s.shopperId(), v.score(), v.version())));
    cache.markReady(period, start);
    log.info("leaderboard rebuilt: {} from {}", period.slug(), start);
  }

  private void rebuildLater(LeaderboardPeriod period, LocalDate start, Instant from) {
    if (!cache.enabled()) {
      return;
    }
    String key = period.slug() + ":" + start;
    if (!rebuilding.add(key)) {
      return;
    }
    try {
      background.execute(
          () -> {
            try {
              rebuild(period, start, from);
            } catch (RuntimeException e) {
              log.warn("leaderboard rebuild failed: {}", e.toString());
            } finally {
              rebuilding.remove(key);
            }
          });
    } catch (RejectedExecutionException e) {
      rebuilding.remove(key);
    }
  }

  private Standing fromDatabase(ShopperId id, Instant from, int neighbours) {
    Optional<LeaderboardScore> score = repository.scoreOf(id, from).score();
    if (score.isEmpty()) {
      return new Standing(0, Optional.empty(), List.of(), List.of());
    }
    long rank = repository.countAhead(score.get(), from) + 1;
    List<LeaderboardScore> above =
        neighbours == 0 ? List.of() : repository.above(score.get(), from, neighbours);
    List<LeaderboardScore> below =
        neighbours == 0 ? List.of() : repository.below(score.get(), from, neighbours);
    return new Standing(rank, score, above, below);
  }

  private List<Entry> entries(List<LeaderboardScore> scores, long firstRank) {
    Map<ShopperId, Shopper> found =
        shoppers.findAllById(scores.stream().map(LeaderboardScore::shopperId).toList());
    List<Entry> entries = new ArrayList<>(scores.size());
    long rank = firstRank;
    for (LeaderboardScore s : scores) {
      Shopper shopper = found.get(s.shopperId());
      String name = shopper == null ? s.shopperId().value() : shopper.displayName();
      entries.add(new Entry(rank++, s.shopperId(), name, s.xp(), s.reachedAt()));
    }
    return entries;
  }
}
