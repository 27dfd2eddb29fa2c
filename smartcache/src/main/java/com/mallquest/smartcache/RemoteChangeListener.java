package com.mallquest.smartcache;

/**
 * Hears what other instances changed in a cache, for a layer that keeps copies of its own above a
 * {@link SmartCache} (the JCache provider keeps its entries in a map and drops them here).
 *
 * <p>Called on the manager's stream-reader thread, after the cache's own memory tier dropped the
 * stale copy: implementations must return quickly, must not block and must not call back into Redis
 * through the cache. Exceptions are logged and otherwise ignored. Nothing is called for this
 * instance's own changes, nor while Redis is unreachable (the messages are read, and this called,
 * once it is back).
 *
 * @param <K> the key type
 */
public interface RemoteChangeListener<K> {

  /** Another instance wrote or invalidated {@code key}: any copy of it here may be stale. */
  void changed(K key);

  /**
   * Every copy of this cache's entries here may be stale: another instance cleared the cache, or
   * this instance missed messages (the stream was trimmed past its position, or Redis restarted).
   */
  void cleared();
}
