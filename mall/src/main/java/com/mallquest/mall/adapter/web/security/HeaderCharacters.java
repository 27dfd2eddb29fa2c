package com.mallquest.mall.adapter.web.security;

import java.util.function.Predicate;

/**
 * The firewall's header rules ({@code StrictHttpFirewall.ALLOWED_HEADER_NAMES} and {@code
 * ALLOWED_HEADER_VALUES}) without a regular expression: every code point assigned and none a
 * control character (a value may hold tabs). Spring Security checks them with a regex on every
 * {@code getHeader} call, several per request; this loop accepts exactly the same strings ({@code
 * HeaderCharactersTest}) at a fraction of the cost.
 */
final class HeaderCharacters {

  /** A header name: assigned, not a control character. */
  static final Predicate<String> NAMES = s -> allowed(s, false);

  /** A header value: assigned, not a control character other than a tab. */
  static final Predicate<String> VALUES = s -> allowed(s, true);

  private HeaderCharacters() {}

  private static boolean allowed(String s, boolean tab) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (cp < 0x80) {
        // Every ASCII code point is assigned; its controls are 0x00-0x1F and 0x7F.
        if ((cp < 0x20 || cp == 0x7F) && !(tab && cp == '\t')) {
          return false;
        }
        i++;
        continue;
      }
      int type = Character.getType(cp);
      if (type == Character.UNASSIGNED || type == Character.CONTROL) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }
}
