package com.mallquest.mall.adapter.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import tools.jackson.databind.json.JsonMapper;

/** Failures the API cannot provoke on purpose: their answers say nothing about the internals. */
class ApiExceptionHandlerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final ApiExceptionHandler handler = new ApiExceptionHandler();

  @Test
  void sqlFailure_is500WithoutSqlOrStackTrace() {
    var e =
        new BadSqlGrammarException(
            "find shopper",
            "SELECT secret FROM api_keys WHERE key_hash = ?",
            new SQLException("jdbc:postgresql://db/test: relation does not exist"));

    ResponseEntity<ProblemDetail> r = handler.unexpected(e);

    assertThat(r.getStatusCode().value()).isEqualTo(500);
    assertClean(r);
  }

  @Test
  void constraintViolation_is500WithoutSql() {
    ResponseEntity<ProblemDetail> r =
        handler.unexpected(
            new DataIntegrityViolationException(
                "INSERT INTO shoppers VALUES (...) violates ck_shoppers_coins",
                new SQLException("jdbc:h2:mem check")));

    assertThat(r.getStatusCode().value()).isEqualTo(500);
    assertClean(r);
  }

  @Test
  void databaseDown_is503WithRetryAfterAndNoConnectionDetails() {
    ResponseEntity<ProblemDetail> r =
        handler.databaseUnavailable(
            new CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection",
                new SQLException("jdbc:postgresql://10.0.0.5:5432/prod refused")));

    assertThat(r.getStatusCode().value()).isEqualTo(503);
    assertThat(r.getHeaders().getFirst("Retry-After")).isNotBlank();
    assertClean(r);
  }

  private static void assertClean(ResponseEntity<ProblemDetail> r) {
    String body = JSON.writeValueAsString(r.getBody());
    assertThat(body)
        .doesNotContain("Exception", "at com.", "SELECT", "INSERT", "jdbc", "api_keys", "10.0.0.5");
  }
}
