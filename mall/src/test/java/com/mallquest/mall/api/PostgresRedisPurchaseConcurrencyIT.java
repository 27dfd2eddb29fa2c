package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.support.PostgresTestSupport;
import com.mallquest.smartcache.RedisTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The purchase concurrency tests again, on PostgreSQL with the Redis tier on; and a purchase alone
 * on its writer, which PostgreSQL records with one statement committing by itself when nothing else
 * of the purchase writes (ADR 0033); a shopper's row locked elsewhere holds up no other shopper's
 * purchase (ADR 0034).
 */
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

  @Autowired MeterRegistry meters;
  @Autowired MissionCache missionCache;

  /**
   * ADR 0033: one at a time, purchases take the one statement that commits by itself only when
   * nothing else writes. With a running mission that counts them, every purchase still moves it;
   * for a shopper with a companion, every purchase still feeds it; once the mission ends, a plain
   * shopper's purchases are recorded by the one statement. Balances equal their ledgers throughout.
   */
  @Test
  void lonePurchases_missionsAndCompanionsStillMove_theRestCommitWithTheirOneStatement() {
    String store = createStore("1");
    String plain = createShopper();
    String owner = createShopper();
    String species = createSpecies(5L);
    assertThat(purchase(owner, store).status()).isEqualTo(201); // 10 coins, to buy the companion
    Reply bought = buyCompanion(owner, species, "alone-" + owner);
    assertThat(bought.status()).as(bought.raw().body()).isEqualTo(201);
    String mission = createOpenMission("SPEND_TOTAL", 1_000_000);
    try {
      for (int i = 1; i <= 3; i++) {
        Reply r = purchase(plain, store);
        assertThat(r.status()).isEqualTo(201);
        assertThat(progressOf(r.json(), mission)).isEqualTo(1_000L * i);
      }
    } finally {
      jdbc.sql("UPDATE missions SET active = FALSE, version = version + 1 WHERE id = ?")
          .param(mission)
          .update();
      missionCache.changed();
    }
    for (int i = 0; i < 3; i++) {
      assertThat(purchase(owner, store).status()).isEqualTo(201);
    }
    double aloneBefore = alone("committed");
    for (int i = 0; i < 5; i++) {
      assertThat(purchase(plain, store).status()).isEqualTo(201);
    }

    JsonNode companion =
        call("GET", "/api/v1/shoppers/" + owner + "/companions", ADMIN_KEY, null).json().get(0);
    assertThat(companion.get("xp").asLong()).as("fed by each of its three purchases").isEqualTo(30);
    assertThat(alone("committed") - aloneBefore)
        .as("plain purchases recorded by their one statement")
        .isPositive();
    assertBalancesEqualLedgers(plain, owner);
    assertThat(
            jdbc.sql(
                    "SELECT progress FROM mission_progress WHERE shopper_id = ? AND mission_id = ?")
                .param(plain)
                .param(mission)
                .query(Long.class)
                .single())
        .isEqualTo(3_000);
  }

  /**
   * ADR 0034: a shopper's row locked elsewhere (an operator's open transaction) holds up that
   * shopper's purchase and no one else's: the group-commit writer waiting on the lock counts as
   * stalled after {@code stall-after}, and other shoppers' purchases run in transactions of their
   * own meanwhile; the locked shopper's next purchase waits on the writer, holding no connection.
   * Once the lock goes, both held purchases commit; balances equal their ledgers.
   */
  @Test
  void aShoppersRowLockedElsewhere_holdsUpOnlyTheirPurchase() throws Exception {
    String store = createStore("1");
    String locked = createShopper();
    String other = createShopper();
    double passedBefore = passedStalled();
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try (Connection operator =
        DriverManager.getConnection(
            PostgresTestSupport.urlOf(schema()), PostgresTestSupport.connectionProperties())) {
      operator.setAutoCommit(false);
      long operatorPid;
      try (PreparedStatement lock =
              operator.prepareStatement("SELECT id FROM shoppers WHERE id = ? FOR UPDATE");
          Statement pid = operator.createStatement()) {
        lock.setString(1, locked);
        lock.executeQuery().close();
        try (ResultSet rs = pid.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          operatorPid = rs.getLong(1);
        }
      }
      Future<Reply> held = clients.submit(() -> purchase(locked, store));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  jdbc.sql(
                              "SELECT COUNT(*) FROM pg_stat_activity"
                                  + " WHERE ? = ANY(pg_blocking_pids(pid))")
                          .param(operatorPid)
                          .query(Long.class)
                          .single()
                      > 0);

      for (int i = 0; i < 3; i++) {
        Reply r = purchase(other, store);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
      }
      Future<Reply> next = clients.submit(() -> purchase(locked, store));
      await().atMost(Duration.ofSeconds(30)).until(() -> queued() == 1);
      assertThat(held).as("still waiting for the operator's lock").isNotDone();
      assertThat(next).as("queued behind it on the writer").isNotDone();
      assertThat(passedStalled() - passedBefore)
          .as("each of the other shopper's purchases passed the stalled writer by")
          .isEqualTo(3);

      operator.rollback();
      for (Future<Reply> f : List.of(held, next)) {
        Reply r = f.get(30, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(passedStalled() - passedBefore).as("the locked shopper's own did not").isEqualTo(3);
    assertBalancesEqualLedgers(locked, other);
  }

  /** Each shopper's balance, as the API shows it, is positive and equals their coin ledger. */
  private void assertBalancesEqualLedgers(String... shoppers) {
    for (String shopper : shoppers) {
      long coins =
          call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).json().get("coins").asLong();
      assertThat(coins)
          .as(shopper)
          .isEqualTo(
              jdbc.sql("SELECT COALESCE(SUM(delta), 0) FROM coin_ledger WHERE shopper_id = ?")
                  .param(shopper)
                  .query(Long.class)
                  .single())
          .isPositive();
    }
  }

  private double queued() {
    return meters.get("mallquest.group.commit.queued").gauge().value();
  }

  private double passedStalled() {
    return meters.get("mallquest.group.commit.stall.passed").counter().count();
  }

  private static long progressOf(JsonNode purchase, String mission) {
    for (JsonNode e : purchase.get("events")) {
      if (e.get("type").asString().equals("mission_progress")
          && e.get("missionId").asString().equals(mission)) {
        return e.get("progress").asLong();
      }
    }
    throw new AssertionError("no progress of " + mission + " in " + purchase);
  }

  private double alone(String outcome) {
    return meters.get("mallquest.group.commit.alone").tag("outcome", outcome).counter().count();
  }
}
