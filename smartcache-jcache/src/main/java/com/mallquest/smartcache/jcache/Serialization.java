package com.mallquest.smartcache.jcache;

import com.mallquest.smartcache.KeyCodec;
import com.mallquest.smartcache.SmartCacheException;
import com.mallquest.smartcache.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Base64;
import javax.cache.CacheException;

/**
 * Java serialization with a given class loader: store-by-value copies, the Redis value codec and the
 * Redis key codec of the provider. Keys and values must be {@link java.io.Serializable} for
 * store-by-value caches and whenever Redis is configured.
 *
 * <p>Values read back from Redis are deserialized: Redis must be as trusted as the JVM's own heap.
 */
final class Serialization implements ValueCodec {

  private final ClassLoader classLoader;

  Serialization(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** The bytes of {@code object}. */
  byte[] toBytes(Object object) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(object);
    } catch (IOException e) {
      throw new IllegalArgumentException("not serializable: " + object.getClass().getName(), e);
    }
    return out.toByteArray();
  }

  /** The object {@code bytes} hold, its classes resolved with this class loader. */
  Object fromBytes(byte[] bytes) {
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
      return in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new CacheException("cannot deserialize a cached object: " + e, e);
    }
  }

  @Override
  public byte[] encode(Object value) {
    return toBytes(value);
  }

  @Override
  public <V> V decode(byte[] bytes, Class<V> type) {
    try {
      return type.cast(fromBytes(bytes));
    } catch (RuntimeException e) {
      throw new SmartCacheException.CodecException("cannot decode a Java-serialized value", e);
    }
  }

  /**
   * Keys in Redis: strings as {@code s<text>}, longs as {@code l<decimal>}, integers as {@code
   * i<decimal>}, anything else (and strings with line breaks) as {@code b<base64 of its serialized
   * form>}. Stable across instances that share the key classes.
   */
  <K> KeyCodec<K> keyCodec(Class<K> keyType) {
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
        return "b" + Base64.getEncoder().encodeToString(toBytes(key));
      }

      @Override
      public K decode(String text) {
        String rest = text.substring(1);
        Object key = switch (text.charAt(0)) {
          case 's' -> rest;
          case 'l' -> Long.valueOf(rest);
          case 'i' -> Integer.valueOf(rest);
          case 'b' -> fromBytes(Base64.getDecoder().decode(rest));
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
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
