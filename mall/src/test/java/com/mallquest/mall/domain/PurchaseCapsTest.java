package com.mallquest.mall.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The abuse caps hold back only the coins beyond them. */
class PurchaseCapsTest {

  @Test
  void none_awardsEverything() {
    PurchaseCaps.Capped capped = PurchaseCaps.NONE.apply(1_000, 1_000_000, 1_000);

    assertThat(capped.coins()).isEqualTo(1_000);
    assertThat(capped.events()).isEmpty();
  }

  @Test
  void daily_partlyOver_awardsTheRestUpToTheCap() {
    PurchaseCaps caps = new PurchaseCaps(500, 0);

    PurchaseCaps.Capped capped = caps.apply(200, 400, 0);

    assertThat(capped.coins()).isEqualTo(100);
    assertThat(capped.events())
        .containsExactly(new DomainEvent.CapReached(PurchaseCaps.DAILY_PURCHASE_COINS, 500, 100));
  }

  @Test
  void daily_exactlyReached_noEvent_thenNothingMore() {
    PurchaseCaps caps = new PurchaseCaps(500, 0);

    assertThat(caps.apply(100, 400, 0).coins()).isEqualTo(100);
    assertThat(caps.apply(100, 400, 0).events()).isEmpty();
    PurchaseCaps.Capped over = caps.apply(100, 500, 0);
    assertThat(over.coins()).isZero();
    assertThat(over.events()).hasSize(1);
  }

  @Test
  void perStoreHour_atTheCap_awardsNoCoins() {
    PurchaseCaps caps = new PurchaseCaps(0, 3);

    assertThat(caps.apply(50, 0, 2).coins()).isEqualTo(50);
    PurchaseCaps.Capped fourth = caps.apply(50, 0, 3);
    assertThat(fourth.coins()).isZero();
    assertThat(fourth.events())
        .containsExactly(
            new DomainEvent.CapReached(PurchaseCaps.PURCHASES_PER_STORE_PER_HOUR, 3, 50));
  }

  @Test
  void bothCaps_storeCapFirst_oneEvent() {
    PurchaseCaps caps = new PurchaseCaps(100, 1);

    PurchaseCaps.Capped capped = caps.apply(80, 90, 1);

    assertThat(capped.coins()).isZero();
    assertThat(capped.events()).hasSize(1);
  }
}
