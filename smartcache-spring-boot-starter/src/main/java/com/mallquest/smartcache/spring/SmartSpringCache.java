package com.mallquest.smartcache.spring;

import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.Versioned;
import java.io.Serializable;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} over one {@link SmartCache}.
 *
 * <ul>
 *   <li>{@code get}: memory, then Redis. {@code get(key, valueLoader)} (an {@code @Cacheable(sync =
 *       true)}) runs the loader as the SmartCache's source of record, inside the key's compute: one
 *       load per key per instance at a time (the loader must not call back into this cache for the
 *       same key).
 *   <li>{@code put}: {@link SmartCache#written} with a new version (the wall clock in microseconds,
 *       strictly increasing per instance): Redis keeps the newest, other instances drop older
 *       copies.
 *   <li>{@code evict}: a versioned eviction marker written the same way (not {@link
 *       SmartCache#invalidate}, which carries no version and would keep the key uncached for a
 *       minute after): a later {@code put} replaces it, an earlier one cannot.
 *   <li>{@code clear}: {@link SmartCache#invalidateAll} (SCAN + UNLINK in Redis: not atomic).
 * </ul>
 *
 * <p>Values and keys must be {@link Serializable} when Redis is configured. {@code retrieve}
 * (asynchronous caching) is not supported.
 */
public final class SmartSpringCache extends AbstractValueAdaptingCache {

  /** What an evicted key holds: a versioned "nothing". */
  enum Evicted implements Serializable {
    INSTANCE
  }

  private final String name;
  private final SmartCache<Object, Object> cache;
  private final LongSupplier versions;
  private final ThreadLocal<Loading> loader;

  /** The loader of a {@code get(key, valueLoader)} in progress on this thread, for its key only. */
  record Loading(Object key, Callable<?> loader) {}

  SmartSpringCache(
      String name,
      SmartCache<Object, Object> cache,
      ThreadLocal<Loading> loader,
      LongSupplier versions,
      boolean allowNullValues) {
    super(allowNullValues);
    this.name = name;
    this.cache = cache;
    this.loader = loader;
    this.versions = versions;
  }

  @Override
  public String getName() {
    return name;
  }

  /** The SmartCache underneath. */
  @Override
  public SmartCache<Object, Object> getNativeCache() {
    return cache;
  }

  @Override
  protected Object lookup(Object key) {
    Object stored = cache.get(key).map(Versioned::value).orElse(null);
    return stored == Evicted.INSTANCE ? null : stored;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Callable<T> valueLoader) {
    Loading previous = loader.get();
    loader.set(new Loading(key, valueLoader));
    Optional<Versioned<Object>> found;
    try {
      found = cache.get(key);
    } finally {
      if (previous == null) {
        loader.remove();
      } else {
        loader.set(previous);
      }
    }
    if (found.isPresent() && found.get().value() != Evicted.INSTANCE) {
      return (T) fromStoreValue(found.get().value());
    }
    // Evicted (a marker in memory or Redis): load here, and store over the marker.
    T value = SmartCacheSpringCacheManager.call(key, valueLoader);
    put(key, value);
    return value;
  }

  @Override
  public void put(Object key, Object value) {
    cache.written(key, Versioned.of(toStoreValue(value), versions.getAsLong()));
  }

  @Override
  public void evict(Object key) {
    cache.written(key, Versioned.of(Evicted.INSTANCE, versions.getAsLong()));
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }

  @Override
  public String toString() {
    return "SmartSpringCache[" + name + " over " + cache.name() + "]";
  }
}
