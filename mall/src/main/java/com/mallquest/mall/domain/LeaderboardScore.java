package com.mallquest.mall.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * A shopper's xp in a leaderboard period.
 *
 * <p>The tie rule ({@link #RANKING}): higher xp first; at equal xp, who reached it earlier (the
 * time of the shopper's last xp row in the period) first; then the shopper id in ascending ASCII
 * order.
 *
 * @param shopperId whose
 * @param xp xp earned in the period (net of refunds), {@code > 0}
 * @param reachedAt when the shopper's last xp row in the period was written
 */
public record LeaderboardScore(ShopperId shopperId, long xp, Instant reachedAt) {

  /** Leaderboard order: best first. */
  public static final Comparator<LeaderboardScore> RANKING =
      Comparator.comparingLong(LeaderboardScore::xp)
          .reversed()
          .thenComparing(LeaderboardScore::reachedAt)
          .thenComparing(s -> s.shopperId().value());

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public LeaderboardScore {
    Checks.notNull(shopperId, "shopperId");
    if (xp <= 0) {
      throw new InvalidInputException("xp", "a leaderboard score must be positive, was " + xp);
    }
    Checks.notNull(reachedAt, "reachedAt");
  }
}
