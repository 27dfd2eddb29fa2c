package com.mallquest.mall.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RewardTest {

  private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

  private static Reward reward(
      long price,
      OptionalLong stock,
      Optional<VipTier> tier,
      Optional<Instant> from,
      Optional<Instant> until,
      boolean active) {
    return new Reward(
        RewardId.of("coffee"),
        LocalizedText.english("Coffee"),
        LocalizedText.english("A cup"),
        price,
        stock,
        tier,
        from,
        until,
        active,
        0);
  }

  private static Reward plain(long price) {
    return reward(
        price, OptionalLong.of(5), Optional.empty(), Optional.empty(), Optional.empty(), true);
  }

  private static Shopper shopperWith(long coins, VipTier tier) {
    Shopper s = Fixtures.shopper();
    return new Shopper(
        s.id(),
        s.displayName(),
        s.language(),
        s.timeZone(),
        coins,
        0,
        1,
        tier,
        0,
        0,
        null,
        s.createdAt(),
        0);
  }

  @Test
  void checkRedeemable_enoughCoinsInStockInWindow_passes() {
    Reward r =
        reward(
            100,
            OptionalLong.of(1),
            Optional.of(VipTier.SILVER),
            Optional.of(NOW),
            Optional.of(NOW.plusSeconds(1)),
            true);
    assertThatCode(() -> r.checkRedeemable(shopperWith(100, VipTier.SILVER), NOW))
        .doesNotThrowAnyException();
  }

  @Test
  void checkRedeemable_tooFewCoins_conflictWithBalance() {
    assertThatThrownBy(() -> plain(100).checkRedeemable(shopperWith(99, VipTier.BRONZE), NOW))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("price=100")
        .hasMessageContaining("balance=99");
  }

  @Test
  void checkRedeemable_outOfStock_conflict() {
    Reward r =
        reward(1, OptionalLong.of(0), Optional.empty(), Optional.empty(), Optional.empty(), true);
    assertThatThrownBy(() -> r.checkRedeemable(shopperWith(10, VipTier.BRONZE), NOW))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("out of stock");
  }

  @Test
  void checkRedeemable_unlimitedStock_passes() {
    Reward r =
        reward(1, OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true);
    assertThatCode(() -> r.checkRedeemable(shopperWith(1, VipTier.BRONZE), NOW))
        .doesNotThrowAnyException();
  }

  @Test
  void checkRedeemable_tierBelowMinimum_conflictNamingTiers() {
    Reward r =
        reward(
            1,
            OptionalLong.empty(),
            Optional.of(VipTier.GOLD),
            Optional.empty(),
            Optional.empty(),
            true);
    assertThatThrownBy(() -> r.checkRedeemable(shopperWith(10, VipTier.SILVER), NOW))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("Gold")
        .hasMessageContaining("Silver");
    assertThatCode(() -> r.checkRedeemable(shopperWith(10, VipTier.PLATINUM), NOW))
        .doesNotThrowAnyException();
  }

  @Test
  void checkRedeemable_window_fromInclusiveUntilExclusive() {
    Reward r =
        reward(
            1,
            OptionalLong.empty(),
            Optional.empty(),
            Optional.of(NOW),
            Optional.of(NOW.plusSeconds(60)),
            true);
    Shopper s = shopperWith(10, VipTier.BRONZE);
    assertThatThrownBy(() -> r.checkRedeemable(s, NOW.minusNanos(1000)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("not available yet");
    assertThatCode(() -> r.checkRedeemable(s, NOW)).doesNotThrowAnyException();
    assertThatCode(() -> r.checkRedeemable(s, NOW.plusSeconds(59))).doesNotThrowAnyException();
    assertThatThrownBy(() -> r.checkRedeemable(s, NOW.plusSeconds(60)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("no longer available");
  }

  @Test
  void checkRedeemable_inactive_conflict() {
    Reward r =
        reward(
            1, OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
    assertThatThrownBy(() -> r.checkRedeemable(shopperWith(10, VipTier.BRONZE), NOW))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("inactive");
  }

  @Test
  void reward_invalidValues_rejectedNamingTheField() {
    assertThatThrownBy(() -> plain(0))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("priceCoins");
    assertThatThrownBy(
            () ->
                reward(
                    1,
                    OptionalLong.of(-1),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    true))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("stock");
    assertThatThrownBy(
            () ->
                reward(
                    1,
                    OptionalLong.empty(),
                    Optional.empty(),
                    Optional.of(NOW),
                    Optional.of(NOW),
                    true))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("availableUntil");
  }

  @Test
  void redemptionCode_is12Base32Characters_andRandom() {
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String code = Redemption.newCode();
      assertThat(code).matches("[A-Z2-7]{12}");
      codes.add(code);
    }
    assertThat(codes).hasSize(10_000);
  }

  @Test
  void idempotencyKey_missingOrMalformed_rejected() {
    assertThatThrownBy(() -> Redemption.validateIdempotencyKey(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("required");
    assertThatThrownBy(() -> Redemption.validateIdempotencyKey("has space"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Redemption.validateIdempotencyKey("x".repeat(129)))
        .isInstanceOf(InvalidInputException.class);
    assertThat(Redemption.validateIdempotencyKey("3f1c2a9e-0b7d-4c55-9d1e-2f7a8b6c4d3e"))
        .isEqualTo("3f1c2a9e-0b7d-4c55-9d1e-2f7a8b6c4d3e");
  }

  @Test
  void redemption_create_takesCurrentPriceAndFreshCode() {
    Redemption r = Redemption.create(ShopperId.of("s1"), plain(250), "k1", NOW);
    assertThat(r.priceCoins()).isEqualTo(250);
    assertThat(r.rewardId()).isEqualTo(RewardId.of("coffee"));
    assertThat(TimeOrderedIds.millisOf(UUID.fromString(r.id()))).isEqualTo(NOW.toEpochMilli());
    assertThat(r.withNewCode().id()).isEqualTo(r.id());
  }
}
