package com.mallquest.mall.domain;

import java.util.regex.Pattern;

/** Argument checks shared by the domain's compact constructors. */
final class Checks {

  /** Longest rejected value echoed in a message; longer ones are cut so an error stays small. */
  private static final int MAX_SHOWN = 80;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Checks() {}

  static <T> T notNull(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, field + " is required");
    }
    return value;
  }

  static String id(String value, String field) {
    notNull(value, field);
    if (!ID.matcher(value).matches()) {
      throw new InvalidInputException(
          field, field + " must be 1-64 characters of [A-Za-z0-9_-], was " + show(value));
    }
    return value;
  }

  static long nonNegative(long value, String field) {
    if (value < 0) {
      throw new InvalidInputException(field, field + " must not be negative, was " + value);
    }
    return value;
  }

  /**
   * Strips {@code value} and checks it is 1 to {@code maxLength} UTF-16 characters without control
   * characters or unpaired surrogates. Counting UTF-16 units keeps the limit valid for both H2 and
   * PostgreSQL {@code VARCHAR} columns.
   */
  static String text(String value, String field, int maxLength) {
    notNull(value, field);
    String stripped = value.strip();
    if (stripped.isEmpty() || stripped.length() > maxLength) {
      throw new InvalidInputException(
          field,
          field + " must be 1-" + maxLength + " characters after stripping, was " + show(value));
    }
    for (int i = 0; i < stripped.length(); ) {
      int cp = stripped.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.CONTROL || type == Character.SURROGATE) {
        throw new InvalidInputException(
            field,
            field
                + " must not contain control characters, found U+"
                + String.format("%04X", cp)
                + " in "
                + show(value));
      }
      i += Character.charCount(cp);
    }
    return stripped;
  }

  /** The value quoted for a message, cut to a bounded length; {@code null} shown as such. */
  static String show(String value) {
    if (value == null) {
      return "null";
    }
    String cut = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
    return '"' + cut + '"';
  }
}
