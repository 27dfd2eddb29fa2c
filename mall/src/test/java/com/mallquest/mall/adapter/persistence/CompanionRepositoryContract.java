package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.port.CompanionRepository.Fed;
import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.CompanionSpecies;
import com.mallquest.mall.domain.EvolutionStage;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Rarity;
import com.mallquest.mall.domain.Shopper;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Feeding the active companion: one statement that changes its xp and reads its species. */
abstract class CompanionRepositoryContract extends DatabaseContract {

  private static final CompanionSpecies FOX =
      new CompanionSpecies(
          "fox",
          LocalizedText.english("Fox"),
          Rarity.RARE,
          250L,
          List.of(
              new EvolutionStage(LocalizedText.english("Kit"), 0),
              new EvolutionStage(LocalizedText.english("Fox"), 100)),
          1);

  private JdbcCompanionRepository companions;
  private Shopper shopper;

  /** After the tables were emptied: the species and a shopper. */
  @BeforeEach
  void foxAndShopper() {
    companions = new JdbcCompanionRepository(database.dataSource());
    companions.insertSpecies(FOX);
    shopper = givenShopper();
  }

  private Companion given(String id, boolean active, long xp) {
    Companion companion = new Companion(id, shopper.id(), FOX.id(), xp, 0, active, "purchase", T0);
    assertThat(companions.insert(companion, "key-" + id)).isTrue();
    return companion;
  }

  @Test
  void feedActive_addsXpToTheActiveOneOnly_andAnswersItAsBefore_withItsSpecies() {
    Companion active = given("c-active", true, 40);
    Companion idle = given("c-idle", false, 7);

    Fed fed = companions.feedActive(shopper.id(), 75).orElseThrow();

    assertThat(fed.before()).isEqualTo(active);
    assertThat(fed.species()).isEqualTo(FOX);
    assertThat(companions.findByShopper(shopper.id()))
        .containsExactlyInAnyOrder(
            new Companion(active.id(), shopper.id(), "fox", 115, 0, true, "purchase", T0), idle);

    companions.setStage(active.id(), 1);
    assertThat(companions.findActive(shopper.id()).orElseThrow().stage()).isEqualTo(1);
  }

  @Test
  void feedActive_noActiveCompanion_emptyAndNothingChanged() {
    Companion idle = given("c-idle", false, 7);
    Shopper other = givenShopper();

    assertThat(companions.feedActive(shopper.id(), 75)).isEmpty();
    assertThat(companions.feedActive(other.id(), 75)).isEmpty();
    assertThat(companions.findByShopper(shopper.id())).containsExactly(idle);
  }

  @Test
  void feedActive_nearTheLargestXp_saturatesAsTheDomainDoes() {
    Companion active = given("c-active", true, Long.MAX_VALUE - 10);

    Fed fed = companions.feedActive(shopper.id(), 1_000).orElseThrow();

    assertThat(companions.findActive(shopper.id()).orElseThrow().xp()).isEqualTo(Long.MAX_VALUE);
    assertThat(fed.before().gain(1_000, fed.species()).companion().xp())
        .isEqualTo(active.gain(1_000, FOX).companion().xp());
  }
}
