package com.mallquest.smartcache;

/**
 * Encodes values for Redis and for the byte weigher of the memory tier. One codec serves every
 * cache of a {@link SmartCacheManager}; each cache names its value type.
 *
 * <p>Implementations are thread-safe. {@link JsonValueCodec} (Jackson 3) is the default.
 */
public interface ValueCodec {

  /** The bytes of {@code value}; never {@code null}. */
  byte[] encode(Object value);

  /**
   * The value of {@code type} that {@code bytes} encode.
   *
   * @throws SmartCacheException.CodecException if the bytes do not decode
   */
  <V> V decode(byte[] bytes, Class<V> type);
}
