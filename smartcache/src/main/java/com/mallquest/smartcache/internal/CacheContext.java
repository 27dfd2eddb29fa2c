package com.mallquest.smartcache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import com.mallquest.smartcache.ValueCodec;
import java.util.Optional;

/**
 * What a manager shares with each of its caches.
 *
 * @param codec the value codec
 * @param ticker the precise time source: when memory entries were stored, the breaker
 * @param clock the time source a memory hit reads: memory TTLs, the degraded TTL, the version
 *     floors' expiry; a {@link CoarseTicker} by default, the same as {@code ticker} when a test
 *     supplies its own
 * @param link the Redis link, empty without Redis
 * @param namespace the key namespace
 * @param instanceId this instance's id, the origin of its stream messages
 * @param streamMaxLength the approximate length the invalidation streams are trimmed to
 */
public record CacheContext(
    ValueCodec codec,
    Ticker ticker,
    Ticker clock,
    Optional<RedisLink> link,
    String namespace,
    String instanceId,
    long streamMaxLength) {}
