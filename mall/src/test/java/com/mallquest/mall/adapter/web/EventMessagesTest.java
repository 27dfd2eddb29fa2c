package com.mallquest.mall.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.VipTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventMessagesTest {

  /**
   * Every event type the programme emits (the missions feature adds the mission, companion and cap
   * ones).
   */
  private static final List<String> TYPES =
      List.of(
          "level_up",
          "tier_changed",
          "mission_progress",
          "mission_completed",
          "companion_evolved",
          "streak",
          "cap_reached",
          "checked_in");

  private final EventMessages messages = new EventMessages();

  @Test
  void bundles_everyLanguageHasExactlyEveryEventKey() {
    for (String language : EventMessages.LANGUAGES) {
      assertThat(EventMessages.load(EventMessages.resource(language)).keySet())
          .as(language)
          .containsExactlyInAnyOrderElementsOf(TYPES);
    }
  }

  @Test
  void bundles_placeholdersMatchEnglishInEveryLanguage() {
    Map<String, String> english = EventMessages.load(EventMessages.resource("en"));
    for (String language : EventMessages.LANGUAGES) {
      Map<String, String> bundle = EventMessages.load(EventMessages.resource(language));
      for (String type : TYPES) {
        assertThat(EventMessages.placeholders(bundle.get(type)))
            .as(language + " " + type)
            .isEqualTo(EventMessages.placeholders(english.get(type)));
        assertThat(bundle.get(type)).as(language + " " + type).isNotBlank();
      }
    }
  }

  @Test
  void bundles_onDiskAreExactlyTheListedLanguages() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/messages"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("events")))
          .containsExactlyInAnyOrderElementsOf(
              EventMessages.LANGUAGES.stream()
                  .map(l -> EventMessages.resource(l).substring("messages/".length()))
                  .toList());
    }
  }

  @Test
  void render_arabicAndChinese_filledAndInTheirScript() {
    DomainEvent up = new DomainEvent.LevelUp(2, 5);
    assertThat(messages.render(up, List.of("ar"))).hasValue("ارتقيت مستوى! أنت الآن في المستوى 5.");
    assertThat(messages.render(up, List.of("zh-CN"))).hasValue("升级了！你现在是 5 级。");
    assertThat(
            messages.render(
                new DomainEvent.TierChanged(VipTier.SILVER, VipTier.GOLD), List.of("fr")))
        .hasValue("Votre statut VIP est maintenant Gold.");
    assertThat(messages.render(new DomainEvent.CheckedIn(3, 15), List.of("es-MX")))
        .hasValue("Registro hecho: día 3 de tu racha, 15 monedas.");
  }

  @Test
  void render_missionEventFields_filled() {
    assertThat(
            messages.render(
                "mission_progress",
                Map.of("title", "Spend 100", "progress", 40, "target", 100),
                List.of("en")))
        .hasValue("Mission \"Spend 100\": 40 of 100.");
    assertThat(messages.render("unknown_type", Map.of(), List.of("en"))).isEmpty();
  }

  @Test
  void language_shopperFirst_thenAcceptLanguage_thenEnglish() {
    assertThat(messages.language(LanguagePreferences.of(Optional.of("fr"), "es;q=0.9, ar;q=0.8")))
        .isEqualTo("fr");
    assertThat(messages.language(LanguagePreferences.of(Optional.of("de"), "ar;q=0.5, es;q=0.9")))
        .isEqualTo("es");
    assertThat(messages.language(LanguagePreferences.of(Optional.of("de"), "zh-Hans-CN")))
        .isEqualTo("zh");
    assertThat(messages.language(LanguagePreferences.of(Optional.of("de"), "ja, *;q=0.1")))
        .isEqualTo("en");
    assertThat(messages.language(LanguagePreferences.of(Optional.empty(), "not a header;;")))
        .isEqualTo("en");
    assertThat(messages.language(LanguagePreferences.of(Optional.empty(), null))).isEqualTo("en");
  }
}
