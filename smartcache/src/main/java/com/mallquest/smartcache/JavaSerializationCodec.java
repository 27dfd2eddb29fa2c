package com.mallquest.smartcache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Base64;
import java.util.Objects;

/**
 * Java serialization as a {@link ValueCodec}, for caches whose values have no one type (the JCache
 * provider, the Spring cache manager): values must be {@link java.io.Serializable}. Classes are
 * resolved with the given class loader.
 *
 * <p><b>Trust.</b> Values read from Redis are deserialized: whoever can write to Redis can make
 * this JVM instantiate any serializable class on its class path. Use it only with a Redis that is
 * as trusted as the application itself (or set a JVM-wide {@code jdk.serialFilter}).
 */
public final class JavaSerializationCodec implements ValueCodec {

  private final ClassLoader classLoader;

  /** A codec that resolves classes with {@code classLoader}. */
  public JavaSerializationCodec(ClassLoader classLoader) {
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
  }

  /**
   * The serialized form of {@code value}.
   *
   * @throws SmartCacheException.CodecException if it is not serializable
   */
  @Override
  public byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(value);
    } catch (IOException e) {
      throw new SmartCacheException.CodecException(
          "not serializable: " + value.getClass().getName(), e);
    }
    return out.toByteArray();
  }

  /**
   * The object {@code bytes} hold.
   *
   * @throws SmartCacheException.CodecException if they do not deserialize
   */
  public Object decode(byte[] bytes) {
    try (ObjectInputStream in =
        new LoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
      return in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new SmartCacheException.CodecException("cannot deserialize: " + e, e);
    }
  }

  @Override
  public <V> V decode(byte[] bytes, Class<V> type) {
    Object value = decode(bytes);
    if (!type.isInstance(value)) {
      throw new SmartCacheException.CodecException(
          "expected a " + type.getName() + ", found a " + value.getClass().getName());
    }
    return type.cast(value);
  }

  /**
   * Keys of any serializable type as Redis key text: strings as {@code s<text>}, longs as {@code
   * l<decimal>}, integers as {@code i<decimal>}, anything else (and strings with line breaks) as
   * {@code b<base64 of the serialized key>}. Stable across instances that share the key classes (a
   * key class's serialized form must not depend on the instance: no identity hash codes).
   */
  public <K> KeyCodec<K> keyCodec(Class<K> keyType) {
    Objects.requireNonNull(keyType, "keyType");
    return new KeyCodec<>() {
      @Override
      public String encode(K key) {
        if (key instanceof String s && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
          return "s" + s;
        }
        if (key instanceof Long l) {
          return "l" + l;
        }
        if (key instanceof Integer i) {
          return "i" + i;
        }
        return "b" + Base64.getEncoder().encodeToString(JavaSerializationCodec.this.encode(key));
      }

      @Override
      public K decode(String text) {
        String rest = text.substring(1);
        Object key =
            switch (text.charAt(0)) {
              case 's' -> rest;
              case 'l' -> Long.valueOf(rest);
              case 'i' -> Integer.valueOf(rest);
              case 'b' -> JavaSerializationCodec.this.decode(Base64.getDecoder().decode(rest));
              default -> throw new IllegalArgumentException("unknown key form: " + text);
            };
        return keyType.cast(key);
      }
    };
  }

  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
