package com.mallquest.mall.api;

import com.mallquest.smartcache.RedisTestSupport;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link LeaderboardRedisScenario} against the shared Redis in a namespace of its own (deleted
 * afterwards) and an H2 database of its own.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LeaderboardRedisIT extends LeaderboardRedisScenario {

  private static final String NAMESPACE =
      "t-leaderboard-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
  private static String redisUrl;

  @BeforeAll
  static void requireRedis() {
    redisUrl = RedisTestSupport.requireRedis();
  }

  @AfterAll
  static void deleteNamespace() {
    if (redisUrl != null) {
      RedisTestSupport.deleteNamespace(redisUrl, NAMESPACE);
    }
  }

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("mallquest.redis.url", RedisTestSupport::redisUrl);
    registry.add("mallquest.redis.namespace", () -> NAMESPACE);
    registry.add("mallquest.redis.command-timeout", () -> "2s");
    registry.add(
        "spring.datasource.url",
        () ->
            "jdbc:h2:mem:mallquest-leaderboard;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
  }

  @Override
  void flushRedis() {
    RedisTestSupport.deleteNamespace(redisUrl, NAMESPACE);
  }
}
