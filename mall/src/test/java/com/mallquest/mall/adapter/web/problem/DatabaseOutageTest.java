package com.mallquest.mall.adapter.web.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.adapter.web.IdempotencyFilter;
import com.mallquest.mall.adapter.web.security.ApiKeyAuthenticationFilter;
import com.mallquest.mall.adapter.web.security.ApiKeyAuthenticator;
import com.mallquest.mall.adapter.web.security.ApiKeyPrincipal;
import com.mallquest.mall.application.apikey.ApiKeys;
import com.mallquest.mall.application.idempotency.IdempotentRequests;
import com.mallquest.mall.application.port.ApiKeyRepository;
import com.mallquest.mall.application.port.IdempotencyRepository;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.support.InMemoryStores;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One "database unavailable" answer (ADR 0010): the controller advice, the API-key filter and the
 * Idempotency-Key filter each meet the same failures and answer an outage with the same 503 problem
 * (same body, {@code Retry-After}), and a failure that is no outage with no 503.
 */
class DatabaseOutageTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PATH = "/api/v1/shoppers";

  /** An answer, whichever entry point gave it. */
  private record Answer(int status, String retryAfter, JsonNode body) {}

  static List<RuntimeException> outages() {
    return List.of(
        new CannotGetJdbcConnectionException(
            "Failed to obtain JDBC Connection",
            new SQLTransientConnectionException("HikariPool-1 - Connection is not available")),
        new QueryTimeoutException(
            "statement cancelled", new SQLException("canceling statement", "57014")),
        new TransactionSystemException(
            "JDBC commit failed", new SQLException("Connection is closed")),
        new RuntimeException(
            "wrapped",
            new SQLException("connection refused: jdbc:postgresql://10.0.0.5", "08001")));
  }

  static List<RuntimeException> notOutages() {
    return List.of(
        new DataIntegrityViolationException("violates fk_mission_progress_mission"),
        new BadSqlGrammarException(
            "find", "SELECT x FROM y", new SQLException("relation does not exist", "42P01")));
  }

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
    RequestContextHolder.resetRequestAttributes();
  }

  @ParameterizedTest
  @MethodSource("outages")
  void outage_everyEntryPointAnswersTheSame503(RuntimeException failure) throws Exception {
    Answer advice = fromAdvice(failure);
    Answer keyFilter = fromKeyFilter(failure);
    Answer idempotencyFilter = fromIdempotencyFilter(failure);

    assertThat(advice.status()).isEqualTo(503);
    assertThat(advice.retryAfter()).isEqualTo(DatabaseOutage.RETRY_AFTER_SECONDS);
    assertThat(advice.body().get("type").asString()).isEqualTo("about:blank");
    assertThat(advice.body().get("detail").asString()).isEqualTo(DatabaseOutage.DETAIL);
    assertThat(advice.body().get("instance").asString()).isEqualTo(PATH);
    assertThat(advice.body().toString()).doesNotContain("Exception", "jdbc", "10.0.0.5", "Hikari");
    assertThat(keyFilter).isEqualTo(advice);
    assertThat(idempotencyFilter).isEqualTo(advice);
  }

  @ParameterizedTest
  @MethodSource("notOutages")
  void notAnOutage_noEntryPointAnswers503(RuntimeException failure) {
    Answer advice = fromAdvice(failure);

    assertThat(advice.status()).isEqualTo(500);
    assertThat(advice.retryAfter()).isNull();
    // The filters let it through to the error dispatch, which answers 500 like the advice.
    assertThatThrownBy(() -> fromKeyFilter(failure)).isSameAs(failure);
    assertThatThrownBy(() -> fromIdempotencyFilter(failure)).isSameAs(failure);
  }

  private static Answer fromAdvice(RuntimeException failure) {
    RequestContextHolder.setRequestAttributes(
        new ServletRequestAttributes(new MockHttpServletRequest("POST", PATH)));
    ResponseEntity<?> r = new ApiExceptionHandler().unexpected(failure);
    return new Answer(
        r.getStatusCode().value(),
        r.getHeaders().getFirst("Retry-After"),
        JSON.readTree(ProblemResponses.json((org.springframework.http.ProblemDetail) r.getBody())));
  }

  private static Answer fromKeyFilter(RuntimeException failure) throws Exception {
    ApiKeyRepository broken = failing(ApiKeyRepository.class, () -> failure);
    var filter =
        new ApiKeyAuthenticationFilter(
            new ApiKeyAuthenticator(new ApiKeys(broken, new InMemoryStores(), Clock.systemUTC())));
    MockHttpServletRequest request = new MockHttpServletRequest("POST", PATH);
    request.addHeader(ApiKeyAuthenticationFilter.HEADER, "mq_some-key");
    return run(filter, request);
  }

  private static Answer fromIdempotencyFilter(RuntimeException failure) throws Exception {
    IdempotencyRepository broken = failing(IdempotencyRepository.class, () -> failure);
    var filter =
        new IdempotencyFilter(
            new IdempotentRequests(
                broken, Clock.systemUTC(), Duration.ofHours(24), Duration.ofMinutes(1)));
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                new ApiKeyPrincipal("key-1", ApiKeyRole.ADMIN, Optional.empty()), null, List.of()));
    MockHttpServletRequest request = new MockHttpServletRequest("POST", PATH);
    request.addHeader(IdempotencyFilter.HEADER, "k-1");
    request.setContentType("application/json");
    request.setContent("{\"displayName\":\"Ada\"}".getBytes());
    return run(filter, request);
  }

  private static Answer run(jakarta.servlet.Filter filter, MockHttpServletRequest request)
      throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    assertThat(chain.getRequest()).as("the request must not go on").isNull();
    assertThat(response.getContentType()).startsWith("application/problem+json");
    return new Answer(
        response.getStatus(),
        response.getHeader("Retry-After"),
        JSON.readTree(response.getContentAsString()));
  }

  /** A repository whose every call fails as the database would. */
  private static <T> T failing(Class<T> type, Supplier<RuntimeException> failure) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  default -> "failing " + type.getSimpleName();
                };
              }
              throw failure.get();
            }));
  }
}
