package com.mallquest.smartcache.internal;

import com.mallquest.smartcache.CacheStats;
import java.util.Collection;
import java.util.List;

/**
 * The Redis tier of a manager without Redis: stores nothing, answers nothing, and is always coherent
 * (the manager is then the only instance).
 *
 * @param <K> the key type
 */
final class NoRedisTier<K> implements RedisTier<K> {

  private final StreamCursor cursor = new StreamCursor();
  private final String streamKey;
  private final String counterKey;

  NoRedisTier(String namespace, String cache) {
    this.streamKey = LiveRedisTier.streamKeyOf(namespace, cache);
    this.counterKey = namespace + ":" + cache + "#n";
  }

  @Override
  public boolean storesValues() {
    return false;
  }

  @Override
  public boolean coherent() {
    return true;
  }

  @Override
  public boolean available() {
    return false;
  }

  @Override
  public CacheStats.RedisState state() {
    return CacheStats.RedisState.NOT_CONFIGURED;
  }

  @Override
  public byte[] get(K key) {
    return null;
  }

  @Override
  public List<byte[]> getAll(List<K> keys) {
    return null;
  }

  @Override
  public void fill(K key, long version, byte[] payload, byte[] seen) {}

  @Override
  public void written(K key, long version, byte[] payload) {}

  @Override
  public void writtenAll(List<K> keys, List<Long> versions, List<byte[]> payloads) {}

  @Override
  public void invalidate(K key) {}

  @Override
  public void invalidateAll(Collection<K> keys) {}

  @Override
  public void clear() {}

  @Override
  public void invalidateMisses() {}

  @Override
  public long keyCount() {
    return -1;
  }

  @Override
  public StreamCursor cursor() {
    return cursor;
  }

  @Override
  public String streamKey() {
    return streamKey;
  }

  @Override
  public String counterKey() {
    return counterKey;
  }

  @Override
  public boolean flushOutbox() {
    return true;
  }

  @Override
  public String toString() {
    return "none";
  }
}
