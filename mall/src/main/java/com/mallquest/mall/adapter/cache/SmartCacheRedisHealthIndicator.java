package com.mallquest.mall.adapter.cache;

import com.mallquest.smartcache.SmartCacheManager;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The SmartCache's Redis tier as a health component ({@code redis}). Without Redis the service
 * keeps working on memory and the database, so a Redis that is configured but unreachable (or whose
 * breaker is open, or whose invalidation stream is not caught up) is {@link #DEGRADED}, not DOWN:
 * operators see it, orchestrators do not restart or unroute the instance. With no Redis configured
 * the component is UP and says so in its details. Also DEGRADED, for good until a restart: the
 * database changed under the caches ({@link CacheBinding}).
 */
public final class SmartCacheRedisHealthIndicator implements HealthIndicator {

  /**
   * Working, with less: HTTP 200, ranked between DOWN/OUT_OF_SERVICE and UP (see application.yml).
   */
  public static final Status DEGRADED =
      new Status("DEGRADED", "Redis tier unavailable; serving from memory and the database");

  private final SmartCacheManager manager;
  private final boolean configured;
  private final Supplier<Optional<String>> bindingMismatch;

  /**
   * For a manager whose binding to its database is not watched.
   *
   * @param manager the caches' manager
   * @param configured whether {@code mallquest.redis.url} is set
   */
  public SmartCacheRedisHealthIndicator(SmartCacheManager manager, boolean configured) {
    this(manager, configured, Optional::empty);
  }

  /**
   * For a manager.
   *
   * @param manager the caches' manager
   * @param configured whether {@code mallquest.redis.url} is set
   * @param bindingMismatch what no longer matches between the caches and their database (ADR 0016),
   *     if anything: then the Redis tier is off and the component DEGRADED
   */
  public SmartCacheRedisHealthIndicator(
      SmartCacheManager manager, boolean configured, Supplier<Optional<String>> bindingMismatch) {
    this.manager = manager;
    this.configured = configured;
    this.bindingMismatch = bindingMismatch;
  }

  @Override
  public Health health() {
    if (!configured) {
      return Health.up()
          .withDetail("configured", false)
          .withDetail("detail", "no Redis configured: caches run on memory and the database")
          .build();
    }
    Optional<String> mismatch = bindingMismatch.get();
    if (mismatch.isPresent()) {
      return Health.status(DEGRADED)
          .withDetail("configured", true)
          .withDetail("namespace", manager.namespace())
          .withDetail("bindingMismatch", mismatch.get() + "; Redis tier off until restarted")
          .build();
    }
    Health.Builder builder = manager.redisAvailable() ? Health.up() : Health.status(DEGRADED);
    return builder
        .withDetail("configured", true)
        .withDetail("namespace", manager.namespace())
        .build();
  }
}
