package com.mallquest.mall.config;

import com.mallquest.mall.application.idempotency.IdempotentRequests;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes Idempotency-Key entries older than the retention, every {@code
 * mallquest.idempotency.purge-interval}, on one daemon thread. Entries past the retention already
 * count as absent, so a late purge only costs disk space.
 */
@Component
class IdempotencyPurge implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);

  private final IdempotentRequests requests;
  private final Duration interval;
  private ScheduledExecutorService executor;

  IdempotencyPurge(IdempotentRequests requests, MallQuestProperties properties) {
    this.requests = requests;
    this.interval = properties.idempotency().purgeInterval();
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalStateException(
          "mallquest.idempotency.purge-interval must be positive, was " + interval);
    }
  }

  @Override
  public synchronized void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "idempotency-purge");
              t.setDaemon(true);
              return t;
            });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this::purge, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void purge() {
    try {
      int deleted = requests.purgeExpired();
      if (deleted > 0) {
        log.info("idempotency entries purged count={}", deleted);
      }
    } catch (RuntimeException e) {
      // The database may be down; the next run tries again.
      log.warn("idempotency purge failed: {}", e.getClass().getSimpleName());
    }
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
}
