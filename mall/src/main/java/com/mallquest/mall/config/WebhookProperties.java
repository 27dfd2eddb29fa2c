package com.mallquest.mall.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mallquest.webhooks.*}: webhook delivery (ADR 0020; docs/CONFIGURATION.md lists each
 * property).
 *
 * @param enabled whether this instance runs a delivery worker (every instance may; they share the
 *     work)
 * @param allowHttpLoopback allow {@code http} targets on a loopback host (development and tests
 *     only)
 * @param allowPrivateTargets allow targets that resolve to loopback, link-local or private
 *     addresses (a receiver inside the mall's own network)
 * @param requestTimeout how long one attempt waits for the receiver (connect and answer)
 * @param initialBackoff the wait after the first failed attempt (doubling, with jitter)
 * @param maxBackoff the longest wait between attempts
 * @param retryFor how long a delivery is retried before it is given up and its subscription marked
 *     failing
 * @param lease how long a claimed delivery is held by its worker; must exceed {@code
 *     request-timeout}
 * @param maxInFlight most attempts one instance runs at once
 * @param pollInterval how often an idle worker looks for due deliveries (commits wake it at once)
 * @param keepLog how long delivered and failed deliveries stay in the log
 */
@ConfigurationProperties("mallquest.webhooks")
public record WebhookProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("false") boolean allowHttpLoopback,
    @DefaultValue("false") boolean allowPrivateTargets,
    @DefaultValue("5s") Duration requestTimeout,
    @DefaultValue("5s") Duration initialBackoff,
    @DefaultValue("1h") Duration maxBackoff,
    @DefaultValue("24h") Duration retryFor,
    @DefaultValue("60s") Duration lease,
    @DefaultValue("64") int maxInFlight,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("7d") Duration keepLog) {

  /** Refuses settings that cannot work. */
  public WebhookProperties {
    if (lease.compareTo(requestTimeout.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "mallquest.webhooks.lease must be at least twice request-timeout");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("mallquest.webhooks.max-in-flight must be positive");
    }
  }
}
