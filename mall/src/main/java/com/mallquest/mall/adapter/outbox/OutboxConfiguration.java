package com.mallquest.mall.adapter.outbox;

import com.mallquest.mall.application.WakeSignal;
import com.mallquest.mall.application.outbox.OutboxRelay;
import com.mallquest.mall.application.outbox.PublishChanges;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.ChangePublisher;
import com.mallquest.mall.config.MallQuestProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The outbox relay (ADR 0015): before the instance reports ready it publishes what earlier runs
 * (its own, or a dead instance's) left pending; then a background thread publishes as changes
 * commit. Meters: {@code mallquest.outbox.pending}, {@code mallquest.outbox.oldest.age} (seconds),
 * {@code mallquest.outbox.published} and {@code mallquest.outbox.failures}; health component {@code
 * outbox}.
 */
@Configuration(proxyBeanMethods = false)
public class OutboxConfiguration {

  private static final Logger log = LoggerFactory.getLogger(OutboxConfiguration.class);

  @Bean
  PublishChanges publishChanges(
      ChangeOutbox outbox, List<ChangePublisher> publishers, MallQuestProperties properties) {
    return new PublishChanges(outbox, publishers, properties.outbox().batchSize());
  }

  @Bean(destroyMethod = "close")
  OutboxRelay outboxRelay(
      PublishChanges publish,
      @Qualifier("relaySignal") WakeSignal signal,
      MallQuestProperties properties) {
    return new OutboxRelay(
        publish,
        signal,
        properties.outbox().pollInterval(),
        properties.outbox().linger(),
        OutboxRelay.SLEEP);
  }

  @Bean
  OutboxMonitor outboxMonitor(
      ChangeOutbox outbox,
      OutboxRelay relay,
      Clock clock,
      MallQuestProperties properties,
      MeterRegistry registry) {
    OutboxMonitor monitor =
        new OutboxMonitor(outbox, relay, clock, properties.outbox().staleAfter());
    Gauge.builder("mallquest.outbox.pending", monitor, m -> m.read().pending())
        .description("outbox changes waiting to be published")
        .register(registry);
    Gauge.builder(
            "mallquest.outbox.oldest.age", monitor, m -> m.read().oldestAge().toMillis() / 1000.0)
        .baseUnit("seconds")
        .description("age of the oldest pending outbox change")
        .register(registry);
    FunctionCounter.builder("mallquest.outbox.published", relay, OutboxRelay::published)
        .description("outbox changes this instance published")
        .register(registry);
    FunctionCounter.builder("mallquest.outbox.failures", relay, OutboxRelay::failedAttempts)
        .description("relay steps that could not publish their batch")
        .register(registry);
    return monitor;
  }

  @Bean("outboxHealthIndicator")
  OutboxHealthIndicator outboxHealthIndicator(OutboxMonitor monitor) {
    return new OutboxHealthIndicator(monitor);
  }

  /**
   * Runs before readiness: publishes the backlog (bounded by {@code
   * mallquest.outbox.startup-timeout}) and then starts the relay thread.
   */
  @Bean
  ApplicationRunner outboxStartup(OutboxRelay relay, MallQuestProperties properties) {
    return args -> {
      long published = relay.drain(properties.outbox().startupTimeout());
      if (published > 0) {
        log.info(
            "outbox: published {} changes left pending by earlier runs before taking traffic",
            published);
      }
      relay.start();
    };
  }
}
