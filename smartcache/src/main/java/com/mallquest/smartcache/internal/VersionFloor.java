package com.mallquest.smartcache.internal;

/**
 * What recent changes of one key say about loads still in flight. A load that returns a version
 * below {@code minVersion} read the source before a write that is already announced; a load that
 * started before invalidation number {@code invalidatedSequence} may have read a deleted or
 * replaced row; a miss (no row) loaded before write number {@code versionSequence} may predate the
 * row's insert. Such loads are served to their caller but not cached, and entries like them are not
 * served.
 *
 * @param minVersion the newest version announced by a write, or -1
 * @param versionSequence the cache's sequence number of that announcement, or -1
 * @param invalidatedSequence the cache's sequence number of the latest invalidation, or -1
 */
public record VersionFloor(long minVersion, long versionSequence, long invalidatedSequence) {

  /** A floor from a write of {@code version}, announced as event number {@code sequence}. */
  public static VersionFloor ofVersion(long version, long sequence) {
    return new VersionFloor(version, sequence, -1);
  }

  /** A floor from an invalidation with sequence number {@code sequence}. */
  public static VersionFloor ofInvalidation(long sequence) {
    return new VersionFloor(-1, -1, sequence);
  }

  /** The stricter of two floors. */
  public static VersionFloor max(VersionFloor a, VersionFloor b) {
    return new VersionFloor(
        Math.max(a.minVersion, b.minVersion),
        Math.max(a.versionSequence, b.versionSequence),
        Math.max(a.invalidatedSequence, b.invalidatedSequence));
  }

  /** Whether {@code entry} may be cached and served under this floor. */
  public boolean admits(MemoryEntry<?> entry) {
    if (entry.sequence() < invalidatedSequence) {
      return false;
    }
    return entry.isMiss()
        ? entry.sequence() >= versionSequence
        : entry.value().version() >= minVersion;
  }
}
