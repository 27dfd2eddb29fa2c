package com.mallquest.mall.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.domain.EarningRules;
import com.mallquest.mall.domain.GoalKind;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Mission;
import com.mallquest.mall.domain.MissionCatalog;
import com.mallquest.mall.domain.MissionGoal;
import com.mallquest.mall.domain.MissionReward;
import com.mallquest.mall.domain.MissionWindow;
import com.mallquest.mall.domain.Money;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreCategory;
import com.mallquest.mall.domain.StoreId;
import com.mallquest.mall.domain.VipTier;
import com.mallquest.mall.domain.WindowKind;
import com.mallquest.smartcache.JsonValueCodec;
import com.mallquest.smartcache.SmartCacheException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The values the service caches survive the codec that carries them through Redis (ADR 0004). */
class CachedValueCodecTest {

  private final JsonValueCodec codec = new JsonValueCodec();
  private final Store store =
      new Store(
          StoreId.of("s1"),
          "Sneaker Hub",
          StoreCategory.FASHION,
          "L2",
          new BigDecimal("1.5"),
          true,
          3);

  @Test
  void shopper_encodedAndDecoded_isEqual() {
    Shopper registered =
        Shopper.register(
            ShopperId.of("ada"),
            "Ada",
            "pt-BR",
            ZoneId.of("Europe/Berlin"),
            ZoneId.of("UTC"),
            Instant.parse("2026-11-27T10:15:30.123456Z"));
    Shopper shopper =
        registered
            .applyPurchase(
                new Money(123_456, Currency.getInstance("USD")), store, EarningRules.defaults())
            .shopper()
            .checkIn(Instant.parse("2026-11-27T12:00:00Z"), EarningRules.defaults())
            .shopper();

    Shopper decoded = codec.decode(codec.encode(shopper), Shopper.class);

    assertThat(decoded).isEqualTo(shopper);
    assertThat(decoded.lastCheckInDate()).isNotNull();
  }

  @Test
  void store_encodedAndDecoded_isEqual() {
    assertThat(codec.decode(codec.encode(store), Store.class)).isEqualTo(store);
  }

  @Test
  void shopper_invalidStoredValue_isACodecErrorNotAValue() {
    byte[] tampered =
        new String(codec.encode(store), StandardCharsets.UTF_8)
            .replace("L2", "not a floor!")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> codec.decode(tampered, Store.class))
        .isInstanceOf(SmartCacheException.CodecException.class);
  }

  @Test
  void missionCatalog_encodedAndDecoded_isEqual() {
    Mission fixed =
        new Mission(
            "spend-100",
            new LocalizedText(Map.of("en", "Spend", "es", "Gasta")),
            LocalizedText.english("Spend 100"),
            new MissionGoal(GoalKind.STORE_VISIT, 1, null, StoreId.of("s1")),
            MissionWindow.fixed(
                Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")),
            Set.of(VipTier.GOLD, VipTier.SILVER),
            new MissionReward(100, 50, "fox"),
            true,
            3);
    Mission weekly =
        new Mission(
            "food",
            LocalizedText.english("Food"),
            LocalizedText.english("Eat"),
            new MissionGoal(GoalKind.CATEGORY_SPEND, 5000, StoreCategory.FOOD, null),
            MissionWindow.recurring(WindowKind.WEEKLY),
            Set.of(),
            new MissionReward(0, 10, null),
            false,
            1);
    MissionCatalog catalog = new MissionCatalog(List.of(fixed, weekly));

    MissionCatalog decoded = codec.decode(codec.encode(catalog), MissionCatalog.class);

    assertThat(decoded).isEqualTo(catalog);
    assertThat(decoded.version()).isEqualTo(4);
  }
}
