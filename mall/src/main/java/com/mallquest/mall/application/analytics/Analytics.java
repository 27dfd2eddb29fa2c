package com.mallquest.mall.application.analytics;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.port.AnalyticsRepository;
import com.mallquest.mall.application.port.AnalyticsRepository.Day;
import com.mallquest.mall.application.port.AnalyticsRepository.DayFigures;
import com.mallquest.mall.application.port.AnalyticsRepository.StoreFigures;
import com.mallquest.mall.domain.InvalidInputException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Operator analytics over a range of mall-local dates, both ends inclusive, in the mall's time
 * zone.
 */
public final class Analytics {

  /** The longest range, in days. */
  public static final int MAX_DAYS = 366;

  /**
   * Per-store figures.
   *
   * @param from first date
   * @param to last date
   * @param stores every store, highest sales first
   */
  public record StoreReport(LocalDate from, LocalDate to, List<StoreFigures> stores) {}

  /**
   * Totals over the range.
   *
   * @param shoppers shoppers registered by the end of the range
   * @param activeShoppers distinct shoppers who bought or checked in during the range
   * @param coinsIssued coins credited (positive ledger rows)
   * @param coinsRedeemed coins spent on rewards
   * @param missionsCompleted missions completed
   */
  public record Totals(
      long shoppers,
      long activeShoppers,
      long coinsIssued,
      long coinsRedeemed,
      long missionsCompleted) {}

  /**
   * Totals and figures per day.
   *
   * @param from first date
   * @param to last date
   * @param totals over the whole range
   * @param days each date of the range in order
   */
  public record Overview(
      LocalDate from, LocalDate to, Totals totals, Map<LocalDate, DayFigures> days) {}

  private final AnalyticsRepository repository;
  private final MallSettings settings;

  /** With its port. */
  public Analytics(AnalyticsRepository repository, MallSettings settings) {
    this.repository = repository;
    this.settings = settings;
  }

  /** Per-store figures for {@code from..to} ({@code yyyy-mm-dd}, inclusive). */
  public StoreReport stores(String from, String to) {
    List<Day> days = days(from, to);
    return new StoreReport(
        days.get(0).date(),
        days.get(days.size() - 1).date(),
        repository.stores(days.get(0).start(), days.get(days.size() - 1).end()));
  }

  /** Totals and daily figures for {@code from..to} ({@code yyyy-mm-dd}, inclusive). */
  public Overview overview(String from, String to) {
    List<Day> days = days(from, to);
    Day first = days.get(0);
    Day last = days.get(days.size() - 1);
    Map<LocalDate, DayFigures> daily = repository.days(days);
    long issued = daily.values().stream().mapToLong(DayFigures::coinsIssued).sum();
    long redeemed = daily.values().stream().mapToLong(DayFigures::coinsRedeemed).sum();
    long missions = daily.values().stream().mapToLong(DayFigures::missionsCompleted).sum();
    Totals totals =
        new Totals(
            repository.shoppersRegisteredBefore(last.end()),
            repository.activeShoppers(first.start(), last.end()),
            issued,
            redeemed,
            missions);
    return new Overview(first.date(), last.date(), totals, daily);
  }

  private List<Day> days(String fromText, String toText) {
    LocalDate from = date(fromText, "from");
    LocalDate to = date(toText, "to");
    if (to.isBefore(from)) {
      throw new InvalidInputException("to", "to must not be before from, was " + from + ".." + to);
    }
    if (from.plusDays(MAX_DAYS - 1L).isBefore(to)) {
      throw new InvalidInputException(
          "to", "the range may span at most " + MAX_DAYS + " days, was " + from + ".." + to);
    }
    List<Day> days = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.add(
          new Day(
              d,
              d.atStartOfDay(settings.zone()).toInstant(),
              d.plusDays(1).atStartOfDay(settings.zone()).toInstant()));
    }
    return days;
  }

  private static LocalDate date(String text, String field) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(field, field + " is required, as a date like 2026-11-01");
    }
    try {
      LocalDate date = LocalDate.parse(text);
      if (date.getYear() < 1970 || date.getYear() > 9999) {
        throw new InvalidInputException(
            field, field + " must be between 1970 and 9999, was " + date);
      }
      return date;
    } catch (DateTimeParseException e) {
      String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
      throw new InvalidInputException(
          field, field + " must be a date like 2026-11-01, was \"" + shown + '"');
    }
  }
}
