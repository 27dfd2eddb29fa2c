package com.mallquest.mall.adapter.web;

import com.mallquest.mall.application.analytics.Analytics;
import com.mallquest.mall.application.port.AnalyticsRepository.DayFigures;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operator analytics (ADMIN): per store, and totals by day; dates are mall-local and inclusive. */
@Tag(name = "Analytics")
@RestController
@RequestMapping(path = "/api/v1/analytics", produces = MediaType.APPLICATION_JSON_VALUE)
class AnalyticsController {

  /**
   * A store's figures.
   *
   * @param storeId the store
   * @param name its name
   * @param category its category
   * @param salesMinor gross sales in minor units
   * @param purchases purchases
   * @param uniqueShoppers distinct buyers
   * @param coinsIssued coins its purchases earned
   * @param refunds refunds made in the range
   */
  record StoreRow(
      String storeId,
      String name,
      String category,
      long salesMinor,
      long purchases,
      long uniqueShoppers,
      long coinsIssued,
      long refunds) {}

  /**
   * The per-store report.
   *
   * @param from first date
   * @param to last date
   * @param stores highest sales first
   */
  record StoresView(LocalDate from, LocalDate to, List<StoreRow> stores) {}

  /**
   * A day of the overview.
   *
   * @param date the date
   * @param newShoppers registrations
   * @param activeShoppers distinct shoppers who bought or checked in
   * @param purchases purchases
   * @param salesMinor gross sales
   * @param coinsIssued coins credited
   * @param coinsRedeemed coins spent on rewards
   * @param missionsCompleted missions completed
   */
  record DayRow(
      LocalDate date,
      long newShoppers,
      long activeShoppers,
      long purchases,
      long salesMinor,
      long coinsIssued,
      long coinsRedeemed,
      long missionsCompleted) {}

  /**
   * The overview.
   *
   * @param from first date
   * @param to last date
   * @param totals over the range
   * @param days each date in order
   */
  record OverviewView(LocalDate from, LocalDate to, Analytics.Totals totals, List<DayRow> days) {}

  private static final String FROM = "The first day, mall-local, inclusive (ISO 8601 date)";
  private static final String TO =
      "The last day, mall-local, inclusive (ISO 8601 date); the range spans at most "
          + Analytics.MAX_DAYS
          + " days";

  private final Analytics analytics;

  AnalyticsController(Analytics analytics) {
    this.analytics = analytics;
  }

  @Operation(
      operationId = "getStoreAnalytics",
      summary = "Sales, shoppers, coins and refunds per store over a date range")
  @GetMapping("/stores")
  StoresView stores(
      @Parameter(
              required = true,
              description = FROM,
              schema = @Schema(type = "string", format = "date"))
          @RequestParam(required = false)
          String from,
      @Parameter(
              required = true,
              description = TO,
              schema = @Schema(type = "string", format = "date"))
          @RequestParam(required = false)
          String to) {
    Analytics.StoreReport report = analytics.stores(from, to);
    return new StoresView(
        report.from(),
        report.to(),
        report.stores().stream()
            .map(
                s ->
                    new StoreRow(
                        s.storeId(),
                        s.name(),
                        s.category().toLowerCase(Locale.ROOT),
                        s.salesMinor(),
                        s.purchases(),
                        s.uniqueShoppers(),
                        s.coinsIssued(),
                        s.refunds()))
            .toList());
  }

  @Operation(
      operationId = "getAnalyticsOverview",
      summary = "Mall-wide totals and daily figures over a date range")
  @GetMapping("/overview")
  OverviewView overview(
      @Parameter(
              required = true,
              description = FROM,
              schema = @Schema(type = "string", format = "date"))
          @RequestParam(required = false)
          String from,
      @Parameter(
              required = true,
              description = TO,
              schema = @Schema(type = "string", format = "date"))
          @RequestParam(required = false)
          String to) {
    Analytics.Overview o = analytics.overview(from, to);
    List<DayRow> days =
        o.days().entrySet().stream().map(e -> row(e.getKey(), e.getValue())).toList();
    return new OverviewView(o.from(), o.to(), o.totals(), days);
  }

  private static DayRow row(LocalDate date, DayFigures f) {
    return new DayRow(
        date,
        f.newShoppers(),
        f.activeShoppers(),
        f.purchases(),
        f.salesMinor(),
        f.coinsIssued(),
        f.coinsRedeemed(),
        f.missionsCompleted());
  }
}
