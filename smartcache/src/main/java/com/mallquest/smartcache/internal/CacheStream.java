package com.mallquest.smartcache.internal;

/**
 * One invalidation stream of a cache (one per stream group, see {@link KeyLayout}) and where the
 * stream reader stands in it.
 *
 * @param key the stream's key
 * @param counterKey the key of its message counter
 * @param generationKey the key of its group's clear generation (ADR 0032), in the stream's slot
 * @param cursor the reader's position
 */
public record CacheStream(
    String key, String counterKey, String generationKey, StreamCursor cursor) {

  /** Group {@code g}'s stream of {@code layout}, not read yet. */
  public static CacheStream of(KeyLayout layout, int g) {
    return new CacheStream(
        layout.streamKey(g), layout.counterKey(g), layout.generationKey(g), new StreamCursor());
  }
}
