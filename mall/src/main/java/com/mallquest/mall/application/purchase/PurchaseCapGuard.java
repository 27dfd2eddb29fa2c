package com.mallquest.mall.application.purchase;

import com.mallquest.mall.application.port.PurchaseCounters;
import com.mallquest.mall.domain.PurchaseCaps;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Applies the abuse caps to a purchase's coins, from the shopper's purchases already recorded. Runs
 * in the purchase transaction after the shopper's row is locked, so the counts include every
 * earlier purchase of this shopper and none can be recorded concurrently.
 */
public final class PurchaseCapGuard {

  private static final Duration HOUR = Duration.ofHours(1);

  private final PurchaseCaps caps;
  private final PurchaseCounters counters;
  private final ZoneId mallZone;

  /** With the caps, the purchase counts and the mall's zone (whose dates the daily cap counts). */
  public PurchaseCapGuard(PurchaseCaps caps, PurchaseCounters counters, ZoneId mallZone) {
    this.caps = Objects.requireNonNull(caps, "caps");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.mallZone = Objects.requireNonNull(mallZone, "mallZone");
  }

  /**
   * The coins a new purchase may award, and a {@code cap_reached} event if a cap held some back.
   *
   * @param earnedCoins the coins the earning rules give it
   * @param now the purchase's time
   */
  public PurchaseCaps.Capped cap(
      ShopperId shopperId, StoreId storeId, long earnedCoins, Instant now) {
    if (!caps.any()) {
      return new PurchaseCaps.Capped(earnedCoins, List.of());
    }
    long today =
        caps.dailyPurchaseCoins() > 0
            ? counters.coinsEarnedSince(
                shopperId, LocalDate.ofInstant(now, mallZone).atStartOfDay(mallZone).toInstant())
            : 0;
    long inHour =
        caps.purchasesPerStorePerHour() > 0
            ? counters.countAtStoreSince(shopperId, storeId, now.minus(HOUR))
            : 0;
    return caps.apply(earnedCoins, today, inHour);
  }
}
