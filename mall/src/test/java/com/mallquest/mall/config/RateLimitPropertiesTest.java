package com.mallquest.mall.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code mallquest.security.rate-limit.*} as Spring binds it at start-up: defaults, and bad values
 * refused.
 */
class RateLimitPropertiesTest {

  private static MallQuestProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("mallquest", MallQuestProperties.class);
  }

  @Test
  void defaults_clusterWide_50msTimeout_retryEverySecond() {
    MallQuestProperties.RateLimit limits = bind(Map.of()).security().rateLimit();

    assertThat(limits.requestsPerMinute()).isEqualTo(60_000);
    assertThat(limits.clusterWide()).isTrue();
    assertThat(limits.redisTimeout()).isEqualTo(Duration.ofMillis(50));
    assertThat(limits.retryInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(limits.maxLease()).as("ADR 0027").isEqualTo(64);
    assertThat(limits.leaseTime()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void setValues_areBound() {
    MallQuestProperties.RateLimit limits =
        bind(Map.of(
                "mallquest.security.rate-limit.cluster-wide", "false",
                "mallquest.security.rate-limit.redis-timeout", "20ms",
                "mallquest.security.rate-limit.retry-interval", "5s",
                "mallquest.security.rate-limit.max-lease", "1",
                "mallquest.security.rate-limit.lease-time", "2s"))
            .security()
            .rateLimit();

    assertThat(limits.clusterWide()).isFalse();
    assertThat(limits.redisTimeout()).isEqualTo(Duration.ofMillis(20));
    assertThat(limits.retryInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(limits.maxLease()).isEqualTo(1);
    assertThat(limits.leaseTime()).isEqualTo(Duration.ofSeconds(2));
  }

  /**
   * {@code batching} is gone (ADR 0024: a decision is one script, nothing to batch); a deployment
   * that still sets it starts, as long as the properties ignore unknown fields as Spring binds
   * them.
   */
  @Test
  void batching_removedByAdr0024_stillSet_doesNotStopTheStart() {
    ConfigurationProperties annotation =
        MallQuestProperties.class.getAnnotation(ConfigurationProperties.class);
    BindHandler handler =
        annotation.ignoreUnknownFields()
            ? BindHandler.DEFAULT
            : new NoUnboundElementsBindHandler(BindHandler.DEFAULT);

    MallQuestProperties properties =
        new Binder(
                new MapConfigurationPropertySource(
                    Map.of("mallquest.security.rate-limit.batching", "false")))
            .bindOrCreate("mallquest", Bindable.of(MallQuestProperties.class), handler);

    assertThat(properties.security().rateLimit().clusterWide()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "requests-per-minute, 0",
    "requests-per-minute, -5",
    "max-tracked-keys, 0",
    "redis-timeout, 0ms",
    "redis-timeout, -1s",
    "redis-timeout, 11s",
    "retry-interval, 1ms",
    "max-lease, 0",
    "max-lease, 10001",
    "lease-time, 0ms",
    "lease-time, 11s",
  })
  void badValue_failsStartUp_namingTheProperty(String property, String value) {
    assertThatThrownBy(() -> bind(Map.of("mallquest.security.rate-limit." + property, value)))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("mallquest.security.rate-limit." + property);
  }
}
