package com.mallquest.mall.domain;

import static com.mallquest.mall.domain.Fixtures.BHD;
import static com.mallquest.mall.domain.Fixtures.JPY;
import static com.mallquest.mall.domain.Fixtures.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

  @Test
  void major_usesCurrencyFractionDigits() {
    assertThat(new Money(1999, USD).major()).isEqualTo(new BigDecimal("19.99"));
    assertThat(new Money(1999, JPY).major()).isEqualTo(new BigDecimal("1999"));
    assertThat(new Money(12_345, BHD).major()).isEqualTo(new BigDecimal("12.345"));
    assertThat(new Money(0, USD).major()).isEqualByComparingTo("0");
    assertThat(new Money(1999, USD)).hasToString("19.99 USD");
  }

  @Test
  void of_mallCurrency_accepted() {
    assertThat(Money.of(1999, "USD", USD)).isEqualTo(new Money(1999, USD));
    assertThat(Money.of(1999, " usd ", USD)).isEqualTo(new Money(1999, USD));
  }

  @Test
  void of_otherCurrency_rejectedNamingBoth() {
    assertThatThrownBy(() -> Money.of(1999, "EUR", USD))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("currency"))
        .hasMessageContaining("USD")
        .hasMessageContaining("EUR");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "ZZZ", "US", "dollars", "US D"})
  void of_unknownCode_rejectedNamingCurrency(String code) {
    assertThatThrownBy(() -> Money.of(1, code, USD))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("currency"))
        .hasMessageContaining("\"" + code + "\"");
  }

  @Test
  void of_nullCode_rejectedAsRequired() {
    assertThatThrownBy(() -> Money.of(1, null, USD))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("currency"));
  }

  @Test
  void constructor_negative_rejectedNamingAmountMinor() {
    assertThatThrownBy(() -> Money.of(-5, "USD", USD))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("amountMinor"))
        .hasMessageContaining("-5");
  }

  @Test
  void constructor_currencyWithoutMinorUnit_rejected() {
    Currency noMinorUnit = Currency.getInstance("XXX");

    assertThatThrownBy(() -> new Money(1, noMinorUnit))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("currency"))
        .hasMessageContaining("XXX");
  }
}
