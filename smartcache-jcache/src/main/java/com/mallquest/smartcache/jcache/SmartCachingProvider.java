package com.mallquest.smartcache.jcache;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The JSR-107 {@link CachingProvider} of SmartCache, found by {@link javax.cache.Caching} through
 * {@code META-INF/services/javax.cache.spi.CachingProvider}. One {@link SmartJCacheManager} per URI
 * and class loader; store-by-reference is supported.
 */
public final class SmartCachingProvider implements CachingProvider {

  /** The default cache manager's URI. */
  public static final URI DEFAULT_URI = URI.create("smartcache://default");

  private final Map<ClassLoader, Map<URI, SmartJCacheManager>> managers = new WeakHashMap<>();

  @Override
  public synchronized CacheManager getCacheManager(
      URI uri, ClassLoader classLoader, Properties properties) {
    URI u = uri == null ? getDefaultURI() : uri;
    ClassLoader cl = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties p = properties == null ? new Properties() : properties;
    Map<URI, SmartJCacheManager> byUri = managers.computeIfAbsent(cl, k -> new HashMap<>());
    SmartJCacheManager manager = byUri.get(u);
    if (manager == null || manager.isClosed()) {
      manager = new SmartJCacheManager(this, u, cl, p);
      byUri.put(u, manager);
    }
    return manager;
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<SmartJCacheManager> all = new ArrayList<>();
    synchronized (this) {
      managers.values().forEach(m -> all.addAll(m.values()));
      managers.clear();
    }
    all.forEach(SmartJCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader cl = classLoader == null ? getDefaultClassLoader() : classLoader;
    List<SmartJCacheManager> all = new ArrayList<>();
    synchronized (this) {
      Map<URI, SmartJCacheManager> byUri = managers.remove(cl);
      if (byUri != null) {
        all.addAll(byUri.values());
      }
    }
    all.forEach(SmartJCacheManager::close);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI u = uri == null ? getDefaultURI() : uri;
    ClassLoader cl = classLoader == null ? getDefaultClassLoader() : classLoader;
    SmartJCacheManager manager = null;
    synchronized (this) {
      Map<URI, SmartJCacheManager> byUri = managers.get(cl);
      if (byUri != null) {
        manager = byUri.remove(u);
        if (byUri.isEmpty()) {
          managers.remove(cl);
        }
      }
    }
    if (manager != null) {
      manager.close();
    }
  }

  /** A manager closed itself: forget it. */
  synchronized void release(SmartJCacheManager manager) {
    Map<URI, SmartJCacheManager> byUri = managers.get(manager.getClassLoader());
    if (byUri != null && byUri.get(manager.getURI()) == manager) {
      byUri.remove(manager.getURI());
      if (byUri.isEmpty()) {
        managers.remove(manager.getClassLoader());
      }
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }
}
