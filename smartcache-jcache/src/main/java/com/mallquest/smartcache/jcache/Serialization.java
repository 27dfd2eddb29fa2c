package com.mallquest.smartcache.jcache;

import com.mallquest.smartcache.JavaSerializationCodec;
import com.mallquest.smartcache.KeyCodec;
import com.mallquest.smartcache.SmartCacheException;
import javax.cache.CacheException;

/**
 * Java serialization with the cache manager's class loader: store-by-value copies, the Redis value
 * codec and the Redis key codec. Keys and values must be {@link java.io.Serializable} for
 * store-by-value caches and whenever Redis is configured.
 */
final class Serialization {

  private final JavaSerializationCodec codec;

  Serialization(ClassLoader classLoader) {
    this.codec = new JavaSerializationCodec(classLoader);
  }

  /** The codec for the SmartCacheManager underneath. */
  JavaSerializationCodec codec() {
    return codec;
  }

  /** The bytes of {@code object}. */
  byte[] toBytes(Object object) {
    try {
      return codec.encode(object);
    } catch (SmartCacheException.CodecException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The object {@code bytes} hold, its classes resolved with the manager's class loader. */
  Object fromBytes(byte[] bytes) {
    try {
      return codec.decode(bytes);
    } catch (SmartCacheException.CodecException e) {
      throw new CacheException(e.getMessage(), e);
    }
  }

  <K> KeyCodec<K> keyCodec(Class<K> keyType) {
    return codec.keyCodec(keyType);
  }
}
