package com.mallquest.smartcache.jcache;

import com.mallquest.smartcache.RemoteChangeListener;
import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.Versioned;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;

/**
 * A JSR-107 {@link Cache} backed by a {@link SmartCache}.
 *
 * <p><b>Layout.</b> The entries of this instance live in a map of its own (memory first), which
 * gives JCache its exact semantics: per-entry expiry, atomic conditional operations and entry
 * processors (a lock per key stripe), listeners with old values, statistics. Underneath, a {@link
 * SmartCache} whose source of record is that map shares the entries with other instances: every put
 * is a {@link SmartCache#written} (a new version, so Redis keeps the newest and other instances
 * drop their copy), every remove an {@link SmartCache#invalidate}, {@code clear} an {@link
 * SmartCache#invalidateAll}; a key this instance does not hold is looked up in the SmartCache (its
 * memory tier, then Redis) before it counts as a miss. Without a Redis URI the SmartCache is
 * memory-only and the cache behaves as a single-JVM JCache.
 *
 * <p><b>What does not hold across instances</b> (JSR-107 specifies one JVM): conditional operations
 * ({@code putIfAbsent}, {@code replace}, {@code remove(k, v)}) and entry processors are atomic on
 * this instance only; two instances racing on one key both succeed and the later version wins in
 * Redis. Listeners hear only this instance's operations (a value that arrives from another instance
 * fires no event). Expiry is measured per instance, from when this instance stored the value.
 * Statistics are per instance. Versions come from the wall clock (last writer wins), so instances
 * need synchronised clocks. See the module's README.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SmartJCache<K, V> implements Cache<K, V> {

  private static final int STRIPES = 64;

  private final String name;
  private final SmartJCacheManager manager;
  private final MutableConfiguration<K, V> configuration;
  private final ExpiryPolicy expiry;
  private final CacheLoader<K, V> loader;
  private final CacheWriter<K, V> writer;
  private final Serialization serialization;
  private final boolean byValue;
  private final ConcurrentHashMap<K, Holder> entries = new ConcurrentHashMap<>();
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final CopyOnWriteArrayList<Registration<K, V>> listeners = new CopyOnWriteArrayList<>();
  private final JCacheStatistics statistics = new JCacheStatistics();
  private final JCacheConfigurationBean configurationBean = new JCacheConfigurationBean(this);
  private final SmartCache<K, Object> shared;
  private volatile boolean closed;

  /** The stored form of a value: a reference, or its serialized bytes (store by value). */
  private static final class Holder {
    final Object stored;
    final long version;
    long expiresAt;

    Holder(Object stored, long version, long expiresAt) {
      this.stored = stored;
      this.version = version;
      this.expiresAt = expiresAt;
    }

    boolean expiredAt(long now) {
      return expiresAt <= now;
    }
  }

  @SuppressWarnings("unchecked")
  SmartJCache(SmartJCacheManager manager, String name, CompleteConfiguration<K, V> config) {
    this.manager = manager;
    this.name = name;
    this.configuration = new MutableConfiguration<>(config);
    this.serialization = manager.serialization();
    this.byValue = config.isStoreByValue();
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    Factory<ExpiryPolicy> expiryFactory = config.getExpiryPolicyFactory();
    this.expiry = expiryFactory == null ? new EternalExpiryPolicy() : expiryFactory.create();
    this.loader =
        config.getCacheLoaderFactory() == null ? null : config.getCacheLoaderFactory().create();
    this.writer =
        config.getCacheWriterFactory() == null
            ? null
            : (CacheWriter<K, V>) config.getCacheWriterFactory().create();
    // The listeners of the configuration are registered anew below (they create their instances).
    for (CacheEntryListenerConfiguration<K, V> l : config.getCacheEntryListenerConfigurations()) {
      configuration.removeCacheEntryListenerConfiguration(l);
    }
    for (CacheEntryListenerConfiguration<K, V> l : config.getCacheEntryListenerConfigurations()) {
      registerCacheEntryListener(l);
    }
    this.shared =
        manager
            .smartCacheManager()
            .createCache(
                manager
                    .sharedConfig(name, config.getKeyType(), this::ownEntry)
                    .remoteChangeListener(
                        new RemoteChangeListener<K>() {
                          @Override
                          public void changed(K key) {
                            entries.remove(key);
                          }

                          @Override
                          public void cleared() {
                            entries.clear();
                          }
                        })
                    .build());
    statistics.enabled(config.isStatisticsEnabled());
    if (config.isStatisticsEnabled()) {
      ManagementRegistry.register(this, ManagementRegistry.Type.CacheStatistics, statistics);
    }
    if (config.isManagementEnabled()) {
      ManagementRegistry.register(
          this, ManagementRegistry.Type.CacheConfiguration, configurationBean);
    }
  }

  /** The source of record of the shared SmartCache: this instance's own entries, in stored form. */
  private Optional<Versioned<Object>> ownEntry(K key) {
    Holder h = entries.get(key);
    if (h == null || h.expiredAt(System.currentTimeMillis())) {
      return Optional.empty();
    }
    return Optional.of(Versioned.of(h.stored, h.version));
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    long start = System.nanoTime();
    Events<K, V> events = new Events<>();
    V value;
    lock(key);
    try {
      value = getLocked(key, events, true);
    } finally {
      unlock(key);
    }
    statistics.getTime(start);
    dispatch(events);
    return value;
  }

  /** get inside the key's lock: counts a hit or a miss, applies access expiry, reads through. */
  private V getLocked(K key, Events<K, V> events, boolean readThrough) {
    long now = System.currentTimeMillis();
    Holder h = live(key, now, events);
    if (h != null) {
      statistics.hits(1);
      accessed(h, now);
      return read(h);
    }
    V remote = fromShared(key, now);
    if (remote != null) {
      statistics.hits(1);
      return remote;
    }
    statistics.misses(1);
    if (readThrough && configuration.isReadThrough() && loader != null) {
      V loaded = load(key);
      if (loaded != null) {
        store(key, loaded, now, null, events);
        return loaded;
      }
    }
    return null;
  }

  /** A value another instance stored (the SmartCache's memory tier or Redis), now kept here. */
  private V fromShared(K key, long now) {
    Optional<Versioned<Object>> found = shared.get(key);
    if (found.isEmpty()) {
      return null;
    }
    long expiresAt = creationDuration().getAdjustedTime(now);
    if (expiresAt <= now) {
      return null;
    }
    Holder h = new Holder(found.get().value(), found.get().version(), expiresAt);
    entries.put(copyKey(key), h);
    return read(h);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    requireNoNulls(keys, "keys");
    long start = System.nanoTime();
    Events<K, V> events = new Events<>();
    Map<K, V> result = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      lock(key);
      try {
        V v = getLocked(key, events, false);
        if (v != null) {
          result.put(key, v);
        } else {
          missing.add(key);
        }
      } finally {
        unlock(key);
      }
    }
    if (!missing.isEmpty() && configuration.isReadThrough() && loader != null) {
      Map<K, V> loaded;
      try {
        loaded = loader.loadAll(missing);
      } catch (CacheLoaderException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheLoaderException(e);
      }
      if (loaded != null) {
        long now = System.currentTimeMillis();
        for (K key : missing) {
          V v = loaded.get(key);
          if (v == null) {
            continue;
          }
          lock(key);
          try {
            store(key, v, now, null, events);
          } finally {
            unlock(key);
          }
          result.put(key, v);
        }
      }
    }
    statistics.getTime(start);
    dispatch(events);
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Holder h = entries.get(key);
    return h != null && !h.expiredAt(System.currentTimeMillis());
  }

  @Override
  public void loadAll(
      Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
    checkOpen();
    requireNoNulls(keys, "keys");
    if (loader == null) {
      if (listener != null) {
        listener.onCompletion();
      }
      return;
    }
    List<K> copy = new ArrayList<>(keys);
    ExecutorService executor = manager.executor();
    executor.execute(
        () -> {
          try {
            List<K> toLoad = new ArrayList<>();
            for (K key : copy) {
              if (replaceExistingValues || !containsKey(key)) {
                toLoad.add(key);
              }
            }
            Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : loader.loadAll(toLoad);
            Events<K, V> events = new Events<>();
            long now = System.currentTimeMillis();
            for (K key : toLoad) {
              V v = loaded == null ? null : loaded.get(key);
              if (v == null) {
                continue;
              }
              lock(key);
              try {
                store(key, v, now, live(key, now, events), events);
              } finally {
                unlock(key);
              }
            }
            dispatch(events);
            if (listener != null) {
              listener.onCompletion();
            }
          } catch (Exception e) {
            if (listener != null) {
              listener.onException(
                  e instanceof CacheLoaderException ? e : new CacheLoaderException(e));
            }
          }
        });
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = System.nanoTime();
    Events<K, V> events = new Events<>();
    lock(key);
    try {
      long now = System.currentTimeMillis();
      Holder old = live(key, now, events);
      write(key, value);
      if (store(key, value, now, old, events)) {
        statistics.puts(1);
      }
    } finally {
      unlock(key);
    }
    statistics.putTime(start);
    dispatch(events);
  }

  @Override
  public V getAndPut(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = System.nanoTime();
    Events<K, V> events = new Events<>();
    V previous;
    lock(key);
    try {
      long now = System.currentTimeMillis();
      Holder old = live(key, now, events);
      previous = old == null ? null : read(old);
      write(key, value);
      if (store(key, value, now, old, events)) {
        statistics.puts(1);
      }
      if (old == null) {
        statistics.misses(1);
      } else {
        statistics.hits(1);
      }
    } finally {
      unlock(key);
    }
    statistics.getTime(start);
    statistics.putTime(start);
    dispatch(events);
    return previous;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checkOpen();
    Objects.requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      Objects.requireNonNull(e.getKey(), "map must not contain null keys");
      Objects.requireNonNull(e.getValue(), "map must not contain null values");
    }
    long start = System.nanoTime();
    Map<K, V> toStore = new LinkedHashMap<>(map);
    CacheWriterException failure = null;
    if (configuration.isWriteThrough() && writer != null && !toStore.isEmpty()) {
      Collection<Cache.Entry<? extends K, ? extends V>> batch = new ArrayList<>();
      toStore.forEach((k, v) -> batch.add(new JCacheEntry<>(k, v)));
      try {
        writer.writeAll(batch);
      } catch (Exception e) {
        failure = e instanceof CacheWriterException cwe ? cwe : new CacheWriterException(e);
        // What is left in the batch was not written: keep it out of the cache.
        for (Cache.Entry<? extends K, ? extends V> notWritten : batch) {
          toStore.remove(notWritten.getKey());
        }
      }
    }
    Events<K, V> events = new Events<>();
    Map<K, Versioned<Object>> sharedWrites = new LinkedHashMap<>();
    long now = System.currentTimeMillis();
    for (Map.Entry<K, V> e : toStore.entrySet()) {
      K key = e.getKey();
      lock(key);
      try {
        Holder old = live(key, now, events);
        Holder stored = storeLocal(key, e.getValue(), now, old, events);
        if (stored != null) {
          sharedWrites.put(key, Versioned.of(stored.stored, stored.version));
          statistics.puts(1);
        } else if (old != null) {
          shared.invalidate(key);
        }
      } finally {
        unlock(key);
      }
    }
    if (!sharedWrites.isEmpty()) {
      shared.writtenAll(sharedWrites);
    }
    statistics.putTime(start);
    dispatch(events);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = System.nanoTime();
    Events<K, V> events = new Events<>();
    boolean put;
    lock(key);
    try {
      long now = System.currentTimeMillis();
      Holder old = live(key, now, events);
      if (old == null && fromShared(key, now) == null) {
        write(key, value);
        if (store(key, value, now, null, events)) {
          statistics.puts(1);
        }
        statistics.misses(1);
        put = true;
      } else {
        statistics.hits(1);
        put = false;
      }
    } finally {
      unlock(key);
    }
    statistics.putTime(start);
    dispatch(events);
    return put;
  }

  @Override
  public boolean remove(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    long start = System.nanoTime();
    Events<K, V> events = new Events<>();
    boolean removed;
    lock(key);
    try {
      long now = System.currentTimeMillis();
      Holder old = live(key, now, events);
      delete(key);
      removed = removeLocked(key, old, events);
    } finally {
      unlock(key);
    }
    statistics.removeTime(start);
    dispatch(events);
    return removed;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    long start = System.nanoTime();
    Events<K, V> events = new Events<>();
    boolean removed = false;
    lock(key);
    try {
      long now = System.currentTimeMillis();
      Holder old = live(key, now, events);
      if (old == null) {
        statistics.misses(1);
      } else {
        statistics.hits(1);
        if (read(old).equals(oldValue)) {
          delete(key);
          removed = removeLocked(key, old, events);
        } else {
          accessed(old, now);
        }
      }
    } finally {
      unlock(key);
    }
    statistics.getTime(start);
    if (removed) {
      statistics.removeTime(start);
    }
    dispatch(events);
    return removed;
  }

  @Override
  public V getAndRemove(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    long start = System.nanoTime();
    Events<K, V> events = new Events<>();
    V previous;
    lock(key);
    try {
      long now = System.currentTimeMillis();
      Holder old = live(key, now, events);
      previous = old == null ? null : read(old);
      delete(key);
      if (old == null) {
        statistics.misses(1);
      } else {
        statistics.hits(1);
        removeLocked(key, old, events);
      }
    } finally {
      unlock(key);
    }
    statistics.getTime(start);
    statistics.removeTime(start);
    dispatch(events);
    return previous;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    long start = System.nanoTime();
    Events<K, V> events = new Events<>();
    boolean replaced = false;
    lock(key);
    try {
      long now = System.currentTimeMillis();
      Holder old = live(key, now, events);
      if (old == null) {
        statistics.misses(1);
      } else {
        statistics.hits(1);
        if (read(old).equals(oldValue)) {
          write(key, newValue);
          if (store(key, newValue, now, old, events)) {
            statistics.puts(1);
          }
          replaced = true;
        } else {
          accessed(old, now);
        }
      }
    } finally {
      unlock(key);
    }
    statistics.getTime(start);
    if (replaced) {
      statistics.putTime(start);
    }
    dispatch(events);
    return replaced;
  }

  @Override
  public boolean replace(K key, V value) {
    return replaceIfPresent(key, value, false) != ABSENT;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V getAndReplace(K key, V value) {
    Object previous = replaceIfPresent(key, value, true);
    return previous == ABSENT ? null : (V) previous;
  }

  /** No mapping was present: the answer of {@link #replaceIfPresent} when nothing was replaced. */
  private static final Object ABSENT = new Object();

  /**
   * {@code replace} and {@code getAndReplace}: stores {@code value} if the key has a live mapping.
   *
   * @param readOld whether to read (and return) the old value
   * @return {@link #ABSENT} if there was no mapping, else the old value ({@code null} unless {@code
   *     readOld})
   */
  private Object replaceIfPresent(K key, V value, boolean readOld) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = System.nanoTime();
    Events<K, V> events = new Events<>();
    Object previous = ABSENT;
    lock(key);
    try {
      long now = System.currentTimeMillis();
      Holder old = live(key, now, events);
      if (old == null) {
        statistics.misses(1);
      } else {
        statistics.hits(1);
        previous = readOld ? read(old) : null;
        write(key, value);
        if (store(key, value, now, old, events)) {
          statistics.puts(1);
        }
      }
    } finally {
      unlock(key);
    }
    statistics.getTime(start);
    if (previous != ABSENT) {
      statistics.putTime(start);
    }
    dispatch(events);
    return previous;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    requireNoNulls(keys, "keys");
    removeKeys(new LinkedHashSet<>(keys));
  }

  @Override
  public void removeAll() {
    checkOpen();
    removeKeys(new LinkedHashSet<>(entries.keySet()));
  }

  private void removeKeys(Set<K> keys) {
    long start = System.nanoTime();
    Set<K> toRemove = new LinkedHashSet<>(keys);
    CacheWriterException failure = null;
    if (configuration.isWriteThrough() && writer != null && !toRemove.isEmpty()) {
      Collection<Object> batch = new ArrayList<>(toRemove);
      try {
        writer.deleteAll(batch);
      } catch (Exception e) {
        failure = e instanceof CacheWriterException cwe ? cwe : new CacheWriterException(e);
        toRemove.removeAll(batch);
      }
    }
    Events<K, V> events = new Events<>();
    List<K> removed = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (K key : toRemove) {
      lock(key);
      try {
        Holder old = live(key, now, events);
        if (old != null) {
          entries.remove(key);
          events.add(EventType.REMOVED, key, read(old), read(old));
          statistics.removals(1);
          removed.add(key);
        }
      } finally {
        unlock(key);
      }
    }
    if (!removed.isEmpty()) {
      shared.invalidateAllKeys(removed);
    }
    statistics.removeTime(start);
    dispatch(events);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void clear() {
    checkOpen();
    entries.clear();
    shared.invalidateAll();
  }

  // ---------------------------------------------------------------- entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(processor, "processor");
    long start = System.nanoTime();
    Events<K, V> events = new Events<>();
    T result;
    lock(key);
    try {
      long now = System.currentTimeMillis();
      Holder old = live(key, now, events);
      V remote = old == null ? fromShared(key, now) : null;
      if (remote != null) {
        old = entries.get(key);
      }
      // The lookup and lock of the key count a hit or a miss, whatever the processor does (JSR-107
      // 1.1).
      if (old == null) {
        statistics.misses(1);
      } else {
        statistics.hits(1);
      }
      Entry entry = new Entry(key, old, now);
      try {
        result = processor.process(entry, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (Exception e) {
        throw new EntryProcessorException(e);
      }
      try {
        entry.apply(events);
      } catch (RuntimeException e) {
        throw e instanceof EntryProcessorException epe ? epe : new EntryProcessorException(e);
      }
    } finally {
      unlock(key);
    }
    statistics.getTime(start);
    dispatch(events);
    return result;
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
    checkOpen();
    requireNoNulls(keys, "keys");
    Objects.requireNonNull(processor, "processor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T r = invoke(key, processor, arguments);
        if (r != null) {
          results.put(key, () -> r);
        }
      } catch (EntryProcessorException e) {
        results.put(
            key,
            () -> {
              throw e;
            });
      }
    }
    return results;
  }

  /** What an entry processor sees and does; applied when it returns. */
  private final class Entry implements MutableEntry<K, V> {
    private final K key;
    private final Holder original;
    private final long now;
    private V value;
    private Op op = Op.NONE;

    Entry(K key, Holder original, long now) {
      this.key = key;
      this.original = original;
      this.now = now;
      this.value = original == null ? null : read(original);
    }

    @Override
    public K getKey() {
      return key;
    }

    @Override
    public V getValue() {
      if (op == Op.NONE || op == Op.ACCESS) {
        if (original != null) {
          op = Op.ACCESS;
        } else if (op == Op.NONE) {
          if (configuration.isReadThrough() && loader != null) {
            V loaded = load(key);
            if (loaded != null) {
              value = loaded;
              op = Op.LOAD;
            }
          }
        }
      }
      return value;
    }

    @Override
    public boolean exists() {
      return value != null;
    }

    @Override
    public void remove() {
      // As the reference implementation: removing what this invocation created or loaded is no
      // operation; anything else is a remove (a write-through delete even of an absent key).
      op = op == Op.CREATE || op == Op.LOAD ? Op.NONE : Op.REMOVE;
      value = null;
    }

    @Override
    public void setValue(V v) {
      Objects.requireNonNull(v, "value");
      op = original == null ? Op.CREATE : Op.UPDATE;
      value = v;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
      if (clazz.isInstance(this)) {
        return clazz.cast(this);
      }
      throw new IllegalArgumentException("cannot unwrap a mutable entry to " + clazz.getName());
    }

    void apply(Events<K, V> events) {
      switch (op) {
        case NONE -> {}
        case ACCESS -> accessed(original, now);
        case LOAD -> store(key, value, now, null, events);
        case CREATE, UPDATE -> {
          write(key, value);
          if (store(key, value, now, original, events)) {
            statistics.puts(1);
          }
        }
        case REMOVE -> {
          delete(key);
          removeLocked(key, original, events);
        }
      }
    }
  }

  private enum Op {
    NONE,
    ACCESS,
    LOAD,
    CREATE,
    UPDATE,
    REMOVE
  }

  // ---------------------------------------------------------------- iteration

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    checkOpen();
    Iterator<K> keys = new ArrayList<>(entries.keySet()).iterator();
    return new Iterator<>() {
      private Cache.Entry<K, V> next;
      private K last;

      @Override
      public boolean hasNext() {
        while (next == null && keys.hasNext()) {
          K key = keys.next();
          Events<K, V> events = new Events<>();
          lock(key);
          try {
            long now = System.currentTimeMillis();
            Holder h = live(key, now, events);
            if (h != null) {
              statistics.hits(1);
              accessed(h, now);
              next = new JCacheEntry<>(key, read(h));
            }
          } finally {
            unlock(key);
          }
          dispatch(events);
        }
        return next != null;
      }

      @Override
      public Cache.Entry<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Cache.Entry<K, V> e = next;
        next = null;
        last = e.getKey();
        return e;
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException("next() first");
        }
        K key = last;
        last = null;
        SmartJCache.this.remove(key);
      }
    };
  }

  // ---------------------------------------------------------------- the rest of Cache

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  /** The live configuration (listeners, statistics and management flags as they are now). */
  CompleteConfiguration<K, V> configurationView() {
    return configuration;
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    if (clazz.isInstance(configuration)) {
      return clazz.cast(new MutableConfiguration<>(configuration));
    }
    throw new IllegalArgumentException("the configuration is not a " + clazz.getName());
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> config) {
    Objects.requireNonNull(config, "config");
    for (Registration<K, V> r : listeners) {
      if (r.config.equals(config)) {
        throw new IllegalArgumentException("listener already registered: " + config);
      }
    }
    configuration.addCacheEntryListenerConfiguration(config);
    listeners.add(new Registration<>(config));
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> config) {
    Objects.requireNonNull(config, "config");
    for (Registration<K, V> r : listeners) {
      if (r.config.equals(config)) {
        listeners.remove(r);
        configuration.removeCacheEntryListenerConfiguration(config);
        closeQuietly(r.listener);
        closeQuietly(r.filter);
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    manager.release(this);
    closeLocal();
  }

  /** Closes without telling the manager (the manager closes or destroys it). */
  void closeLocal() {
    if (closed) {
      return;
    }
    closed = true;
    ManagementRegistry.unregister(this, ManagementRegistry.Type.CacheStatistics);
    ManagementRegistry.unregister(this, ManagementRegistry.Type.CacheConfiguration);
    closeQuietly(loader);
    closeQuietly(writer);
    closeQuietly(expiry);
    for (Registration<K, V> r : listeners) {
      closeQuietly(r.listener);
      closeQuietly(r.filter);
    }
    listeners.clear();
  }

  /** Drops every entry here (the cache is destroyed). */
  void destroyLocal() {
    entries.clear();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Unwraps to this class, or to the {@link SmartCache} underneath ({@code SmartCache.class}). */
  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz.isInstance(shared)) {
      return clazz.cast(shared);
    }
    throw new IllegalArgumentException("cannot unwrap a cache to " + clazz.getName());
  }

  void enableStatistics(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    statistics.enabled(enabled);
    if (enabled) {
      ManagementRegistry.register(this, ManagementRegistry.Type.CacheStatistics, statistics);
    } else {
      ManagementRegistry.unregister(this, ManagementRegistry.Type.CacheStatistics);
    }
  }

  void enableManagement(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    if (enabled) {
      ManagementRegistry.register(
          this, ManagementRegistry.Type.CacheConfiguration, configurationBean);
    } else {
      ManagementRegistry.unregister(this, ManagementRegistry.Type.CacheConfiguration);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The key's entry if it has not expired; an expired one is removed here, with its event. */
  private Holder live(K key, long now, Events<K, V> events) {
    Holder h = entries.get(key);
    if (h != null && h.expiredAt(now)) {
      entries.remove(key);
      shared.invalidate(key);
      V old = read(h);
      events.add(EventType.EXPIRED, key, old, old);
      return null;
    }
    return h;
  }

  /**
   * Stores a value (created if {@code old} is null, else updated) and announces it to SmartCache;
   * returns whether it is held (an expiry policy may expire it at once).
   */
  private boolean store(K key, V value, long now, Holder old, Events<K, V> events) {
    Holder stored = storeLocal(key, value, now, old, events);
    if (stored != null) {
      shared.written(key, Versioned.of(stored.stored, stored.version));
      return true;
    }
    if (old != null) {
      shared.invalidate(key);
    }
    return false;
  }

  /** The local half of {@link #store}; returns what is held now, or null if nothing is. */
  private Holder storeLocal(K key, V value, long now, Holder old, Events<K, V> events) {
    if (old == null) {
      long expiresAt = creationDuration().getAdjustedTime(now);
      if (expiresAt <= now) {
        return null;
      }
      Holder h = new Holder(toStored(value), manager.nextVersion(), expiresAt);
      entries.put(copyKey(key), h);
      events.add(EventType.CREATED, key, value, null);
      return h;
    }
    Duration d;
    try {
      d = expiry.getExpiryForUpdate();
    } catch (RuntimeException e) {
      d = null;
    }
    long expiresAt = d == null ? old.expiresAt : d.getAdjustedTime(now);
    V previous = read(old);
    if (expiresAt <= now) {
      entries.remove(key);
      events.add(EventType.EXPIRED, key, previous, previous);
      return null;
    }
    Holder h = new Holder(toStored(value), manager.nextVersion(), expiresAt);
    entries.put(key, h);
    events.add(EventType.UPDATED, key, value, previous);
    return h;
  }

  private boolean removeLocked(K key, Holder old, Events<K, V> events) {
    if (old == null) {
      return false;
    }
    entries.remove(key);
    shared.invalidate(key);
    V previous = read(old);
    events.add(EventType.REMOVED, key, previous, previous);
    statistics.removals(1);
    return true;
  }

  private Duration creationDuration() {
    try {
      Duration d = expiry.getExpiryForCreation();
      return d == null ? Duration.ETERNAL : d;
    } catch (RuntimeException e) {
      return Duration.ETERNAL;
    }
  }

  private void accessed(Holder h, long now) {
    Duration d;
    try {
      d = expiry.getExpiryForAccess();
    } catch (RuntimeException e) {
      return;
    }
    if (d != null) {
      h.expiresAt = d.getAdjustedTime(now);
    }
  }

  private V load(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException(e);
    }
  }

  private void write(K key, V value) {
    if (!configuration.isWriteThrough() || writer == null) {
      return;
    }
    try {
      writer.write(new JCacheEntry<>(key, value));
    } catch (CacheWriterException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheWriterException(e);
    }
  }

  private void delete(K key) {
    if (!configuration.isWriteThrough() || writer == null) {
      return;
    }
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheWriterException(e);
    }
  }

  private Object toStored(V value) {
    return byValue ? serialization.toBytes(value) : value;
  }

  @SuppressWarnings("unchecked")
  private V read(Holder h) {
    return byValue ? (V) serialization.fromBytes((byte[]) h.stored) : (V) h.stored;
  }

  @SuppressWarnings("unchecked")
  private K copyKey(K key) {
    return byValue ? (K) serialization.fromBytes(serialization.toBytes(key)) : key;
  }

  private void lock(K key) {
    locks[(key.hashCode() & 0x7fffffff) % STRIPES].lock();
  }

  private void unlock(K key) {
    locks[(key.hashCode() & 0x7fffffff) % STRIPES].unlock();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache " + name + " is closed");
    }
  }

  private static void requireNoNulls(Collection<?> c, String what) {
    Objects.requireNonNull(c, what);
    for (Object o : c) {
      Objects.requireNonNull(o, what + " must not contain null");
    }
  }

  private static void closeQuietly(Object o) {
    if (o instanceof Closeable c) {
      try {
        c.close();
      } catch (IOException e) {
        // closing a customisation: nothing to do about it
      }
    }
  }

  // ---------------------------------------------------------------- events

  /** A registered listener: its configuration, the instances its factories made. */
  private static final class Registration<K, V> {
    final CacheEntryListenerConfiguration<K, V> config;
    final CacheEntryListener<? super K, ? super V> listener;
    final CacheEntryEventFilter<? super K, ? super V> filter;

    Registration(CacheEntryListenerConfiguration<K, V> config) {
      this.config = config;
      this.listener = config.getCacheEntryListenerFactory().create();
      this.filter =
          config.getCacheEntryEventFilterFactory() == null
              ? null
              : config.getCacheEntryEventFilterFactory().create();
    }

    boolean hears(EventType type) {
      return switch (type) {
        case CREATED -> listener instanceof CacheEntryCreatedListener;
        case UPDATED -> listener instanceof CacheEntryUpdatedListener;
        case REMOVED -> listener instanceof CacheEntryRemovedListener;
        case EXPIRED -> listener instanceof CacheEntryExpiredListener;
      };
    }
  }

  /** The events of one operation, dispatched after the key's lock is released. */
  private static final class Events<K, V> {
    private List<Object[]> pending;

    void add(EventType type, K key, V value, V oldValue) {
      if (pending == null) {
        pending = new ArrayList<>(2);
      }
      pending.add(new Object[] {type, key, value, oldValue});
    }
  }

  @SuppressWarnings("unchecked")
  private void dispatch(Events<K, V> events) {
    if (events.pending == null || listeners.isEmpty()) {
      return;
    }
    for (Registration<K, V> r : listeners) {
      Map<EventType, List<CacheEntryEvent<K, V>>> byType = new LinkedHashMap<>();
      for (Object[] p : events.pending) {
        EventType type = (EventType) p[0];
        if (!r.hears(type)) {
          continue;
        }
        V oldValue =
            r.config.isOldValueRequired() || type == EventType.REMOVED || type == EventType.EXPIRED
                ? (V) p[3]
                : null;
        JCacheEvent<K, V> event = new JCacheEvent<>(this, type, (K) p[1], (V) p[2], oldValue);
        if (r.filter != null && !evaluate(r, event)) {
          continue;
        }
        byType.computeIfAbsent(type, t -> new ArrayList<>()).add(event);
      }
      for (Map.Entry<EventType, List<CacheEntryEvent<K, V>>> e : byType.entrySet()) {
        deliver(r, e.getKey(), e.getValue());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private boolean evaluate(Registration<K, V> r, JCacheEvent<K, V> event) {
    try {
      return ((CacheEntryEventFilter<K, V>) r.filter).evaluate(event);
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private void deliver(Registration<K, V> r, EventType type, List<CacheEntryEvent<K, V>> events) {
    Iterable<CacheEntryEvent<? extends K, ? extends V>> batch =
        (Iterable<CacheEntryEvent<? extends K, ? extends V>>) (Iterable<?>) events;
    try {
      switch (type) {
        case CREATED -> ((CacheEntryCreatedListener<K, V>) r.listener).onCreated(batch);
        case UPDATED -> ((CacheEntryUpdatedListener<K, V>) r.listener).onUpdated(batch);
        case REMOVED -> ((CacheEntryRemovedListener<K, V>) r.listener).onRemoved(batch);
        case EXPIRED -> ((CacheEntryExpiredListener<K, V>) r.listener).onExpired(batch);
      }
    } catch (CacheEntryListenerException e) {
      if (r.config.isSynchronous()) {
        throw e;
      }
    } catch (RuntimeException e) {
      if (r.config.isSynchronous()) {
        throw new CacheEntryListenerException(e);
      }
    }
  }

  @Override
  public String toString() {
    return "SmartJCache[" + name + ", " + entries.size() + " entries here, over " + shared + "]";
  }

  /** Keys held here now (tests). */
  Set<K> localKeys() {
    return new HashSet<>(entries.keySet());
  }
}
