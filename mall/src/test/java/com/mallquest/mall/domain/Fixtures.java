package com.mallquest.mall.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Currency;

/** Shared test data: a mall in USD, stores and shoppers with fixed clocks. */
final class Fixtures {

  static final Currency USD = Currency.getInstance("USD");
  static final Currency JPY = Currency.getInstance("JPY");
  static final Currency BHD = Currency.getInstance("BHD");
  static final ZoneId MALL_ZONE = ZoneId.of("America/New_York");
  static final Instant REGISTERED = Instant.parse("2024-01-01T12:00:00Z");
  static final EarningRules RULES = EarningRules.defaults();

  private Fixtures() {}

  static Store store(String multiplier) {
    return Store.create(
        StoreId.of("store-1"), "Corner Shop", StoreCategory.FOOD, "G", new BigDecimal(multiplier));
  }

  static Shopper shopper(ZoneId zone) {
    return Shopper.register(ShopperId.of("shopper-1"), "Ann", "en", zone, MALL_ZONE, REGISTERED);
  }

  static Shopper shopper() {
    return shopper(MALL_ZONE);
  }

  static Money usd(long minor) {
    return new Money(minor, USD);
  }

  /** The instant of a local date-time like {@code 2024-03-10T00:30}, earlier offset on overlap. */
  static Instant at(String localDateTime, ZoneId zone) {
    return ZonedDateTime.of(LocalDateTime.parse(localDateTime), zone).toInstant();
  }

  static Instant at(String localDateTime, String zone) {
    return at(localDateTime, ZoneId.of(zone));
  }
}
