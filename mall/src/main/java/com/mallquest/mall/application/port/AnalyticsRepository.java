package com.mallquest.mall.application.port;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Operator figures computed by the database with aggregates over indexed time ranges; never a scan
 * of every row into memory. Ranges are half-open: {@code [start, end)}.
 */
public interface AnalyticsRepository {

  /**
   * One local day of the mall: its date and the instants it spans.
   *
   * @param date the mall-local date
   * @param start its first instant
   * @param end the first instant of the next date
   */
  record Day(LocalDate date, Instant start, Instant end) {}

  /**
   * A store's figures.
   *
   * @param storeId the store
   * @param name its name
   * @param category its category (enum name)
   * @param salesMinor sum of purchase amounts (gross: refunds are counted separately)
   * @param purchases number of purchases
   * @param uniqueShoppers distinct shoppers who bought
   * @param coinsIssued coins its purchases earned
   * @param refunds refunds of its purchases made in the range
   */
  record StoreFigures(
      String storeId,
      String name,
      String category,
      long salesMinor,
      long purchases,
      long uniqueShoppers,
      long coinsIssued,
      long refunds) {}

  /**
   * A day's figures (every field but the date is a count or sum over that day).
   *
   * @param newShoppers shoppers registered
   * @param activeShoppers distinct shoppers who bought or checked in
   * @param purchases purchases
   * @param salesMinor sum of purchase amounts
   * @param coinsIssued sum of positive coin ledger deltas (purchases, check-ins, mission rewards,
   *     ...)
   * @param coinsRedeemed coins spent on rewards
   * @param missionsCompleted missions completed
   */
  record DayFigures(
      long newShoppers,
      long activeShoppers,
      long purchases,
      long salesMinor,
      long coinsIssued,
      long coinsRedeemed,
      long missionsCompleted) {}

  /** Every store's figures in {@code [start, end)}, highest sales first, then by id. */
  List<StoreFigures> stores(Instant start, Instant end);

  /** Each day's figures; days without activity are present with zeros. */
  Map<LocalDate, DayFigures> days(List<Day> days);

  /** Shoppers registered before {@code end}. */
  long shoppersRegisteredBefore(Instant end);

  /** Distinct shoppers who bought or checked in during {@code [start, end)}. */
  long activeShoppers(Instant start, Instant end);

  /**
   * Missions completed per day, from table {@code mission_completions} (created by the missions
   * feature's migration V3). Until that table exists in the schema this answers 0 for every day.
   */
  Map<LocalDate, Long> countMissionCompletions(List<Day> days);
}
