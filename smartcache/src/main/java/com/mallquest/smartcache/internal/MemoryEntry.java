package com.mallquest.smartcache.internal;

import com.mallquest.smartcache.Versioned;
import java.util.Optional;

/**
 * What the memory tier holds for a key: a value with its version, or a cached miss.
 *
 * @param value the value, or {@code null} for a cached miss (the source has no such key)
 * @param storedAtNanos ticker time when it was stored, for its TTL and the degraded TTL
 * @param sequence the cache's invalidation sequence when its load started (see {@link TieredCache})
 * @param weight the encoded size in bytes, for a byte-bounded memory tier (at least 1)
 * @param served {@code Optional.ofNullable(value)}, made once so that a memory hit allocates
 *     nothing
 * @param <V> the value type
 */
public record MemoryEntry<V>(
    Versioned<V> value,
    long storedAtNanos,
    long sequence,
    int weight,
    Optional<Versioned<V>> served) {

  /** An entry for {@code value} ({@code null}: a cached miss). */
  public MemoryEntry(Versioned<V> value, long storedAtNanos, long sequence, int weight) {
    this(value, storedAtNanos, sequence, weight, Optional.ofNullable(value));
  }

  /** Whether this is a cached miss. */
  public boolean isMiss() {
    return value == null;
  }

  /** Whether this holds a value newer than {@code version}. */
  public boolean isNewerThan(long version) {
    return value != null && value.version() > version;
  }
}
