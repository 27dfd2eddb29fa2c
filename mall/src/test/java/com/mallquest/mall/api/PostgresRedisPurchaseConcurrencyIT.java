package com.mallquest.mall.api;

import com.mallquest.mall.support.PostgresTestSupport;
import com.mallquest.smartcache.RedisTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The purchase concurrency tests again, on PostgreSQL with the Redis tier on. */
class PostgresRedisPurchaseConcurrencyIT extends PurchaseConcurrencyApiTest {

  @BeforeAll
  static void servicesUp() {
    PostgresTestSupport.requirePostgres();
    RedisTestSupport.requireRedis();
  }

  @DynamicPropertySource
  static void postgresAndRedis(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> PostgresTestSupport.urlOfNewSchema());
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
    registry.add("mallquest.redis.url", RedisTestSupport::redisUrl);
    registry.add("mallquest.redis.namespace", () -> "it" + UUID.randomUUID().toString().substring(0, 8));
  }
}
