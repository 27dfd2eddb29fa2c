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
 * {@code mallquest.group-commit.*} (ADR 0023) and {@code mallquest.redis.stream-max-length} as
 * Spring binds them at start-up: defaults, set values, and bad values refused before anything runs.
 */
class WritePathPropertiesTest {

  private static MallQuestProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("mallquest", MallQuestProperties.class);
  }

  @Test
  void defaults_groupCommitOnWithOneWriterOf64StalledAfter250ms_streamsOf10000() {
    MallQuestProperties properties = bind(Map.of());

    assertThat(properties.groupCommit().enabled()).isTrue();
    assertThat(properties.groupCommit().writers()).isEqualTo(1);
    assertThat(properties.groupCommit().maxBatch()).isEqualTo(64);
    assertThat(properties.groupCommit().stallAfter()).isEqualTo(Duration.ofMillis(250));
    assertThat(properties.redis().streamMaxLength()).isEqualTo(10_000);
    assertThat(properties.outbox().linger()).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void setValues_areBound() {
    MallQuestProperties properties =
        bind(
            Map.of(
                "mallquest.group-commit.enabled", "false",
                "mallquest.group-commit.writers", "8",
                "mallquest.group-commit.max-batch", "200",
                "mallquest.group-commit.stall-after", "2s",
                "mallquest.redis.stream-max-length", "150000",
                "mallquest.outbox.linger", "0ms"));

    assertThat(properties.groupCommit().enabled()).isFalse();
    assertThat(properties.groupCommit().writers()).isEqualTo(8);
    assertThat(properties.groupCommit().maxBatch()).isEqualTo(200);
    assertThat(properties.groupCommit().stallAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(properties.redis().streamMaxLength()).isEqualTo(150_000);
    assertThat(properties.outbox().linger()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "group-commit.writers, 0",
    "group-commit.writers, 65",
    "group-commit.max-batch, 0",
    "group-commit.max-batch, 1001",
    "group-commit.stall-after, 0ms",
    "group-commit.stall-after, 61s",
    "redis.stream-max-length, 99",
    "redis.stream-max-length, -1",
    "outbox.linger, 501ms",
    "outbox.linger, -1ms"
  })
  void badValue_refusedAtStartUp_namingTheProperty(String property, String value) {
    assertThatThrownBy(() -> bind(Map.of("mallquest." + property, value)))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("mallquest." + property);
  }
}
