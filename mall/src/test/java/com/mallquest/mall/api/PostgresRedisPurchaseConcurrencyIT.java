package com.mallquest.mall.api;

import com.mallquest.mall.support.Services;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The purchase concurrency tests again, on PostgreSQL with the Redis tier on. */
class PostgresRedisPurchaseConcurrencyIT extends PurchaseConcurrencyApiTest {

  @BeforeAll
  static void servicesUp() {
    Services.requirePostgres();
    Services.requireRedis();
  }

  @DynamicPropertySource
  static void postgresAndRedis(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> Services.freshPostgresSchema("purchase_it"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
    registry.add("mallquest.redis.url", Services::redisUrl);
    registry.add("mallquest.redis.namespace", () -> "it" + UUID.randomUUID().toString().substring(0, 8));
  }
}
