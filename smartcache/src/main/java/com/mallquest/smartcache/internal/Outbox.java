package com.mallquest.smartcache.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes and invalidations that could not reach Redis, kept (latest per key) so that the stream
 * reader replays them when Redis is back: otherwise Redis would keep the old value and the other
 * instances would never hear of the change. Bounded: past {@code capacity} keys it gives up on
 * single keys and replays a clear of the whole cache instead.
 *
 * @param <K> the key type
 */
final class Outbox<K> {

  /** A pending change: a write of {@code version} (stored bytes ready), or an invalidation. */
  record Pending(boolean invalidation, long version, byte[] stored) {}

  private final int capacity;
  private final ConcurrentHashMap<K, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean clearPending = new AtomicBoolean();

  Outbox(int capacity) {
    this.capacity = capacity;
  }

  void written(K key, long version, byte[] stored) {
    add(key, new Pending(false, version, stored));
  }

  void invalidated(K key) {
    add(key, new Pending(true, -1, null));
  }

  void cleared() {
    clearPending.set(true);
    pending.clear();
  }

  private void add(K key, Pending p) {
    if (pending.size() >= capacity && !pending.containsKey(key)) {
      cleared();
      return;
    }
    pending.merge(
        key,
        p,
        (old, p2) ->
            !old.invalidation() && !p2.invalidation() && old.version() > p2.version() ? old : p2);
  }

  boolean isEmpty() {
    return !clearPending.get() && pending.isEmpty();
  }

  boolean clearPending() {
    return clearPending.get();
  }

  void clearDone() {
    clearPending.set(false);
  }

  Iterable<Map.Entry<K, Pending>> entries() {
    return pending.entrySet();
  }

  void done(K key, Pending p) {
    pending.remove(key, p);
  }
}
