package com.mallquest.smartcache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisValueTest {

  @Test
  void encode_thenParse_returnsVersionAndPayload() {
    byte[] stored = RedisValue.encode(Long.MAX_VALUE, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    RedisValue v = RedisValue.parse(stored);

    assertThat(new String(stored, StandardCharsets.US_ASCII)).startsWith("9223372036854775807|V{");
    assertThat(v.kind()).isEqualTo(RedisValue.Kind.VALUE);
    assertThat(v.version()).isEqualTo(Long.MAX_VALUE);
    assertThat(new String(v.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
  }

  @Test
  void parse_payloadContainsSeparator_splitsAtTheFirstOne() {
    RedisValue v = RedisValue.parse(RedisValue.encode(3, "x|y".getBytes(StandardCharsets.UTF_8)));
    assertThat(v.version()).isEqualTo(3);
    assertThat(new String(v.payload(), StandardCharsets.UTF_8)).isEqualTo("x|y");
  }

  @Test
  void parse_tombstones_withAndWithoutVersion() {
    assertThat(RedisValue.parse("12|Tabc".getBytes(StandardCharsets.US_ASCII)))
        .extracting(RedisValue::kind, RedisValue::version)
        .containsExactly(RedisValue.Kind.TOMBSTONE, 12L);
    assertThat(RedisValue.parse("|Tabc".getBytes(StandardCharsets.US_ASCII)))
        .extracting(RedisValue::kind, RedisValue::version)
        .containsExactly(RedisValue.Kind.TOMBSTONE, -1L);
  }

  @Test
  void parse_foreignBytes_isUnknownAndDoesNotThrow() {
    for (String raw :
        new String[] {"", "plain", "12", "12|", "x1|V{}", "99999999999999999999|V{}", "-1|V{}"}) {
      assertThat(RedisValue.parse(raw.getBytes(StandardCharsets.US_ASCII)).kind())
          .as(raw)
          .isEqualTo(RedisValue.Kind.UNKNOWN);
    }
  }
}
