package com.mallquest.smartcache.jcache;

import javax.cache.Cache;

/** An entry handed out by the iterator, {@code invokeAll} or a {@code CacheWriter}: a snapshot. */
final class JCacheEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  JCacheEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap an entry to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "Entry[" + key + "=" + value + "]";
  }
}
