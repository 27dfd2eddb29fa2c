package com.mallquest.smartcache;

/**
 * A snapshot of one cache's statistics. The first five fields are the original {@code
 * SmartCacheManager.get_cache_stats()} fields; the rest break the work down by tier.
 *
 * @param name the cache name
 * @param memoryCacheSize entries in the memory tier now (after Caffeine's pending maintenance)
 * @param memoryLimit the memory tier's bound: entries, or bytes when {@code memoryLimitBytes}
 * @param memoryLimitBytes whether {@code memoryLimit} counts bytes (weigher) rather than entries
 * @param redisAvailable whether Redis is reachable and the circuit breaker closed
 * @param redisKeys keys of this cache in Redis, tombstones included, counted with a bounded {@code
 *     SCAN} (a lower bound past 1,000 pages); -1 when Redis is unavailable
 * @param cacheHitRatio reads answered by memory (values and cached misses) or Redis, over all
 *     reads; 0 when there were no reads
 * @param requests reads ({@code get}, {@code getAll} per key, {@code getIfPresent})
 * @param memoryHits reads answered by the memory tier
 * @param redisHits reads answered by Redis
 * @param sourceLoads keys loaded from the source of record
 * @param negativeHits reads answered by a cached miss
 * @param loadFailures source loads that threw
 * @param evictions memory-tier evictions by size or weight
 * @param redisErrors Redis commands that failed or timed out
 * @param averageLoadNanos mean source load latency in nanoseconds
 * @param invalidationsReceived invalidation-stream messages applied from other instances
 * @param invalidationLagMillis the latest lag between a remote write's stream append and its
 *     arrival here (the {@code smartcache.invalidation.lag} timer has the distribution)
 * @param redisState what the Redis tier is doing now (finer than {@code redisAvailable})
 */
public record CacheStats(
    String name,
    long memoryCacheSize,
    long memoryLimit,
    boolean memoryLimitBytes,
    boolean redisAvailable,
    long redisKeys,
    double cacheHitRatio,
    long requests,
    long memoryHits,
    long redisHits,
    long sourceLoads,
    long negativeHits,
    long loadFailures,
    long evictions,
    long redisErrors,
    double averageLoadNanos,
    long invalidationsReceived,
    long invalidationLagMillis,
    RedisState redisState) {

  /** The Redis tier's state, as an operator sees it. */
  public enum RedisState {
    /** No Redis URI: memory and the source only. */
    NOT_CONFIGURED,
    /** Connected, the invalidation stream read without a gap, the breaker closed. */
    UP,
    /**
     * The breaker is closed but Redis cannot be trusted yet (connection lost, or the stream reader
     * resynchronising): memory entries are served only within the degraded TTL.
     */
    DEGRADED,
    /**
     * Redis calls failed; the breaker refuses them until a probe succeeds (memory and source only).
     */
    BREAKER_OPEN
  }
}
