package com.mallquest.mall.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalizedTextTest {

  private final LocalizedText text =
      LocalizedText.of(
          Map.of("en", "Spend 100", "es", "Gasta 100", "pt-br", "Gaste 100", "zh-Hans", "消费100"),
          "title",
          100);

  @Test
  void picksTheFirstPreferenceThatHasAText() {
    assertThat(text.pick(List.of("fr", "es"))).isEqualTo("Gasta 100");
    assertThat(text.pick(List.of("pt-BR"))).isEqualTo("Gaste 100");
    assertThat(text.pick(List.of("zh-Hans"))).isEqualTo("消费100");
  }

  @Test
  void fallsBackFromRegionToLanguageThenToEnglish() {
    assertThat(text.pick(List.of("es-MX"))).isEqualTo("Gasta 100");
    assertThat(text.pick(List.of("de", "it"))).isEqualTo("Spend 100");
    assertThat(text.pick(List.of())).isEqualTo("Spend 100");
    assertThat(text.pick(Arrays.asList(null, " ", "not a tag!"))).isEqualTo("Spend 100");
  }

  @Test
  void normalizesTagsAndStripsTexts() {
    assertThat(LocalizedText.of(Map.of("EN", "  Hi  "), "name", 10).texts())
        .isEqualTo(Map.of("en", "Hi"));
  }

  @Test
  void requiresEnglishAndWellFormedDistinctTagsAndTexts() {
    assertThatThrownBy(() -> LocalizedText.of(Map.of("es", "Hola"), "name", 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("English");
    assertThatThrownBy(() -> LocalizedText.of(Map.of("en", "Hi", "e$", "x"), "name", 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("BCP 47");
    assertThatThrownBy(() -> LocalizedText.of(Map.of("en", "Hi", "EN", "Hello"), "name", 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> LocalizedText.of(Map.of("en", " "), "name", 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("name.en");
    assertThatThrownBy(() -> LocalizedText.of(Map.of("en", "x".repeat(11)), "name", 10))
        .isInstanceOf(InvalidInputException.class);
  }
}
