package com.mallquest.mall.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.smartcache.RedisServerProcess;
import com.mallquest.smartcache.SmartCacheManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The Redis tier's health: not configured is UP, configured but unreachable is DEGRADED. */
class SmartCacheRedisHealthIndicatorTest {

  @Test
  void noRedisConfigured_isUp_andSaysSo() {
    try (SmartCacheManager manager = SmartCacheManager.builder().build()) {
      Health health = new SmartCacheRedisHealthIndicator(manager, false).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("configured", false);
    }
  }

  @Test
  void redisConfiguredButUnreachable_isDegraded() {
    String nobody = "redis://127.0.0.1:" + RedisServerProcess.freePort();
    try (SmartCacheManager manager = SmartCacheManager.builder().redisUri(nobody).build()) {
      Health health = new SmartCacheRedisHealthIndicator(manager, true).health();
      assertThat(health.getStatus()).isEqualTo(SmartCacheRedisHealthIndicator.DEGRADED);
      assertThat(health.getDetails()).containsEntry("configured", true);
    }
  }
}
