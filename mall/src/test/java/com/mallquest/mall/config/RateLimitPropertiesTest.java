package com.mallquest.mall.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
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
  void defaults_clusterWideWithBatching_50msTimeout_retryEverySecond() {
    MallQuestProperties.RateLimit limits = bind(Map.of()).security().rateLimit();

    assertThat(limits.requestsPerMinute()).isEqualTo(60_000);
    assertThat(limits.clusterWide()).isTrue();
    assertThat(limits.batching()).isTrue();
    assertThat(limits.redisTimeout()).isEqualTo(Duration.ofMillis(50));
    assertThat(limits.retryInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void setValues_areBound() {
    MallQuestProperties.RateLimit limits =
        bind(Map.of(
                "mallquest.security.rate-limit.cluster-wide", "false",
                "mallquest.security.rate-limit.redis-timeout", "20ms",
                "mallquest.security.rate-limit.retry-interval", "5s",
                "mallquest.security.rate-limit.batching", "false"))
            .security()
            .rateLimit();

    assertThat(limits.clusterWide()).isFalse();
    assertThat(limits.batching()).isFalse();
    assertThat(limits.redisTimeout()).isEqualTo(Duration.ofMillis(20));
    assertThat(limits.retryInterval()).isEqualTo(Duration.ofSeconds(5));
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
  })
  void badValue_failsStartUp_namingTheProperty(String property, String value) {
    assertThatThrownBy(() -> bind(Map.of("mallquest.security.rate-limit." + property, value)))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("mallquest.security.rate-limit." + property);
  }
}
