package com.mallquest.smartcache.spring;

import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.JavaSerializationCodec;
import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.SmartCacheManager;
import com.mallquest.smartcache.SourceOfRecord;
import com.mallquest.smartcache.Versioned;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.support.NullValue;

/**
 * A Spring {@link CacheManager} whose caches are {@link SmartCache}s of one {@link
 * SmartCacheManager}, configured by {@link SmartCacheProperties}. Caches named in {@code
 * smartcache.cache-names} exist from the start; others are created on first use unless {@code
 * smartcache.dynamic=false}.
 */
public class SmartCacheSpringCacheManager implements CacheManager {

  private final SmartCacheManager manager;
  private final SmartCacheProperties properties;
  private final JavaSerializationCodec codec;
  private final ConcurrentHashMap<String, SmartSpringCache> caches = new ConcurrentHashMap<>();
  private final AtomicLong lastVersion = new AtomicLong();

  /**
   * Caches of {@code manager} as {@code properties} configure them.
   *
   * @param codec the manager's codec, for the key codec of each cache
   */
  public SmartCacheSpringCacheManager(
      SmartCacheManager manager, SmartCacheProperties properties, JavaSerializationCodec codec) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.properties = Objects.requireNonNull(properties, "properties");
    this.codec = Objects.requireNonNull(codec, "codec");
    properties.getCacheNames().forEach(this::create);
  }

  @Override
  public Cache getCache(String name) {
    SmartSpringCache cache = caches.get(name);
    if (cache != null || !properties.isDynamic()) {
      return cache;
    }
    return caches.computeIfAbsent(name, this::newCache);
  }

  @Override
  public Collection<String> getCacheNames() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  /** The SmartCacheManager underneath. */
  public SmartCacheManager smartCacheManager() {
    return manager;
  }

  private void create(String name) {
    caches.computeIfAbsent(name, this::newCache);
  }

  private SmartSpringCache newCache(String name) {
    ThreadLocal<SmartSpringCache.Loading> loading = new ThreadLocal<>();
    SourceOfRecord<Object, Object> source =
        key -> {
          SmartSpringCache.Loading l = loading.get();
          if (l == null || !l.key().equals(key)) {
            return Optional.empty();
          }
          Object value = call(key, l.loader());
          if (value == null && !properties.isAllowNullValues()) {
            throw new IllegalArgumentException(
                "cache '"
                    + name
                    + "' does not allow null values, but the loader of "
                    + key
                    + " returned null");
          }
          return Optional.of(
              Versioned.of(value == null ? NullValue.INSTANCE : value, nextVersion()));
        };
    SmartCacheProperties.CacheSpec spec = properties.getCaches().get(name);
    SmartCacheProperties.CacheSpec defaults = properties.getDefaults();
    CacheConfig.Builder<Object, Object> b =
        CacheConfig.builder(smartName(name), Object.class, codec.keyCodec(Object.class), source)
            // A Spring cache caches what the method returned; "absent" only means "not cached yet".
            .negativeTtl(Duration.ZERO);
    Long bytes = pick(spec, defaults, SmartCacheProperties.CacheSpec::getMemoryLimitBytes);
    Long entries = pick(spec, defaults, SmartCacheProperties.CacheSpec::getMemoryLimitEntries);
    if (bytes != null) {
      b.memoryLimitBytes(bytes);
    } else if (entries != null) {
      b.memoryLimitEntries(entries);
    }
    Duration memoryTtl = pick(spec, defaults, SmartCacheProperties.CacheSpec::getMemoryTtl);
    if (memoryTtl != null) {
      b.memoryTtl(memoryTtl);
    }
    Duration redisTtl = pick(spec, defaults, SmartCacheProperties.CacheSpec::getRedisTtl);
    if (redisTtl != null) {
      b.redisTtl(redisTtl);
    }
    Duration degradedTtl = pick(spec, defaults, SmartCacheProperties.CacheSpec::getDegradedTtl);
    if (degradedTtl != null) {
      b.degradedTtl(degradedTtl);
    }
    SmartCache<Object, Object> smart = manager.createCache(b.build());
    return new SmartSpringCache(
        name, smart, loading, this::nextVersion, properties.isAllowNullValues());
  }

  private static <T> T pick(
      SmartCacheProperties.CacheSpec spec,
      SmartCacheProperties.CacheSpec defaults,
      java.util.function.Function<SmartCacheProperties.CacheSpec, T> field) {
    T own = spec == null ? null : field.apply(spec);
    return own != null ? own : defaults == null ? null : field.apply(defaults);
  }

  /** Runs a value loader, wrapping what it throws as Spring expects. */
  @SuppressWarnings("unchecked")
  static <T> T call(Object key, Callable<?> loader) {
    try {
      return (T) loader.call();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new Cache.ValueRetrievalException(key, loader, e);
    }
  }

  /** The wall clock in microseconds, strictly increasing on this instance. */
  long nextVersion() {
    long now = System.currentTimeMillis() * 1000;
    return lastVersion.updateAndGet(last -> Math.max(last + 1, now));
  }

  /**
   * The SmartCache name of a Spring cache name: itself if it is a valid SmartCache name ({@code
   * [A-Za-z0-9_-]{1,64}}), else a readable part and a digest.
   */
  static String smartName(String name) {
    if (name.matches("[A-Za-z0-9_-]{1,64}")) {
      return name;
    }
    String readable = name.replaceAll("[^A-Za-z0-9_-]", "_");
    if (readable.length() > 40) {
      readable = readable.substring(readable.length() - 40);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return readable + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
