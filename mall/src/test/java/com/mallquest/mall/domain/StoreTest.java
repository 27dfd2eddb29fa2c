package com.mallquest.mall.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreTest {

  private static final StoreId ID = StoreId.of("store-1");

  @Test
  void create_valid_activeAtVersionZero() {
    Store store =
        Store.create(ID, "  Book Nook ", StoreCategory.OTHER, "L2", new BigDecimal("1.5"));

    assertThat(store.name()).isEqualTo("Book Nook");
    assertThat(store.active()).isTrue();
    assertThat(store.version()).isZero();
    assertThat(store.coinMultiplier()).isEqualTo(new BigDecimal("1.50"));
    assertThat(store.withActive(false).active()).isFalse();
    assertThat(store.withActive(false).version()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"G", "L2", "B1", "P-1", "ABCDEFGH", "12"})
  void constructor_validFloor_accepted(String floor) {
    assertThat(store(floor, "1").floor()).isEqualTo(floor);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " ", "L 2", "ABCDEFGHI", "2F!", "L2\n", "\u00c9"})
  void constructor_badFloor_rejectedNamingFloor(String floor) {
    assertThatThrownBy(() -> store(floor, "1"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("floor"))
        .hasMessageContaining("\"" + floor + "\"");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"0.1, 0.10", "10, 10.00", "1.5, 1.50", "1.500, 1.50", "2.25, 2.25", "1E+1, 10.00"})
  void constructor_multiplierInRange_storedWithScaleTwo(String multiplier, String stored) {
    assertThat(store("G", multiplier).coinMultiplier()).isEqualTo(new BigDecimal(stored));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.09", "0", "-1", "10.01", "1.234", "100"})
  void constructor_multiplierOutOfRange_rejectedNamingCoinMultiplier(String multiplier) {
    assertThatThrownBy(() -> store("G", multiplier))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("coinMultiplier"))
        .hasMessageContaining(multiplier);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1E+2147483647", "1E-2147483647", "-1E+999999999"})
  void constructor_multiplierWithHugeExponent_rejectedWithAShortMessage(String multiplier) {
    assertThatThrownBy(() -> store("G", multiplier))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("coinMultiplier"))
        .hasMessageContaining(multiplier)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }

  @Test
  void constructor_badNameOrMissingParts_rejectedNamingField() {
    BigDecimal one = BigDecimal.ONE;
    assertField(() -> new Store(ID, " ", StoreCategory.FOOD, "G", one, true, 0), "name");
    assertField(
        () -> new Store(ID, "x".repeat(101), StoreCategory.FOOD, "G", one, true, 0), "name");
    assertField(() -> new Store(ID, "a\u0001", StoreCategory.FOOD, "G", one, true, 0), "name");
    assertField(() -> new Store(null, "A", StoreCategory.FOOD, "G", one, true, 0), "id");
    assertField(() -> new Store(ID, "A", null, "G", one, true, 0), "category");
    assertField(() -> new Store(ID, "A", StoreCategory.FOOD, null, one, true, 0), "floor");
    assertField(() -> new Store(ID, "A", StoreCategory.FOOD, "G", null, true, 0), "coinMultiplier");
    assertField(() -> new Store(ID, "A", StoreCategory.FOOD, "G", one, true, -1), "version");
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource({
    "food, FOOD",
    "FOOD, FOOD",
    "' Fashion ', FASHION",
    "eLeCtRoNiCs, ELECTRONICS",
    "other, OTHER"
  })
  void parse_anyCase_returnsCategory(String text, StoreCategory category) {
    assertThat(StoreCategory.parse(text)).isEqualTo(category);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "groceries", "FOODS", "f00d"})
  void parse_unknown_rejectedListingAllowedValues(String text) {
    assertThatThrownBy(() -> StoreCategory.parse(text))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("category"))
        .hasMessageContaining(
            "FASHION, FOOD, ELECTRONICS, BEAUTY, HOME, ENTERTAINMENT, SERVICES, OTHER")
        .hasMessageContaining("\"" + text + "\"");
  }

  @Test
  void parse_null_rejected() {
    assertField(() -> StoreCategory.parse(null), "category");
  }

  private static Store store(String floor, String multiplier) {
    return new Store(ID, "Shop", StoreCategory.FOOD, floor, new BigDecimal(multiplier), true, 3);
  }

  static void assertField(Runnable action, String field) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
