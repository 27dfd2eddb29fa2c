package com.mallquest.mall.api;

import com.mallquest.smartcache.RedisClusterProcess;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link LeaderboardRedisScenario} on a Redis Cluster of six local nodes ({@code
 * mallquest.redis.cluster=true}, the seeds separated by commas; ADR 0021): every board's keys share
 * a slot, the relay's batches and the rebuilds are sent per board, and the caches run on the same
 * cluster. The cluster's processes are killed when the JVM exits.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LeaderboardRedisClusterIT extends LeaderboardRedisScenario {

  private static final String NAMESPACE =
      "t-lbcluster-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());

  /** Before the context: skips (fails under CI) without redis-server and redis-cli. */
  @BeforeAll
  static void requireCluster() {
    RedisClusterProcess.require();
  }

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("mallquest.redis.url", () -> RedisClusterProcess.shared().url());
    registry.add("mallquest.redis.cluster", () -> "true");
    registry.add("mallquest.redis.namespace", () -> NAMESPACE);
    registry.add("mallquest.redis.command-timeout", () -> "2s");
    registry.add(
        "spring.datasource.url",
        () ->
            "jdbc:h2:mem:mallquest-lbcluster;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
  }

  @Override
  void flushRedis() {
    RedisClusterProcess.shared().deleteNamespace(NAMESPACE);
  }
}
