package com.mallquest.smartcache.internal;

import com.mallquest.smartcache.CacheStats;
import java.util.Collection;
import java.util.List;

/**
 * The Redis tier of a manager without Redis: stores nothing, answers nothing, and is always
 * coherent (the manager is then the only instance).
 *
 * @param <K> the key type
 */
final class NoRedisTier<K> implements RedisTier<K> {

  private final List<CacheStream> streams;

  NoRedisTier(String namespace, String cache) {
    KeyLayout layout = new KeyLayout(namespace, cache, false);
    this.streams = List.of(CacheStream.of(layout, 0));
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
  public Seen see(K key) {
    return Seen.NOTHING;
  }

  @Override
  public List<Seen> seeAll(List<K> keys) {
    return null;
  }

  @Override
  public List<byte[]> getAll(List<K> keys) {
    return null;
  }

  @Override
  public void fill(K key, long version, byte[] payload, Seen seen) {}

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
  public List<CacheStream> streams() {
    return streams;
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
