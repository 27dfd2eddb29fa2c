package com.mallquest.mall.adapter.webhook;

import com.mallquest.mall.application.WakeSignal;
import com.mallquest.mall.application.port.WebhookRepository;
import com.mallquest.mall.application.port.WebhookSender;
import com.mallquest.mall.application.webhook.DeliverWebhooks;
import com.mallquest.mall.application.webhook.ManageWebhooks;
import com.mallquest.mall.application.webhook.WebhookTargets;
import com.mallquest.mall.config.WebhookProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Webhooks (ADR 0020): the outbox publisher that fans events out into deliveries, the delivery
 * worker of this instance (started once the outbox backlog is out, unless {@code
 * mallquest.webhooks.enabled=false}), the operators' use case, and meters {@code
 * mallquest.webhooks.pending}, {@code mallquest.webhooks.delivered}, {@code
 * mallquest.webhooks.failed.attempts} and {@code mallquest.webhooks.given.up}.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

  private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);

  @Bean
  WakeSignal webhookSignal() {
    return new WakeSignal();
  }

  @Bean
  WebhookTargets webhookTargets(WebhookProperties properties) {
    if (properties.allowHttpLoopback() || properties.allowPrivateTargets()) {
      log.warn(
          "webhooks: targets on loopback{} are allowed (mallquest.webhooks.allow-http-loopback={},"
              + " allow-private-targets={}); not for production",
          properties.allowPrivateTargets() ? " and private networks" : "",
          properties.allowHttpLoopback(),
          properties.allowPrivateTargets());
    }
    return new WebhookTargets(properties.allowHttpLoopback(), properties.allowPrivateTargets());
  }

  @Bean
  WebhookFanOut webhookFanOut(WebhookRepository repository) {
    return new WebhookFanOut(repository);
  }

  @Bean(destroyMethod = "close")
  HttpWebhookSender webhookSender(WebhookProperties properties) {
    return new HttpWebhookSender(properties.requestTimeout());
  }

  @Bean(destroyMethod = "close")
  DeliverWebhooks deliverWebhooks(
      WebhookRepository repository,
      WebhookSender sender,
      WebhookTargets targets,
      @Qualifier("webhookSignal") WakeSignal signal,
      Clock clock,
      WebhookProperties p,
      MeterRegistry registry) {
    DeliverWebhooks worker =
        new DeliverWebhooks(
            repository,
            sender,
            targets,
            signal,
            clock,
            new DeliverWebhooks.Settings(
                p.initialBackoff(),
                p.maxBackoff(),
                p.retryFor(),
                p.lease(),
                p.maxInFlight(),
                p.pollInterval(),
                p.keepLog()));
    FunctionCounter.builder("mallquest.webhooks.delivered", worker, DeliverWebhooks::delivered)
        .description("webhook deliveries a receiver accepted (this instance)")
        .register(registry);
    FunctionCounter.builder(
            "mallquest.webhooks.failed.attempts", worker, DeliverWebhooks::failedAttempts)
        .description("webhook attempts that failed (this instance)")
        .register(registry);
    FunctionCounter.builder("mallquest.webhooks.given.up", worker, DeliverWebhooks::givenUp)
        .description("webhook deliveries given up after the retry window (this instance)")
        .register(registry);
    Gauge.builder("mallquest.webhooks.pending", repository, r -> r.backlog().pending())
        .description("webhook deliveries not yet delivered or given up")
        .register(registry);
    return worker;
  }

  @Bean
  ManageWebhooks manageWebhooks(
      WebhookRepository repository,
      WebhookTargets targets,
      @Qualifier("webhookSignal") WakeSignal signal,
      Clock clock) {
    return new ManageWebhooks(repository, targets, signal, clock);
  }

  /** Starts the worker after the outbox's start-up drain (which may have created deliveries). */
  @Bean
  ApplicationRunner webhookStartup(DeliverWebhooks worker, WebhookProperties properties) {
    return args -> {
      if (properties.enabled()) {
        worker.start();
      } else {
        log.info(
            "webhooks: no delivery worker on this instance (mallquest.webhooks.enabled=false)");
      }
    };
  }
}
