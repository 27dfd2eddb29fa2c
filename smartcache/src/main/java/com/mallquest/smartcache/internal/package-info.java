/**
 * The implementation of SmartCache. Not API: its classes are public only so that {@link
 * com.mallquest.smartcache.SmartCacheManager} can build them; they change without notice.
 *
 * <p>{@link com.mallquest.smartcache.internal.TieredCache} is the cache, {@link
 * com.mallquest.smartcache.internal.RedisLink} the connections and the breaker, {@link
 * com.mallquest.smartcache.internal.InvalidationReader} the one background thread, {@link
 * com.mallquest.smartcache.internal.RedisScripts} the Lua that keeps Redis versioned.
 */
package com.mallquest.smartcache.internal;
