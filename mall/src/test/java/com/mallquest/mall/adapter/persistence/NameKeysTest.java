package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameKeysTest {

  @Test
  void upperBound_incrementsTheLastCodePoint() {
    assertThat(NameKeys.upperBound("ab")).isEqualTo("ac");
    assertThat(NameKeys.upperBound("a\uD7FF")).isEqualTo("a\uE000");
    assertThat(NameKeys.upperBound("a\uD83D\uDE00")).isEqualTo("a\uD83D\uDE01");
    assertThat(NameKeys.upperBound("a" + new String(Character.toChars(Character.MAX_CODE_POINT))))
        .isEqualTo("b");
    assertThat(NameKeys.upperBound("")).isEmpty();
  }

  @Test
  void of_lowerCasesAndNeverSplitsASurrogatePair() {
    assertThat(NameKeys.of("ÀDA")).isEqualTo("àda");
    String key = NameKeys.of("a".repeat(99) + "\uD83D\uDE00");
    assertThat(key).hasSize(99);
  }
}
