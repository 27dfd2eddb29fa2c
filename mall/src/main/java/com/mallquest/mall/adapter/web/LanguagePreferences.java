package com.mallquest.mall.adapter.web;

import com.mallquest.mall.domain.Languages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages a response should be in, most wanted first: the shopper's own language, then the
 * ranges of the {@code Accept-Language} header by weight, then English. Feed the list to {@code
 * LocalizedText.pick} or to {@code EventMessages}.
 */
final class LanguagePreferences {

  /** Longer headers are ignored rather than parsed. */
  private static final int MAX_HEADER_LENGTH = 512;

  private LanguagePreferences() {}

  /**
   * The preference list.
   *
   * @param shopperLanguage the shopper's stored language, if the response is about one shopper
   * @param acceptLanguage the raw header, or {@code null}
   */
  static List<String> of(Optional<String> shopperLanguage, String acceptLanguage) {
    List<String> tags = new ArrayList<>();
    shopperLanguage.ifPresent(tags::add);
    tags.addAll(acceptLanguage(acceptLanguage));
    tags.add(Languages.FALLBACK);
    return List.copyOf(tags);
  }

  /** The header's language ranges by descending weight; empty if absent or malformed. */
  static List<String> acceptLanguage(String header) {
    if (header == null || header.isBlank() || header.length() > MAX_HEADER_LENGTH) {
      return List.of();
    }
    try {
      return Locale.LanguageRange.parse(header).stream()
          .filter(r -> r.getWeight() > 0)
          .map(Locale.LanguageRange::getRange)
          .filter(range -> !range.contains("*"))
          .toList();
    } catch (IllegalArgumentException e) {
      // A malformed header is the client's problem; it just does not count as a preference.
      return List.of();
    }
  }
}
