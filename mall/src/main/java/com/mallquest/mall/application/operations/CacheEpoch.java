package com.mallquest.mall.application.operations;

import com.mallquest.mall.application.port.InstallationRepository;
import com.mallquest.mall.domain.Installation;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's cache epoch (ADR 0016), which an operator bumps after restoring the database from
 * a backup (or copying it): Redis entries cached under the old epoch describe another state of the
 * data and are never read again. Running instances notice within {@code
 * mallquest.redis.binding-check-interval}, switch their Redis tier off (health DEGRADED) and must
 * be restarted; restarted instances use the new epoch.
 */
public final class CacheEpoch {

  private static final Logger log = LoggerFactory.getLogger(CacheEpoch.class);

  private final InstallationRepository installations;
  private final Clock clock;

  public CacheEpoch(InstallationRepository installations, Clock clock) {
    this.installations = Objects.requireNonNull(installations, "installations");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The database's installation now. */
  public Installation current() {
    return installations.find().orElseThrow(() -> new IllegalStateException("no installation row"));
  }

  /**
   * Raises the epoch: to the current time in milliseconds, or by one if that is not higher, so that
   * two copies of one backup bumped separately still differ.
   *
   * @return the installation after the bump
   */
  public Installation bump() {
    Installation bumped = installations.bumpCacheEpoch(clock.instant().toEpochMilli());
    log.warn(
        "cache epoch bumped: installation={} cacheEpoch={}; restart every instance",
        bumped.id(),
        bumped.cacheEpoch());
    return bumped;
  }
}
