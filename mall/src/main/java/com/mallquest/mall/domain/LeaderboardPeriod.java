package com.mallquest.mall.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * The span of time a leaderboard sums xp over. Periods start at midnight in the mall's time zone: a
 * week on Monday (ISO 8601), a month on its first day. A period runs from its start to now.
 */
public enum LeaderboardPeriod {
  /** Every xp row ever. */
  ALL_TIME("all-time"),
  /** Since Monday 00:00, mall time. */
  WEEK("week"),
  /** Since the 1st of the month 00:00, mall time. */
  MONTH("month");

  private final String slug;

  LeaderboardPeriod(String slug) {
    this.slug = slug;
  }

  /** The name in URLs and Redis keys: {@code all-time}, {@code week}, {@code month}. */
  public String slug() {
    return slug;
  }

  /**
   * Parses a slug.
   *
   * @throws InvalidInputException (field {@code "period"}) if it is none of the three
   */
  public static LeaderboardPeriod of(String slug) {
    for (LeaderboardPeriod p : values()) {
      if (p.slug.equals(slug == null ? null : slug.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new InvalidInputException(
        "period", "period must be all-time, week or month, was " + Checks.show(slug));
  }

  /**
   * The local date the period containing {@code now} starts on; {@code 1970-01-01} for all-time.
   */
  public LocalDate startDate(Instant now, ZoneId zone) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    return switch (this) {
      case ALL_TIME -> LocalDate.EPOCH;
      case WEEK -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> today.withDayOfMonth(1);
    };
  }

  /**
   * The instant the period containing {@code now} starts: its start date's first moment in the
   * zone.
   */
  public Instant start(Instant now, ZoneId zone) {
    return this == ALL_TIME ? Instant.EPOCH : startDate(now, zone).atStartOfDay(zone).toInstant();
  }
}
