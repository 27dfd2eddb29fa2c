package com.mallquest.smartcache;

import java.util.Objects;
import java.util.function.Function;

/**
 * Turns keys into the strings used in Redis keys ({@code <namespace>:<cache>:<key>}) and in the
 * invalidation stream, and back.
 *
 * @param <K> the key type
 */
public interface KeyCodec<K> {

  /** The string form of {@code key}; must be stable across instances and not contain newlines. */
  String encode(K key);

  /** The key whose string form is {@code text}. */
  K decode(String text);

  /** The identity codec for string keys. */
  static KeyCodec<String> strings() {
    return of(Function.identity(), Function.identity());
  }

  /** Long keys in decimal. */
  static KeyCodec<Long> longs() {
    return of(String::valueOf, Long::valueOf);
  }

  /** A codec from two functions. */
  static <K> KeyCodec<K> of(Function<K, String> encoder, Function<String, K> decoder) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(decoder, "decoder");
    return new KeyCodec<>() {
      @Override
      public String encode(K key) {
        return encoder.apply(key);
      }

      @Override
      public K decode(String text) {
        return decoder.apply(text);
      }
    };
  }
}
