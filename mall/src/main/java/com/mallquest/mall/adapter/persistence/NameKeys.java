package com.mallquest.mall.adapter.persistence;

import java.util.Locale;

/**
 * The search key of a display name (column {@code shoppers.display_name_key}): lower-cased by
 * {@link Locale#ROOT} rules, at most 100 UTF-16 units, never split inside a surrogate pair.
 */
final class NameKeys {

  static final int MAX_LENGTH = 100;

  private NameKeys() {}

  /** The key of {@code displayName} (or of a prefix a search is given). */
  static String of(String displayName) {
    String key = displayName.toLowerCase(Locale.ROOT);
    if (key.length() <= MAX_LENGTH) {
      return key;
    }
    int end = Character.isHighSurrogate(key.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
    return key.substring(0, end);
  }

  /**
   * The smallest string greater than every string that starts with {@code prefix} under code point
   * order: the prefix with its last code point incremented (a prefix ending in U+10FFFF drops it
   * and increments the one before; empty if nothing is left, meaning no upper bound).
   */
  static String upperBound(String prefix) {
    int end = prefix.length();
    while (end > 0) {
      int last = prefix.codePointBefore(end);
      int start = end - Character.charCount(last);
      if (last < Character.MAX_CODE_POINT) {
        int next = last + 1;
        // Skip the surrogate range: those are not code points a Java String holds alone.
        if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
          next = Character.MAX_SURROGATE + 1;
        }
        return prefix.substring(0, start) + new String(Character.toChars(next));
      }
      end = start;
    }
    return "";
  }
}
