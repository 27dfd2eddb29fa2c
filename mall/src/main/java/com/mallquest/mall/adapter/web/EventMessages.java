package com.mallquest.mall.adapter.web;

import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.Languages;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Mission;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Ready-to-show messages for domain events, from the UTF-8 bundles {@code
 * messages/events[_<lang>].properties}: one key per event type, with {@code {field}} placeholders
 * filled from the event's JSON fields. The language is the first of the caller's preferences that
 * has a bundle (exact tag, then the language without region), else English.
 */
@Component
class EventMessages {

  /** The languages with a bundle; English is the base bundle {@code events.properties}. */
  static final List<String> LANGUAGES = List.of("en", "es", "fr", "ar", "zh");

  /** The bundle's base name on the classpath. */
  static final String BASE = "messages/events";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  private final Map<String, Map<String, String>> bundles = new LinkedHashMap<>();
  private final LocalizedText languages;
  private final Function<String, Optional<LocalizedText>> missionTitles;

  /** Without mission titles: a mission event's message then names the mission by its id. */
  EventMessages() {
    this(id -> Optional.empty());
  }

  /** With the missions' titles, looked up in the mission cache. */
  @Autowired
  EventMessages(MissionCache missions) {
    this(
        id ->
            missions.catalog().missions().stream()
                .filter(m -> m.id().equals(id))
                .findFirst()
                .map(Mission::title));
  }

  private EventMessages(Function<String, Optional<LocalizedText>> missionTitles) {
    this.missionTitles = missionTitles;
    Map<String, String> tags = new TreeMap<>();
    for (String language : LANGUAGES) {
      bundles.put(language, load(resource(language)));
      tags.put(language, language);
    }
    this.languages = new LocalizedText(tags);
  }

  /** The classpath resource of a language's bundle. */
  static String resource(String language) {
    return BASE + (language.equals(Languages.FALLBACK) ? "" : "_" + language) + ".properties";
  }

  /** The language {@link #render} uses for these preferences. */
  String language(List<String> preferences) {
    return languages.pickLanguage(preferences);
  }

  /**
   * The message for an event, in the first preferred language that has one; empty if none is
   * defined.
   */
  Optional<String> render(DomainEvent event, List<String> preferences) {
    Map<String, Object> fields = Views.eventFields(event);
    if (fields.get("missionId") instanceof String missionId) {
      fields.put(
          "title", missionTitles.apply(missionId).map(t -> t.pick(preferences)).orElse(missionId));
    }
    return render(event.type(), fields, preferences);
  }

  /** The message for an event type with its fields. */
  Optional<String> render(String type, Map<String, Object> fields, List<String> preferences) {
    String pattern = bundles.get(language(preferences)).get(type);
    if (pattern == null) {
      pattern = bundles.get(Languages.FALLBACK).get(type);
    }
    if (pattern == null) {
      return Optional.empty();
    }
    Matcher m = PLACEHOLDER.matcher(pattern);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = fields.get(m.group(1));
      m.appendReplacement(
          out, Matcher.quoteReplacement(value == null ? m.group() : String.valueOf(value)));
    }
    m.appendTail(out);
    return Optional.of(out.toString());
  }

  /** Reads a bundle as UTF-8. */
  static Map<String, String> load(String resource) {
    Properties properties = new Properties();
    try (InputStream in = EventMessages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("message bundle missing: " + resource);
      }
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> messages = new TreeMap<>();
    properties.forEach((k, v) -> messages.put((String) k, (String) v));
    return messages;
  }

  /** The placeholder names in a pattern. */
  static List<String> placeholders(String pattern) {
    return PLACEHOLDER.matcher(pattern).results().map(r -> r.group(1)).sorted().toList();
  }
}
