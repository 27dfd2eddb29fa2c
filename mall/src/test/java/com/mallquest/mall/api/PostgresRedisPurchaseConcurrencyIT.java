package com.mallquest.mall.api;

import com.mallquest.mall.support.PostgresTestSupport;
import com.mallquest.smartcache.RedisTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The purchase concurrency tests again, on PostgreSQL with the Redis tier on. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresRedisPurchaseConcurrencyIT extends PurchaseConcurrencyApiTest {

  @BeforeAll
  static void servicesUp() {
    PostgresTestSupport.requirePostgres();
    RedisTestSupport.requireRedis();
  }

  private static final String NAMESPACE = "it" + UUID.randomUUID().toString().substring(0, 8);
  private static String schema;

  private static synchronized String schema() {
    if (schema == null) {
      schema = PostgresTestSupport.createSchema();
    }
    return schema;
  }

  @AfterAll
  static void cleanUp() {
    if (schema != null) {
      PostgresTestSupport.dropSchema(schema);
    }
    RedisTestSupport.deleteNamespace(RedisTestSupport.redisUrl(), NAMESPACE);
  }

  @DynamicPropertySource
  static void postgresAndRedis(DynamicPropertyRegistry registry) {
    // Spring may read a dynamic property more than once: create the schema once.
    registry.add("spring.datasource.url", () -> PostgresTestSupport.urlOf(schema()));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
    registry.add("mallquest.redis.url", RedisTestSupport::redisUrl);
    registry.add("mallquest.redis.namespace", () -> NAMESPACE);
  }
}
