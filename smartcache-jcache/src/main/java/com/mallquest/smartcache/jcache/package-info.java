/**
 * A JSR-107 (JCache 1.1) provider backed by SmartCache: {@link
 * com.mallquest.smartcache.jcache.SmartCachingProvider}, registered in {@code
 * META-INF/services/javax.cache.spi.CachingProvider}. See {@link
 * com.mallquest.smartcache.jcache.SmartJCache} for what JCache semantics do not hold across
 * instances.
 */
package com.mallquest.smartcache.jcache;
