package com.mallquest.mall.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.MallQuestApplication;
import com.mallquest.mall.application.operations.Reconciliation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code --mallquest.demo=true} on an empty database (its own, with 80 shoppers instead of 3,000):
 * a living mall made through the use cases, whose every balance reconciles; a second run refuses.
 */
@SpringBootTest(
    classes = MallQuestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:mallquest-demo;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
          + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
      "mallquest.demo=true",
      "mallquest.demo-shoppers=80"
    })
class DemoMallTest {

  @Autowired DemoMall demo;

  @Autowired JdbcClient jdbc;

  @Autowired Reconciliation reconciliation;

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private Map<String, Long> counts() {
    return Map.of(
        "shoppers",
        count("SELECT COUNT(*) FROM shoppers"),
        "purchases",
        count("SELECT COUNT(*) FROM purchases"),
        "ledger",
        count("SELECT COUNT(*) FROM coin_ledger"),
        "stores",
        count("SELECT COUNT(*) FROM stores"));
  }

  @Test
  void seedsALivingMallAtStartUp_thatReconciles_andRefusesASecondTime() {
    assertThat(count("SELECT COUNT(*) FROM stores")).isEqualTo(12);
    assertThat(count("SELECT COUNT(*) FROM shoppers")).isEqualTo(80);
    List<String> languages =
        jdbc.sql("SELECT DISTINCT language FROM shoppers ORDER BY language")
            .query(String.class)
            .list();
    assertThat(languages).containsExactly("ar", "en", "es", "fr", "zh");
    assertThat(count("SELECT COUNT(DISTINCT CAST(created_at AS DATE)) FROM purchases"))
        .as("days with purchases")
        .isGreaterThanOrEqualTo(25);
    assertThat(count("SELECT COUNT(*) FROM coin_ledger WHERE reason = 'CHECK_IN'")).isPositive();
    assertThat(count("SELECT COUNT(*) FROM coin_ledger WHERE reason = 'MISSION_REWARD'"))
        .isPositive();
    assertThat(count("SELECT COUNT(*) FROM companions")).isPositive();
    assertThat(count("SELECT COUNT(*) FROM redemptions")).isPositive();
    assertThat(count("SELECT COUNT(*) FROM missions")).isEqualTo(4);
    assertThat(count("SELECT COUNT(*) FROM rewards")).isEqualTo(4);
    assertThat(count("SELECT COUNT(*) FROM companion_species")).isEqualTo(3);
    assertThat(count("SELECT COUNT(*) FROM purchases WHERE created_at > CURRENT_TIMESTAMP"))
        .as("none in the future")
        .isZero();

    Reconciliation.Report report = reconciliation.run();
    assertThat(report.shoppersChecked()).isEqualTo(80);
    assertThat(report.mismatches()).isEmpty();

    Map<String, Long> before = counts();
    DemoMall.Result again = demo.seed();
    assertThat(again.refused()).isTrue();
    assertThat(counts()).isEqualTo(before);
  }
}
