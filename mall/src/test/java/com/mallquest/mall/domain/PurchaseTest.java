package com.mallquest.mall.domain;

import static com.mallquest.mall.domain.StoreTest.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PurchaseTest {

  private static final ShopperId SHOPPER = ShopperId.of("shopper-1");
  private static final StoreId STORE = StoreId.of("store-1");
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"R-1", "2024/05/01:0001.a_b", "x"})
  void validateReceiptId_valid_returnedUnchanged(String receiptId) {
    assertThat(Purchase.validateReceiptId(receiptId)).isEqualTo(receiptId);
  }

  @Test
  void validateReceiptId_sixtyFourCharacters_accepted() {
    String receiptId = "r".repeat(64);

    assertThat(Purchase.validateReceiptId(receiptId)).isEqualTo(receiptId);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " ", "a b", "r\u00fcck", "a;b", "a?b", "a\nb"})
  void validateReceiptId_invalid_rejectedNamingReceiptId(String receiptId) {
    assertThatThrownBy(() -> Purchase.validateReceiptId(receiptId))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("receiptId"))
        .hasMessageContaining("receiptId");
  }

  @Test
  void validateReceiptId_tooLongOrNull_rejected() {
    assertField(() -> Purchase.validateReceiptId("r".repeat(65)), "receiptId");
    assertField(() -> Purchase.validateReceiptId(null), "receiptId");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 1999, 10_000_000_000L})
  void validateAmountMinor_inRange_returnedUnchanged(long minor) {
    assertThat(Purchase.validateAmountMinor(minor)).isEqualTo(minor);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, 10_000_000_001L, Long.MAX_VALUE, Long.MIN_VALUE})
  void validateAmountMinor_outOfRange_rejectedWithValue(long minor) {
    assertThatThrownBy(() -> Purchase.validateAmountMinor(minor))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("amountMinor"))
        .hasMessageContaining(String.valueOf(minor));
  }

  @Test
  void create_fromMoneyAndEarning_copiesFieldsWithIdOfItsTime() {
    Purchase purchase =
        Purchase.create(SHOPPER, STORE, "R-1", Fixtures.usd(1999), new Earning(37, 19), NOW);

    UUID id = UUID.fromString(purchase.id());
    assertThat(id.version()).isEqualTo(7);
    assertThat(TimeOrderedIds.millisOf(id)).isEqualTo(NOW.toEpochMilli());
    assertThat(purchase.shopperId()).isEqualTo(SHOPPER);
    assertThat(purchase.storeId()).isEqualTo(STORE);
    assertThat(purchase.receiptId()).isEqualTo("R-1");
    assertThat(purchase.amountMinor()).isEqualTo(1999);
    assertThat(purchase.currency()).isEqualTo("USD");
    assertThat(purchase.coinsEarned()).isEqualTo(37);
    assertThat(purchase.xpEarned()).isEqualTo(19);
    assertThat(purchase.createdAt()).isEqualTo(NOW);
  }

  @Test
  void constructor_invalidParts_rejectedNamingField() {
    assertField(() -> purchase("", "R", 1, "USD", 0), "id");
    assertField(() -> purchase("p", "R R", 1, "USD", 0), "receiptId");
    assertField(() -> purchase("p", "R", 0, "USD", 0), "amountMinor");
    assertField(() -> purchase("p", "R", 1, "usd", 0), "currency");
    assertField(() -> purchase("p", "R", 1, "USD", -1), "coinsEarned");
    assertField(() -> new Purchase("p", null, STORE, "R", 1, "USD", 0, 0, NOW), "shopperId");
    assertField(() -> new Purchase("p", SHOPPER, null, "R", 1, "USD", 0, 0, NOW), "storeId");
    assertField(() -> new Purchase("p", SHOPPER, STORE, "R", 1, "USD", 0, 0, null), "createdAt");
  }

  private static Purchase purchase(
      String id, String receiptId, long amountMinor, String currency, long coins) {
    return new Purchase(id, SHOPPER, STORE, receiptId, amountMinor, currency, coins, 0, NOW);
  }
}
