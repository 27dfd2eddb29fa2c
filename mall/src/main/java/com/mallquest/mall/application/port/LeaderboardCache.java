package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.LeaderboardPeriod;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.ShopperId;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Leaderboards kept outside the database (Redis sorted sets), one board per period and start date.
 * Never throws for an outage: a read answers empty and the caller asks the database.
 */
public interface LeaderboardCache {

  /** Whether a board is ready to serve. */
  enum State {
    /** Built and kept up to date. */
    READY,
    /** Never built, flushed, expired, or possibly stale after an outage: rebuild it. */
    MISSING,
    /** Not reachable now, or not configured. */
    UNAVAILABLE
  }

  /**
   * A shopper's place on a board.
   *
   * @param rank 1-based; 0 if the shopper has no score in the period
   * @param score the shopper's score, if any
   * @param above up to n scores just before, best first
   * @param below up to n scores just after, best first
   */
  record Standing(
      long rank,
      Optional<LeaderboardScore> score,
      List<LeaderboardScore> above,
      List<LeaderboardScore> below) {}

  /**
   * A shopper's entry on one board.
   *
   * @param period the board's period
   * @param start the board's start date
   * @param shopperId whose entry
   * @param score the new score; empty removes the shopper from the board
   * @param version see {@link LeaderboardRepository.Versioned#version()}
   */
  record Update(
      LeaderboardPeriod period,
      LocalDate start,
      ShopperId shopperId,
      Optional<LeaderboardScore> score,
      long version) {}

  /**
   * What a board holds for a shopper.
   *
   * @param version the entry's version (see {@link LeaderboardRepository.Versioned#version()}); -1
   *     if the board has no entry for the shopper
   * @param xp the xp the board ranks the shopper with; empty if the shopper is not ranked
   */
  record Held(long version, OptionalLong xp) {

    /** No entry at all. */
    public static final Held NONE = new Held(-1, OptionalLong.empty());
  }

  /** Whether a cache is configured at all. */
  boolean enabled();

  /** The board's state; a board that may have missed updates answers {@link State#MISSING}. */
  State state(LeaderboardPeriod period, LocalDate start);

  /** The best {@code limit}, best first; empty unless the board is {@link State#READY}. */
  Optional<List<LeaderboardScore>> top(LeaderboardPeriod period, LocalDate start, int limit);

  /** The shopper's standing; empty unless the board is {@link State#READY}. */
  Optional<Standing> standing(
      LeaderboardPeriod period, LocalDate start, ShopperId shopperId, int neighbours);

  /**
   * Sets a shopper's entry unless the board holds a newer version of it.
   *
   * @param score the new score; empty removes the shopper from the board
   * @param version see {@link LeaderboardRepository.Versioned#version()}
   */
  void put(
      LeaderboardPeriod period,
      LocalDate start,
      ShopperId shopperId,
      Optional<LeaderboardScore> score,
      long version);

  /**
   * Applies the updates, each unless its board holds a newer version of that entry, in one round
   * trip.
   *
   * @return true if the cache took them all; false if it could not be reached (nothing or only some
   *     were applied; applying them again is harmless)
   */
  boolean putAll(List<Update> updates);

  /** Empties a board before a rebuild (and leaves it {@link State#MISSING}). */
  void clear(LeaderboardPeriod period, LocalDate start);

  /** Marks a rebuilt board {@link State#READY}. */
  void markReady(LeaderboardPeriod period, LocalDate start);

  /**
   * For each of {@code boards} (one start date per period) that is {@link State#READY}, what it
   * holds for each of these shoppers, read in one round trip, for the reconciliation check. Boards
   * that are not ready are left out of the answer; every shopper is in each board's map ({@link
   * Held#NONE} if the board has no entry). Empty if the cache cannot be read now or none is
   * configured.
   */
  default Optional<Map<LeaderboardPeriod, Map<ShopperId, Held>>> held(
      Map<LeaderboardPeriod, LocalDate> boards, Collection<ShopperId> shopperIds) {
    return Optional.empty();
  }

  /** Forgets that every board is ready (an update was lost); each is rebuilt on its next read. */
  void invalidateAll();
}
