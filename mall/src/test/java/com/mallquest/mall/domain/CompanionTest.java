package com.mallquest.mall.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Species rules and companion growth. */
class CompanionTest {

  private final CompanionSpecies fox =
      new CompanionSpecies(
          "fox",
          LocalizedText.english("Fox"),
          Rarity.RARE,
          500L,
          List.of(stage("Kit", 0), stage("Fox", 100), stage("Elder Fox", 300)),
          1);

  @Test
  void stageFor_followsTheThresholds() {
    assertThat(fox.stageFor(0)).isZero();
    assertThat(fox.stageFor(99)).isZero();
    assertThat(fox.stageFor(100)).isEqualTo(1);
    assertThat(fox.stageFor(10_000)).isEqualTo(2);
  }

  @Test
  void gain_crossingAThreshold_evolvesWithEvent_otherwiseNoEvent() {
    Companion kit =
        new Companion("c1", ShopperId.of("ann"), "fox", 90, 0, true, "purchase", Instant.EPOCH);

    Companion.Growth small = kit.gain(5, fox);
    Companion.Growth big = kit.gain(250, fox);

    assertThat(small.companion().xp()).isEqualTo(95);
    assertThat(small.evolved()).isEmpty();
    assertThat(big.companion().stage()).isEqualTo(2);
    assertThat(big.evolved()).contains(new DomainEvent.CompanionEvolved("c1", "fox", 0, 2));
  }

  @Test
  void species_badStagesOrPrice_refusedNamingTheField() {
    assertThatThrownBy(
            () ->
                new CompanionSpecies(
                    "x",
                    LocalizedText.english("X"),
                    Rarity.COMMON,
                    null,
                    List.of(stage("a", 10)),
                    1))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("stages"));
    assertThatThrownBy(
            () ->
                new CompanionSpecies(
                    "x",
                    LocalizedText.english("X"),
                    Rarity.COMMON,
                    null,
                    List.of(stage("a", 0), stage("b", 0)),
                    1))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("stages"));
    assertThatThrownBy(
            () ->
                new CompanionSpecies(
                    "x", LocalizedText.english("X"), Rarity.COMMON, 0L, List.of(stage("a", 0)), 1))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("priceCoins"));
    assertThat(
            new CompanionSpecies(
                    "x", LocalizedText.english("X"), Rarity.EPIC, null, List.of(stage("a", 0)), 1)
                .price())
        .isEmpty();
  }

  private static EvolutionStage stage(String name, long xp) {
    return new EvolutionStage(LocalizedText.english(name), xp);
  }
}
