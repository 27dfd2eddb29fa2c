package com.mallquest.smartcache;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory "database" of shoppers. Every change increments the row's version, and versions
 * never go back for a key, even across delete and re-insert (as a real source must guarantee).
 * Counts loads.
 */
final class TestSource implements SourceOfRecord<Long, Shopper> {

  private final ConcurrentHashMap<Long, Versioned<Shopper>> rows = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, AtomicLong> versions = new ConcurrentHashMap<>();
  final AtomicInteger loads = new AtomicInteger();
  final AtomicInteger loadAllCalls = new AtomicInteger();
  final AtomicInteger loadAllKeys = new AtomicInteger();

  /** Inserts or replaces a row with a new version. */
  Versioned<Shopper> put(long id, String name, long coins) {
    Versioned<Shopper>[] out = newArray();
    rows.compute(
        id, (k, old) -> out[0] = Versioned.of(new Shopper(id, name, coins), nextVersion(id)));
    return out[0];
  }

  /** Adds coins to an existing row (a new version); empty if there is no row. */
  Optional<Versioned<Shopper>> update(long id, long coins) {
    Versioned<Shopper>[] out = newArray();
    rows.computeIfPresent(
        id,
        (k, old) ->
            out[0] =
                Versioned.of(
                    new Shopper(id, old.value().name(), old.value().coins() + coins),
                    nextVersion(id)));
    return Optional.ofNullable(out[0]);
  }

  /** Deletes a row (its version counter goes on). */
  boolean delete(long id) {
    boolean[] deleted = new boolean[1];
    rows.computeIfPresent(
        id,
        (k, old) -> {
          nextVersion(id);
          deleted[0] = true;
          return null;
        });
    return deleted[0];
  }

  Optional<Versioned<Shopper>> current(long id) {
    return Optional.ofNullable(rows.get(id));
  }

  private long nextVersion(long id) {
    return versions.computeIfAbsent(id, k -> new AtomicLong(-1)).incrementAndGet();
  }

  @SuppressWarnings("unchecked") // a one-element holder array for values computed in lambdas
  private static Versioned<Shopper>[] newArray() {
    return (Versioned<Shopper>[]) new Versioned<?>[1];
  }

  @Override
  public Optional<Versioned<Shopper>> load(Long key) {
    loads.incrementAndGet();
    return current(key);
  }

  @Override
  public Map<Long, Versioned<Shopper>> loadAll(Collection<? extends Long> keys) {
    loadAllCalls.incrementAndGet();
    loadAllKeys.addAndGet(keys.size());
    Map<Long, Versioned<Shopper>> out = new LinkedHashMap<>();
    for (Long key : keys) {
      current(key).ifPresent(v -> out.put(key, v));
    }
    return out;
  }
}
