package com.mallquest.mall.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * When a mission runs: one fixed period, or a period that recurs every day, ISO week (from Monday)
 * or month in the mall's time zone. Recurring periods start at local midnight ({@link
 * LocalDate#atStartOfDay(ZoneId)}, so a day whose midnight falls in a daylight-saving gap starts at
 * the first valid local time), hence a period is 23, 24 or 25 hours on DST days.
 *
 * @param kind the layout
 * @param start the fixed start (inclusive); {@code null} unless {@link WindowKind#FIXED}
 * @param end the fixed end (exclusive); {@code null} unless {@link WindowKind#FIXED}
 */
public record MissionWindow(WindowKind kind, Instant start, Instant end) {

  /**
   * @throws InvalidInputException if FIXED lacks {@code start < end}, or a recurring window has
   *     either
   */
  public MissionWindow {
    Checks.notNull(kind, "window.kind");
    if (kind == WindowKind.FIXED) {
      Checks.notNull(start, "window.start");
      Checks.notNull(end, "window.end");
      if (!start.isBefore(end)) {
        throw new InvalidInputException(
            "window.end", "window.end must be after window.start, was " + start + " .. " + end);
      }
    } else if (start != null || end != null) {
      throw new InvalidInputException(
          "window.start", "window.start and window.end are only for FIXED windows, not " + kind);
    }
  }

  /** A recurring window of this kind. */
  public static MissionWindow recurring(WindowKind kind) {
    return new MissionWindow(kind, null, null);
  }

  /** A fixed window. */
  public static MissionWindow fixed(Instant start, Instant end) {
    return new MissionWindow(WindowKind.FIXED, start, end);
  }

  /**
   * The period that contains {@code now}; empty if a fixed window has not begun or is over.
   *
   * @param zone the mall's time zone, which lays out recurring periods
   */
  public Optional<WindowPeriod> periodAt(Instant now, ZoneId zone) {
    Checks.notNull(now, "now");
    Checks.notNull(zone, "zone");
    LocalDate today = LocalDate.ofInstant(now, zone);
    return switch (kind) {
      case FIXED ->
          now.isBefore(start) || !now.isBefore(end)
              ? Optional.empty()
              : Optional.of(new WindowPeriod(start, end));
      case DAILY -> Optional.of(period(today, today.plusDays(1), zone));
      case WEEKLY -> {
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        yield Optional.of(period(monday, monday.plusWeeks(1), zone));
      }
      case MONTHLY -> {
        LocalDate first = today.withDayOfMonth(1);
        yield Optional.of(period(first, first.plusMonths(1), zone));
      }
    };
  }

  private static WindowPeriod period(LocalDate from, LocalDate to, ZoneId zone) {
    return new WindowPeriod(from.atStartOfDay(zone).toInstant(), to.atStartOfDay(zone).toInstant());
  }
}
