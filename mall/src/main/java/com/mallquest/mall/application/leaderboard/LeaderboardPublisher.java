package com.mallquest.mall.application.leaderboard;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.port.ChangeOutbox.Kind;
import com.mallquest.mall.application.port.ChangeOutbox.Pending;
import com.mallquest.mall.application.port.ChangePublisher;
import com.mallquest.mall.application.port.LeaderboardCache;
import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.domain.LeaderboardPeriod;
import com.mallquest.mall.domain.ShopperId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes the outbox's board changes ({@link Kind#refreshesBoards}): one board refresh per batch.
 * Every commit that changes a shopper's xp leaves a change in the outbox (ADR 0015); the relay
 * hands a batch of them here, and {@link #refresh(Collection)} recomputes those shoppers' entries
 * on the three current boards from the database in one query and writes them with their ledger
 * versions in one Redis pipeline, so a late refresh never overwrites a newer one.
 * Read-your-own-write is not promised on the Redis path: an entry lags its commit by the relay
 * (normally milliseconds). A refresh that fails leaves the changes in the outbox, to be published
 * again.
 */
public final class LeaderboardPublisher implements ChangePublisher {

  private final LeaderboardRepository repository;
  private final LeaderboardCache cache;
  private final MallSettings settings;
  private final Clock clock;

  /** For these boards. */
  public LeaderboardPublisher(
      LeaderboardRepository repository,
      LeaderboardCache cache,
      MallSettings settings,
      Clock clock) {
    this.repository = repository;
    this.cache = cache;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public boolean publish(List<Pending> batch) {
    Set<ShopperId> shoppers = new LinkedHashSet<>();
    for (Pending change : batch) {
      if (change.kind().refreshesBoards()) {
        shoppers.add(new ShopperId(change.key()));
      }
    }
    return refresh(shoppers);
  }

  /**
   * Writes these shoppers' current scores on the three current boards: one database query, one
   * Redis pipeline. Each entry carries its xp-ledger version, so a refresh that reads older data
   * than one already written changes nothing.
   *
   * @return true if the boards have them (or there are no Redis boards); false if Redis did not
   *     take every update, so the caller must try again later
   */
  boolean refresh(Collection<ShopperId> shopperIds) {
    if (!cache.enabled() || shopperIds.isEmpty()) {
      return true;
    }
    Instant now = clock.instant();
    LeaderboardPeriod[] periods = LeaderboardPeriod.values();
    List<Instant> froms = Arrays.stream(periods).map(p -> p.start(now, settings.zone())).toList();
    Map<ShopperId, List<LeaderboardRepository.Versioned>> scores =
        repository.scoresOf(shopperIds, froms);
    List<LeaderboardCache.Update> updates = new ArrayList<>(scores.size() * periods.length);
    for (Map.Entry<ShopperId, List<LeaderboardRepository.Versioned>> e : scores.entrySet()) {
      for (int i = 0; i < periods.length; i++) {
        LeaderboardRepository.Versioned v = e.getValue().get(i);
        updates.add(
            new LeaderboardCache.Update(
                periods[i],
                periods[i].startDate(now, settings.zone()),
                e.getKey(),
                v.score(),
                v.version()));
      }
    }
    return cache.putAll(updates);
  }
}
