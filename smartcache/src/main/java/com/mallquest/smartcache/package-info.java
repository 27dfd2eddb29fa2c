/**
 * SmartCache: a three-tier read-through cache, memory (Caffeine) -> Redis (Lettuce) -> the source
 * of record, that is never the only copy of anything.
 *
 * <p>Start with {@link com.mallquest.smartcache.SmartCacheManager}: it builds the named {@link
 * com.mallquest.smartcache.SmartCache}s, each described by a {@link
 * com.mallquest.smartcache.CacheConfig} and backed by a {@link
 * com.mallquest.smartcache.SourceOfRecord}. Values carry the row version ({@link
 * com.mallquest.smartcache.Versioned}); no tier replaces a newer version with an older one. Writes
 * are announced with {@code written} after the database commit; other instances hear of them
 * through a Redis Stream and drop their older copies.
 *
 * <p>Nothing in this package returns or accepts {@code null} unless its documentation says so.
 * Everything under {@code internal} is implementation, not API.
 */
package com.mallquest.smartcache;
