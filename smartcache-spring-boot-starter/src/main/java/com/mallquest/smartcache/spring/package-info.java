/**
 * Spring Boot auto-configuration for SmartCache: {@link
 * com.mallquest.smartcache.spring.SmartCacheAutoConfiguration}, a Spring {@link
 * org.springframework.cache.CacheManager} over SmartCache, and its health contributor.
 */
package com.mallquest.smartcache.spring;
