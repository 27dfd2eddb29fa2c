package com.mallquest.smartcache.internal;

/**
 * What recent invalidations of one key say about loads still in flight: a load that returns a
 * version below {@code minVersion}, or that started before invalidation number
 * {@code invalidatedSequence}, read the source before the change and is not cached.
 *
 * @param minVersion the newest version announced by a write, or -1
 * @param invalidatedSequence the cache's sequence number of the latest invalidation, or -1
 */
public record VersionFloor(long minVersion, long invalidatedSequence) {

  /** A floor from a write of {@code version}. */
  public static VersionFloor ofVersion(long version) {
    return new VersionFloor(version, -1);
  }

  /** A floor from an invalidation with sequence number {@code sequence}. */
  public static VersionFloor ofInvalidation(long sequence) {
    return new VersionFloor(-1, sequence);
  }

  /** The stricter of two floors. */
  public static VersionFloor max(VersionFloor a, VersionFloor b) {
    return new VersionFloor(
        Math.max(a.minVersion, b.minVersion), Math.max(a.invalidatedSequence, b.invalidatedSequence));
  }
}
