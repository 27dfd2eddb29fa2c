package com.mallquest.smartcache.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smartcache.*}: the Redis tier, the namespace, and the limits and TTLs of each cache.
 *
 * <pre>
 * smartcache:
 *   redis-uri: redis://127.0.0.1:6379     # absent: memory only, one instance
 *   redis-cluster: false                   # true: redis-uri lists a Redis Cluster's seed nodes, comma-separated
 *   namespace: orders                      # Redis keys &lt;namespace&gt;:&lt;cache&gt;:&lt;key&gt;
 *   cache-names: [products, prices]        # created at start; others on first use unless dynamic=false
 *   defaults:
 *     memory-limit-entries: 1000
 *     memory-ttl: 10m
 *     redis-ttl: 1h
 *   caches:
 *     prices:
 *       memory-limit-entries: 10000
 *       memory-ttl: 30s
 * </pre>
 */
@ConfigurationProperties("smartcache")
public class SmartCacheProperties {

  /**
   * Redis URI; none means memory only (one instance). With {@code redis-cluster}, the seed nodes
   * separated by commas.
   */
  private String redisUri;

  /**
   * Whether {@code redis-uri} names a Redis Cluster (Lettuce's cluster client, hash-tagged keys).
   */
  private boolean redisCluster;

  /** Redis key prefix: keys are {@code <namespace>:<cache>:<key>}. */
  private String namespace = "smartcache";

  /** How long a Redis command may take before the cache serves from memory and the loader. */
  private Duration commandTimeout = Duration.ofMillis(50);

  /** Caches created at start. */
  private List<String> cacheNames = new ArrayList<>();

  /** Whether a cache name not listed is created on first use. */
  private boolean dynamic = true;

  /** Whether {@code null} results are cached. */
  private boolean allowNullValues = true;

  /** Settings of every cache without its own. */
  private CacheSpec defaults = new CacheSpec();

  /** Settings per cache name; unset fields fall back to {@link #defaults}. */
  private Map<String, CacheSpec> caches = new LinkedHashMap<>();

  /** The limits and TTLs of one cache; {@code null} fields fall back to the defaults. */
  public static class CacheSpec {
    /** Memory-tier bound in entries. */
    private Long memoryLimitEntries;

    /** Memory-tier bound in serialized bytes (instead of entries). */
    private Long memoryLimitBytes;

    /** How long an entry is served from memory. */
    private Duration memoryTtl;

    /** How long an entry stays in Redis (before jitter). */
    private Duration redisTtl;

    /** The oldest memory entry served while Redis is unavailable. */
    private Duration degradedTtl;

    public Long getMemoryLimitEntries() {
      return memoryLimitEntries;
    }

    public void setMemoryLimitEntries(Long memoryLimitEntries) {
      this.memoryLimitEntries = memoryLimitEntries;
    }

    public Long getMemoryLimitBytes() {
      return memoryLimitBytes;
    }

    public void setMemoryLimitBytes(Long memoryLimitBytes) {
      this.memoryLimitBytes = memoryLimitBytes;
    }

    public Duration getMemoryTtl() {
      return memoryTtl;
    }

    public void setMemoryTtl(Duration memoryTtl) {
      this.memoryTtl = memoryTtl;
    }

    public Duration getRedisTtl() {
      return redisTtl;
    }

    public void setRedisTtl(Duration redisTtl) {
      this.redisTtl = redisTtl;
    }

    public Duration getDegradedTtl() {
      return degradedTtl;
    }

    public void setDegradedTtl(Duration degradedTtl) {
      this.degradedTtl = degradedTtl;
    }
  }

  public String getRedisUri() {
    return redisUri;
  }

  public void setRedisUri(String redisUri) {
    this.redisUri = redisUri;
  }

  public boolean isRedisCluster() {
    return redisCluster;
  }

  public void setRedisCluster(boolean redisCluster) {
    this.redisCluster = redisCluster;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Duration getCommandTimeout() {
    return commandTimeout;
  }

  public void setCommandTimeout(Duration commandTimeout) {
    this.commandTimeout = commandTimeout;
  }

  public List<String> getCacheNames() {
    return cacheNames;
  }

  public void setCacheNames(List<String> cacheNames) {
    this.cacheNames = cacheNames;
  }

  public boolean isDynamic() {
    return dynamic;
  }

  public void setDynamic(boolean dynamic) {
    this.dynamic = dynamic;
  }

  public boolean isAllowNullValues() {
    return allowNullValues;
  }

  public void setAllowNullValues(boolean allowNullValues) {
    this.allowNullValues = allowNullValues;
  }

  public CacheSpec getDefaults() {
    return defaults;
  }

  public void setDefaults(CacheSpec defaults) {
    this.defaults = defaults;
  }

  public Map<String, CacheSpec> getCaches() {
    return caches;
  }

  public void setCaches(Map<String, CacheSpec> caches) {
    this.caches = caches;
  }

  /** Whether a Redis URI is set. */
  public boolean redisConfigured() {
    return redisUri != null && !redisUri.isBlank();
  }
}
