package com.mallquest.smartcache;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The system of record behind a {@link SmartCache}: in MallQuest, the database.
 *
 * <p>The cache calls it on a miss in every tier. Implementations must return the committed state;
 * they may throw, in which case the cache counts a load failure and passes the exception to the
 * caller (the cache never invents a value).
 *
 * <p><b>{@link #load} runs inside the key's compute</b> (the memory tier's lock for that key, which
 * makes {@link SmartCache#get} single-flight): other callers of that key wait for it, so it should
 * be quick, and it must not call back into the same cache, for any key (for the same key it would
 * wait for itself; for another key it may deadlock against a load of that key). {@link #loadAll}
 * runs outside any lock.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface SourceOfRecord<K, V> {

  /**
   * Loads one key.
   *
   * @return the value with its row version, or empty if the source has no such key (cached as a
   *     miss for the negative-result TTL)
   */
  Optional<Versioned<V>> load(K key);

  /**
   * Loads many keys at once; keys the source does not have are absent from the result. The default
   * calls {@link #load} per key; a database source should override it with one query.
   */
  default Map<K, Versioned<V>> loadAll(Collection<? extends K> keys) {
    Map<K, Versioned<V>> result = new LinkedHashMap<>();
    for (K key : keys) {
      load(key).ifPresent(v -> result.put(key, v));
    }
    return result;
  }
}
