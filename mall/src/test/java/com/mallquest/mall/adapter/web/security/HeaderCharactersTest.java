package com.mallquest.mall.adapter.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The firewall's header rules without a regex accept exactly what Spring Security's regex does. */
class HeaderCharactersTest {

  @Property(tries = 3000)
  void names_acceptExactlyWhatSpringSecurityAccepts(@ForAll("headers") String s) {
    assertThat(HeaderCharacters.NAMES.test(s))
        .as("%s", s.codePoints().mapToObj(Integer::toHexString).toList())
        .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(s));
  }

  @Property(tries = 3000)
  void values_acceptExactlyWhatSpringSecurityAccepts(@ForAll("headers") String s) {
    assertThat(HeaderCharacters.VALUES.test(s))
        .as("%s", s.codePoints().mapToObj(Integer::toHexString).toList())
        .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(s));
  }

  /** Mostly printable ASCII, as headers are, with controls, Latin-1, unassigned and surrogates. */
  @Provide
  Arbitrary<String> headers() {
    Arbitrary<Character> chars =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.chars().range(' ', '~')),
            net.jqwik.api.Tuple.of(2, Arbitraries.chars().range('\u0000', '\u00ff')),
            net.jqwik.api.Tuple.of(1, Arbitraries.of('\t', '\u007f', '\u0085', '\u2028', '\u0378')),
            net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\ud800', '\udfff')),
            net.jqwik.api.Tuple.of(1, Arbitraries.chars().all()));
    return chars.list().ofMaxSize(12).map(HeaderCharactersTest::string);
  }

  private static String string(java.util.List<Character> chars) {
    StringBuilder s = new StringBuilder(chars.size());
    chars.forEach(s::append);
    return s.toString();
  }

  @Test
  void examples() {
    assertThat(HeaderCharacters.VALUES.test("application/json; q=0.9\tx")).isTrue();
    assertThat(HeaderCharacters.NAMES.test("X-Api\tKey")).isFalse();
    assertThat(HeaderCharacters.VALUES.test("a\u0000b")).isFalse();
    assertThat(HeaderCharacters.VALUES.test("a\rb")).isFalse();
    assertThat(HeaderCharacters.VALUES.test("caf\u00e9 \ud83d\ude00")).isTrue();
    assertThat(HeaderCharacters.VALUES.test("\u0378")).as("unassigned").isFalse();
    assertThat(HeaderCharacters.VALUES.test("")).isTrue();
  }
}
