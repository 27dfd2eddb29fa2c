package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.ShopperId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Leaderboards computed from the xp ledger: the source of record. A shopper's score in a period is
 * the sum of their xp rows written at or after {@code from}, if positive; ordered by {@link
 * LeaderboardScore#RANKING}.
 */
public interface LeaderboardRepository {

  /**
   * A score with the version of the shopper's xp ledger it was computed from.
   *
   * @param score the score; empty if the shopper has no positive xp in the period
   * @param version the id of the shopper's newest xp row (any period; newest by time, then id), 0
   *     if none: later changes have higher versions, since a shopper's rows are written under the
   *     shopper's row lock, each stamped no earlier than the one before
   */
  record Versioned(Optional<LeaderboardScore> score, long version) {}

  /** The best {@code limit} scores, best first. */
  List<LeaderboardScore> top(Instant from, int limit);

  /** The shopper's score and version. */
  default Versioned scoreOf(ShopperId shopperId, Instant from) {
    return scoresOf(shopperId, List.of(from)).get(0);
  }

  /**
   * The shopper's scores since each of {@code froms} (one per period), in their order, read
   * together.
   */
  default List<Versioned> scoresOf(ShopperId shopperId, List<Instant> froms) {
    return scoresOf(List.of(shopperId), froms).get(shopperId);
  }

  /**
   * Each shopper's scores since each of {@code froms} (one per period), in their order: the relay
   * refreshes a batch of shoppers on all three boards with one query. Every requested shopper is in
   * the answer (with empty scores and version 0 if they have no xp rows).
   */
  Map<ShopperId, List<Versioned>> scoresOf(Collection<ShopperId> shopperIds, List<Instant> froms);

  /** How many scores rank before {@code score}. */
  long countAhead(LeaderboardScore score, Instant from);

  /** Up to {@code n} scores just before {@code score}, best first. */
  List<LeaderboardScore> above(LeaderboardScore score, Instant from, int n);

  /** Up to {@code n} scores just after {@code score}, best first. */
  List<LeaderboardScore> below(LeaderboardScore score, Instant from, int n);

  /** Every score of the period with its version, in no particular order (for a rebuild). */
  void forEach(Instant from, Consumer<Versioned> each);
}
