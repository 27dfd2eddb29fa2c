package com.mallquest.smartcache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import com.mallquest.smartcache.ValueCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * What a manager shares with each of its caches.
 *
 * @param codec the value codec
 * @param ticker the time source of memory TTLs, the degraded TTL and the breaker
 * @param link the Redis link, empty without Redis
 * @param namespace the key namespace
 * @param instanceId this instance's id, the origin of its stream messages
 * @param streamMaxLength the approximate length the invalidation streams are trimmed to
 * @param registry where to register meters, if anywhere
 */
public record CacheContext(
    ValueCodec codec,
    Ticker ticker,
    Optional<RedisLink> link,
    String namespace,
    String instanceId,
    long streamMaxLength,
    Optional<MeterRegistry> registry) {}
