package com.mallquest.smartcache.internal;

/**
 * One invalidation stream of a cache (one per stream group, see {@link KeyLayout}) and where the
 * stream reader stands in it.
 *
 * @param key the stream's key
 * @param counterKey the key of its message counter
 * @param cursor the reader's position
 */
public record CacheStream(String key, String counterKey, StreamCursor cursor) {

  /** A stream not read yet. */
  public static CacheStream of(String key, String counterKey) {
    return new CacheStream(key, counterKey, new StreamCursor());
  }
}
