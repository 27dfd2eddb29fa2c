package com.mallquest.mall.adapter.outbox;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The outbox as a health component ({@code outbox}): UP while changes are published promptly,
 * DEGRADED (HTTP 200: the database is right, only the caches and boards lag) once a change has
 * waited longer than {@code mallquest.outbox.stale-after}. Details: depth, oldest age, published.
 */
final class OutboxHealthIndicator implements HealthIndicator {

  static final Status DEGRADED =
      new Status("DEGRADED", "outbox changes wait longer than they should");

  private final OutboxMonitor monitor;

  OutboxHealthIndicator(OutboxMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public Health health() {
    OutboxMonitor.Reading reading = monitor.read();
    if (reading.pending() < 0) {
      return Health.unknown().withDetail("detail", "the outbox table could not be read").build();
    }
    boolean stale = reading.oldestAge().compareTo(monitor.staleAfter()) > 0;
    return (stale ? Health.status(DEGRADED) : Health.up())
        .withDetail("pending", reading.pending())
        .withDetail("oldestPendingAgeMillis", reading.oldestAge().toMillis())
        .withDetail("published", reading.published())
        .withDetail("staleAfterMillis", monitor.staleAfter().toMillis())
        .build();
  }
}
