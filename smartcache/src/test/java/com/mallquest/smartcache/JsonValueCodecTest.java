package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonValueCodecTest {

  record Visit(String store, Instant at, List<String> tags) {}

  private final JsonValueCodec codec = new JsonValueCodec();

  @Test
  void encodeDecode_record_roundTrips() {
    Shopper s = new Shopper(7, "Ana", 120);
    assertThat(codec.decode(codec.encode(s), Shopper.class)).isEqualTo(s);
  }

  @Test
  void encodeDecode_javaTimeAndCollections_roundTrip() {
    Visit v = new Visit("s1", Instant.parse("2025-01-02T03:04:05Z"), List.of("vip", "weekend"));
    assertThat(codec.decode(codec.encode(v), Visit.class)).isEqualTo(v);
  }

  @Test
  void decode_garbage_throwsCodecExceptionNamingTheType() {
    assertThatThrownBy(
            () -> codec.decode("{not json".getBytes(StandardCharsets.UTF_8), Shopper.class))
        .isInstanceOf(SmartCacheException.CodecException.class)
        .hasMessageContaining(Shopper.class.getName());
  }

  @Test
  void decode_jsonNull_throwsCodecException() {
    assertThatThrownBy(() -> codec.decode("null".getBytes(StandardCharsets.UTF_8), Shopper.class))
        .isInstanceOf(SmartCacheException.CodecException.class);
  }
}
