package com.mallquest.mall.adapter.cache;

import com.mallquest.mall.application.operations.CacheEpoch;
import com.mallquest.mall.application.port.CatalogCaches;
import com.mallquest.mall.application.port.InstallationRepository;
import com.mallquest.mall.config.MallQuestProperties;
import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.SmartCacheManager;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What keeps the caches from acting on another database's data (ADR 0016): their binding to the
 * database, its periodic check, the epoch an operator bumps, and the catalogs a failed write drops.
 */
@Configuration(proxyBeanMethods = false)
public class CacheBindingConfiguration {

  @Bean
  CacheBinding cacheBinding(InstallationRepository installations) {
    return new CacheBinding(installations);
  }

  /** The cached catalogs a write may refer to: the missions' one entry and the stores. */
  @Bean
  CatalogCaches catalogCaches(SmartCacheManager manager) {
    return () -> {
      manager.cache("missions").ifPresent(SmartCache::invalidateAll);
      manager.cache("stores").ifPresent(SmartCache::invalidateAll);
    };
  }

  /** The operator's view of the epoch (the bump after a restore). */
  @Bean
  CacheEpoch cacheEpoch(InstallationRepository installations, Clock clock) {
    return new CacheEpoch(installations, clock);
  }

  /**
   * Checks the binding every {@code mallquest.redis.binding-check-interval} on a daemon thread,
   * when Redis is configured (without Redis nothing is shared, so nothing can be foreign).
   */
  @Bean
  SmartLifecycle cacheBindingCheck(CacheBinding binding, MallQuestProperties properties) {
    Duration interval = properties.redis().bindingCheckInterval();
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalStateException(
          "mallquest.redis.binding-check-interval must be positive, was " + interval);
    }
    String url = properties.redis().url();
    boolean redis = url != null && !url.isBlank();
    return new SmartLifecycle() {
      private ScheduledExecutorService executor;

      @Override
      public synchronized void start() {
        if (!redis) {
          return;
        }
        executor =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "cache-binding-check");
                  t.setDaemon(true);
                  return t;
                });
        executor.scheduleWithFixedDelay(
            binding::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
      }

      @Override
      public synchronized void stop() {
        if (executor != null) {
          executor.shutdownNow();
          executor = null;
        }
      }

      @Override
      public synchronized boolean isRunning() {
        return executor != null;
      }
    };
  }
}
