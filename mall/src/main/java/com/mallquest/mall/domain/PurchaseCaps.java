package com.mallquest.mall.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Abuse caps on the coins purchases earn. A purchase over a cap is still recorded (spend and xp
 * count), only the coins beyond the cap are not awarded. 0 means no cap.
 *
 * @param dailyPurchaseCoins most coins one shopper earns from purchases per mall-local day, {@code
 *     >= 0}
 * @param purchasesPerStorePerHour most purchases per shopper and store in any hour that earn coins;
 *     later ones in the hour earn none, {@code >= 0}
 */
public record PurchaseCaps(long dailyPurchaseCoins, int purchasesPerStorePerHour) {

  /** Name of the daily cap in events. */
  public static final String DAILY_PURCHASE_COINS = "daily_purchase_coins";

  /** Name of the per-store hourly cap in events. */
  public static final String PURCHASES_PER_STORE_PER_HOUR = "purchases_per_store_per_hour";

  /** No caps. */
  public static final PurchaseCaps NONE = new PurchaseCaps(0, 0);

  /**
   * @throws InvalidInputException if a cap is negative
   */
  public PurchaseCaps {
    Checks.nonNegative(dailyPurchaseCoins, "dailyPurchaseCoins");
    Checks.nonNegative(purchasesPerStorePerHour, "purchasesPerStorePerHour");
  }

  /** Whether any cap is set (otherwise the counts need not be queried). */
  public boolean any() {
    return dailyPurchaseCoins > 0 || purchasesPerStorePerHour > 0;
  }

  /**
   * The coins a purchase may award.
   *
   * @param earnedCoins what the earning rules give it
   * @param coinsEarnedToday coins earned by the shopper's earlier purchases this mall-local day
   * @param earlierPurchasesAtStoreInHour the shopper's purchases at this store in the hour before
   *     it
   */
  public Capped apply(long earnedCoins, long coinsEarnedToday, long earlierPurchasesAtStoreInHour) {
    Checks.nonNegative(earnedCoins, "earnedCoins");
    List<DomainEvent> events = new ArrayList<>(1);
    long coins = earnedCoins;
    if (purchasesPerStorePerHour > 0 && earlierPurchasesAtStoreInHour >= purchasesPerStorePerHour) {
      events.add(
          new DomainEvent.CapReached(
              PURCHASES_PER_STORE_PER_HOUR, purchasesPerStorePerHour, coins));
      coins = 0;
    } else if (dailyPurchaseCoins > 0 && coinsEarnedToday + coins > dailyPurchaseCoins) {
      long allowed = Math.max(0, dailyPurchaseCoins - coinsEarnedToday);
      events.add(
          new DomainEvent.CapReached(DAILY_PURCHASE_COINS, dailyPurchaseCoins, coins - allowed));
      coins = allowed;
    }
    return new Capped(coins, events);
  }

  /**
   * A capped award.
   *
   * @param coins the coins to award
   * @param events a {@link DomainEvent.CapReached} if a cap held coins back
   */
  public record Capped(long coins, List<DomainEvent> events) {

    /** Copies the events. */
    public Capped {
      events = List.copyOf(events);
    }
  }
}
