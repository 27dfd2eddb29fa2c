package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** A write that fails on a missing parent row drops the cached catalogs and runs once more. */
class JdbcTransactionsTest {

  private final AtomicInteger dropped = new AtomicInteger();
  private final JdbcTransactions transactions =
      new JdbcTransactions(new DataSourceTransactionManager(h2()), dropped::incrementAndGet);

  private static JdbcDataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:transactions-test;DB_CLOSE_DELAY=-1");
    return ds;
  }

  private static DataIntegrityViolationException missingParent(String state) {
    return new DataIntegrityViolationException(
        "insert mission_progress",
        new SQLException(
            "Referential integrity constraint violation: fk_mission_progress_mission", state));
  }

  @Test
  void missingParentRow_catalogsDroppedAndTheWorkRunsAgain() {
    for (String state : new String[] {"23503", "23506"}) {
      AtomicInteger runs = new AtomicInteger();
      String result =
          transactions.inTransaction(
              () -> {
                if (runs.incrementAndGet() == 1) {
                  throw missingParent(state);
                }
                return "recorded";
              });
      assertThat(result).isEqualTo("recorded");
      assertThat(runs).hasValue(2);
    }
    assertThat(dropped).hasValue(2);
  }

  @Test
  void missingParentRowAgain_isARealFailure_ranTwiceOnly() {
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(
            () ->
                transactions.inTransaction(
                    () -> {
                      runs.incrementAndGet();
                      throw missingParent("23503");
                    }))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(runs).hasValue(2);
    assertThat(dropped).hasValue(1);
  }

  @Test
  void otherConstraintViolation_notRetried() {
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(
            () ->
                transactions.inTransaction(
                    () -> {
                      runs.incrementAndGet();
                      throw new DataIntegrityViolationException(
                          "duplicate", new SQLException("unique violation", "23505"));
                    }))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(runs).hasValue(1);
    assertThat(dropped).hasValue(0);
  }

  @Test
  void insideAnOuterTransaction_notRetried_theOuterOneDecides() {
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(
            () ->
                transactions.inTransaction(
                    () ->
                        transactions.inTransaction(
                            () -> {
                              runs.incrementAndGet();
                              throw missingParent("23503");
                            })))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(runs).as("the inner work runs twice: once per outer attempt").hasValue(2);
    assertThat(dropped).hasValue(1);
  }
}
