package com.mallquest.smartcache.spring;

import com.mallquest.smartcache.SmartCacheManager;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * SmartCache's Redis tier as a health component ({@code smartCache}). The caches keep working on
 * memory and the loaders without Redis, so a Redis that is configured but unreachable (or whose
 * breaker is open, or whose invalidation stream is not caught up) is {@link #DEGRADED}, not DOWN.
 * Give DEGRADED a place in the order and an HTTP status, e.g.:
 *
 * <pre>
 * management.endpoint.health.status.order: DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN
 * management.endpoint.health.status.http-mapping.DEGRADED: 200
 * </pre>
 *
 * <p>Without a Redis URI the component is UP and says so in its details.
 */
public class SmartCacheHealthIndicator implements HealthIndicator {

  /** Working, with less: Redis configured but not usable; caches serve from memory and loaders. */
  public static final Status DEGRADED =
      new Status("DEGRADED", "Redis tier unavailable; caches serve from memory and their loaders");

  private final SmartCacheManager manager;
  private final boolean configured;

  /**
   * For a manager.
   *
   * @param configured whether a Redis URI is set
   */
  public SmartCacheHealthIndicator(SmartCacheManager manager, boolean configured) {
    this.manager = manager;
    this.configured = configured;
  }

  @Override
  public Health health() {
    if (!configured) {
      return Health.up().withDetail("redisConfigured", false).build();
    }
    Health.Builder builder = manager.redisAvailable() ? Health.up() : Health.status(DEGRADED);
    return builder
        .withDetail("redisConfigured", true)
        .withDetail("namespace", manager.namespace())
        .build();
  }
}
