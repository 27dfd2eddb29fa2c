package com.mallquest.mall.domain;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A text an operator writes in several languages (a mission's title, a reward's name). English is
 * required, since every choice falls back to it.
 *
 * @param texts the text per normalized BCP 47 tag, sorted by tag; contains {@link
 *     Languages#FALLBACK}
 */
public record LocalizedText(Map<String, String> texts) {

  /** Most languages one text may carry. */
  public static final int MAX_LANGUAGES = 32;

  /**
   * Normalizes the tags, strips the texts and checks them.
   *
   * @throws InvalidInputException if English is missing, a tag is malformed or given twice, or a
   *     text is blank, too long or holds control characters
   */
  public LocalizedText {
    Checks.notNull(texts, "texts");
    if (texts.size() > MAX_LANGUAGES) {
      throw new InvalidInputException(
          "texts", "at most " + MAX_LANGUAGES + " languages, was " + texts.size());
    }
    Map<String, String> normalized = new TreeMap<>();
    texts.forEach(
        (tag, text) -> {
          String language = Languages.normalize(tag, "language");
          if (normalized.put(language, text) != null) {
            throw new InvalidInputException("language", "language " + language + " is given twice");
          }
        });
    if (!normalized.containsKey(Languages.FALLBACK)) {
      throw new InvalidInputException("texts", "an English (\"en\") text is required");
    }
    texts = Map.copyOf(normalized);
  }

  /**
   * Checks each text as {@code field}, 1 to {@code maxLength} characters after stripping.
   *
   * @throws InvalidInputException naming {@code field} and the language
   */
  public static LocalizedText of(Map<String, String> texts, String field, int maxLength) {
    Checks.notNull(texts, field);
    Map<String, String> checked = new TreeMap<>();
    texts.forEach((tag, text) -> checked.put(tag, Checks.text(text, field + "." + tag, maxLength)));
    try {
      return new LocalizedText(checked);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(field, field + ": " + e.getMessage());
    }
  }

  /** English only. */
  public static LocalizedText english(String text) {
    return new LocalizedText(Map.of(Languages.FALLBACK, text));
  }

  /**
   * The text for the first preference that has one: an exact tag match first, then the same
   * language without region ({@code "es-MX"} takes {@code "es"}), else English.
   *
   * @param preferences tags in order of preference (the shopper's language, then Accept-Language)
   */
  public String pick(List<String> preferences) {
    return texts.get(pickLanguage(preferences));
  }

  /** The tag {@link #pick(List)} chooses. */
  public String pickLanguage(List<String> preferences) {
    for (String preference : preferences) {
      if (preference == null || preference.isBlank()) {
        continue;
      }
      Locale wanted = Locale.forLanguageTag(preference);
      String exact = wanted.toLanguageTag();
      if (texts.containsKey(exact)) {
        return exact;
      }
      String language = wanted.getLanguage();
      if (!language.isEmpty() && texts.containsKey(language)) {
        return language;
      }
    }
    return Languages.FALLBACK;
  }
}
