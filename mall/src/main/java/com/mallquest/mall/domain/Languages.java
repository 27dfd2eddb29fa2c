package com.mallquest.mall.domain;

import java.util.IllformedLocaleException;
import java.util.Locale;

/** Language tags as the programme stores them: BCP 47, normalized, English the fallback. */
public final class Languages {

  /** The language every text has and every choice falls back to. */
  public static final String FALLBACK = "en";

  /** Longest tag accepted. */
  public static final int MAX_LENGTH = 64;

  private Languages() {}

  /**
   * The tag in its normal form ({@code "pt-br"} becomes {@code "pt-BR"}).
   *
   * @param field the input field named in the error
   * @throws InvalidInputException if it is not a well-formed BCP 47 tag with a language
   */
  public static String normalize(String tag, String field) {
    Checks.notNull(tag, field);
    // Locale.Builder treats "" as "reset", not as an error, so blank tags are rejected here.
    if (tag.isBlank() || tag.length() > MAX_LENGTH) {
      throw invalid(tag, field);
    }
    try {
      Locale locale = new Locale.Builder().setLanguageTag(tag).build();
      String normalized = locale.toLanguageTag();
      if (locale.getLanguage().isEmpty() || normalized.equals("und")) {
        throw invalid(tag, field);
      }
      return normalized;
    } catch (IllformedLocaleException e) {
      throw invalid(tag, field);
    }
  }

  private static InvalidInputException invalid(String tag, String field) {
    return new InvalidInputException(
        field, field + " must be a BCP 47 language tag like en or pt-BR, was " + Checks.show(tag));
  }
}
