package com.mallquest.mall.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;

class IdsTest {

  static Stream<Arguments> parsers() {
    return Stream.of(
        Arguments.of("ShopperId", (Function<String, Object>) ShopperId::of),
        Arguments.of("StoreId", (Function<String, Object>) StoreId::of));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void of_validValues_accepted(String kind, Function<String, Object> parse) {
    for (String value : new String[] {"a", "A-b_9", "x".repeat(64), "123e4567-e89b-12d3"}) {
      assertThat(parse.apply(value)).hasToString(value);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void of_invalidValues_rejectedNamingIdAndValue(String kind, Function<String, Object> parse) {
    for (String value : new String[] {"", " ", "a b", "a/b", "caf\u00e9", "x".repeat(65), "a\n"}) {
      assertThatThrownBy(() -> parse.apply(value))
          .as("%s %s", kind, value)
          .isInstanceOfSatisfying(
              InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("id"))
          .hasMessageContaining("id must be");
    }
    assertThatThrownBy(() -> parse.apply("bad id!")).hasMessageContaining("\"bad id!\"");
  }

  @ParameterizedTest
  @NullSource
  void of_null_rejectedAsRequired(String value) {
    assertThatThrownBy(() -> ShopperId.of(value))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("id is required");
    assertThatThrownBy(() -> StoreId.of(value)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void random_validAndDistinct() {
    ShopperId a = ShopperId.random();
    ShopperId b = ShopperId.random();

    assertThat(ShopperId.of(a.value())).isEqualTo(a);
    assertThat(a).isNotEqualTo(b);
    assertThat(StoreId.of(StoreId.random().value()).value()).hasSize(36);
  }

  @Test
  void of_hugeValue_messageStaysShort() {
    assertThatThrownBy(() -> ShopperId.of("x".repeat(10_000)))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }
}
