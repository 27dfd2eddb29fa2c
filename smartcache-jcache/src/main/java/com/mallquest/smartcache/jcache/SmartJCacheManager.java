package com.mallquest.smartcache.jcache;

import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.SmartCacheManager;
import com.mallquest.smartcache.SourceOfRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * A JSR-107 {@link CacheManager} over one {@link SmartCacheManager}.
 *
 * <p>Properties (given to {@link CachingProvider#getCacheManager(URI, ClassLoader, Properties)},
 * else read from the system properties of the same name): {@value #REDIS_URI} (no Redis when
 * absent: one JVM), {@value #NAMESPACE} (Redis key prefix, default {@code jcache}), {@value
 * #MEMORY_LIMIT} (entries of each SmartCache memory tier, default 1000) and {@value
 * #REDIS_TTL_SECONDS} (default 3600). The SmartCache of a JCache named {@code n} is named from
 * {@code n} and its digest, so every instance that uses the same namespace and cache names shares
 * the same Redis keys.
 */
public final class SmartJCacheManager implements CacheManager {

  /** Property: the Redis URI. */
  public static final String REDIS_URI = "smartcache.redis-uri";

  /** Property: the Redis key namespace. */
  public static final String NAMESPACE = "smartcache.namespace";

  /** Property: entries of each SmartCache memory tier underneath. */
  public static final String MEMORY_LIMIT = "smartcache.memory-limit";

  /** Property: the Redis TTL of an entry, in seconds. */
  public static final String REDIS_TTL_SECONDS = "smartcache.redis-ttl-seconds";

  private final SmartCachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final Serialization serialization;
  private final ConcurrentHashMap<String, SmartJCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final AtomicLong lastVersion = new AtomicLong();
  private final Object lifecycle = new Object();
  private volatile SmartCacheManager smartCacheManager;
  private volatile ExecutorService executor;
  private volatile boolean closed;

  SmartJCacheManager(
      SmartCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = properties;
    this.serialization = new Serialization(classLoader);
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(
      String cacheName, C configuration) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    CompleteConfiguration<K, V> complete = complete(configuration);
    if (complete.isReadThrough() && complete.getCacheLoaderFactory() == null) {
      throw new IllegalArgumentException("read-through needs a CacheLoader factory");
    }
    if (complete.isWriteThrough() && complete.getCacheWriterFactory() == null) {
      throw new IllegalArgumentException("write-through needs a CacheWriter factory");
    }
    synchronized (lifecycle) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("a cache named " + cacheName + " exists already");
      }
      SmartJCache<K, V> cache = new SmartJCache<>(this, cacheName, complete);
      caches.put(cacheName, cache);
      return cache;
    }
  }

  @SuppressWarnings("unchecked")
  private static <K, V> CompleteConfiguration<K, V> complete(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration<K, V> c) {
      return new MutableConfiguration<>(c);
    }
    MutableConfiguration<K, V> m = new MutableConfiguration<>();
    m.setTypes(configuration.getKeyType(), configuration.getValueType());
    m.setStoreByValue(configuration.isStoreByValue());
    return m;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    SmartJCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return null;
    }
    CompleteConfiguration<?, ?> config = cache.configurationView();
    if (!config.getKeyType().equals(keyType)) {
      throw new ClassCastException(
          "cache "
              + cacheName
              + " has key type "
              + config.getKeyType().getName()
              + ", not "
              + keyType.getName());
    }
    if (!config.getValueType().equals(valueType)) {
      throw new ClassCastException(
          "cache "
              + cacheName
              + " has value type "
              + config.getValueType().getName()
              + ", not "
              + valueType.getName());
    }
    return (Cache<K, V>) cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    return (Cache<K, V>) caches.get(cacheName);
  }

  @Override
  public Iterable<String> getCacheNames() {
    checkOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    SmartJCache<?, ?> cache;
    synchronized (lifecycle) {
      cache = caches.remove(cacheName);
      if (cache == null) {
        return;
      }
      cache.clear();
      cache.closeLocal();
      cache.destroyLocal();
      smartCacheManager().removeCache(smartName(cacheName));
    }
  }

  /** A cache closed itself: forget it. */
  void release(SmartJCache<?, ?> cache) {
    synchronized (lifecycle) {
      if (caches.remove(cache.getName(), cache) && smartCacheManager != null) {
        smartCacheManager.removeCache(smartName(cache.getName()));
      }
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    SmartJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.enableManagement(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    SmartJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.enableStatistics(enabled);
    }
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      for (SmartJCache<?, ?> cache : new ArrayList<>(caches.values())) {
        cache.closeLocal();
      }
      caches.clear();
      if (smartCacheManager != null) {
        smartCacheManager.close();
      }
      if (executor != null) {
        executor.shutdown();
      }
    }
    provider.release(this);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Unwraps to this class, or to the {@link SmartCacheManager} underneath. */
  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz.isInstance(smartCacheManager())) {
      return clazz.cast(smartCacheManager());
    }
    throw new IllegalArgumentException("cannot unwrap a cache manager to " + clazz.getName());
  }

  // ---------------------------------------------------------------- for the caches

  Serialization serialization() {
    return serialization;
  }

  /** The SmartCacheManager underneath, built on first use. */
  SmartCacheManager smartCacheManager() {
    SmartCacheManager m = smartCacheManager;
    if (m == null) {
      synchronized (lifecycle) {
        m = smartCacheManager;
        if (m == null) {
          SmartCacheManager.Builder b =
              SmartCacheManager.builder()
                  .namespace(property(NAMESPACE, "jcache"))
                  .codec(serialization.codec());
          String redis = property(REDIS_URI, null);
          if (redis != null && !redis.isBlank()) {
            b.redisUri(redis);
          }
          m = b.build();
          smartCacheManager = m;
        }
      }
    }
    return m;
  }

  /** The configuration of the SmartCache under the JCache {@code cacheName}. */
  <K> CacheConfig.Builder<K, Object> sharedConfig(
      String cacheName, Class<K> keyType, SourceOfRecord<K, Object> source) {
    return CacheConfig.builder(
            smartName(cacheName), Object.class, serialization.keyCodec(keyType), source)
        .memoryLimitEntries(Long.parseLong(property(MEMORY_LIMIT, "1000")))
        .redisTtl(Duration.ofSeconds(Long.parseLong(property(REDIS_TTL_SECONDS, "3600"))));
  }

  /** Runs {@code loadAll}. */
  ExecutorService executor() {
    ExecutorService e = executor;
    if (e == null) {
      synchronized (lifecycle) {
        e = executor;
        if (e == null) {
          e =
              Executors.newCachedThreadPool(
                  r -> {
                    Thread t = new Thread(r, "smartcache-jcache-loader");
                    t.setDaemon(true);
                    return t;
                  });
          executor = e;
        }
      }
    }
    return e;
  }

  /**
   * A version for a write: the wall clock in microseconds, or one more than the last version if the
   * clock has not moved on. Across instances, the later write (by their clocks) wins.
   */
  long nextVersion() {
    long now = System.currentTimeMillis() * 1000;
    return lastVersion.updateAndGet(last -> Math.max(last + 1, now));
  }

  /** A SmartCache name ({@code [A-Za-z0-9_-]{1,64}}) for a JCache name: readable part + digest. */
  static String smartName(String cacheName) {
    String readable = cacheName.replaceAll("[^A-Za-z0-9_-]", "_");
    if (readable.length() > 40) {
      readable = readable.substring(readable.length() - 40);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(cacheName.getBytes(StandardCharsets.UTF_8));
      return readable + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private String property(String name, String fallback) {
    String v = properties.getProperty(name);
    return v != null ? v : System.getProperty(name, fallback);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache manager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "SmartJCacheManager[" + uri + ", caches=" + caches.keySet() + "]";
  }
}
