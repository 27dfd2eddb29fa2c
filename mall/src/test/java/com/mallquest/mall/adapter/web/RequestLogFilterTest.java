package com.mallquest.mall.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mallquest.mall.adapter.web.security.ApiKeyPrincipal;
import com.mallquest.mall.domain.ApiKeyRole;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request log: one DEBUG line per request with template, status, duration and key id, and as
 * JSON with json-logs.
 */
class RequestLogFilterTest {

  private static final String SECRET = "mq-secret-key-that-must-not-be-logged";

  private final Logger logger = (Logger) LoggerFactory.getLogger(RequestLogFilter.LOGGER);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Level previous;

  @BeforeEach
  void attach() {
    previous = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
    SecurityContextHolder.clearContext();
  }

  @Test
  void request_logsOneDebugLine_withTemplateStatusDurationAndKeyId_neverTheKey() throws Exception {
    ILoggingEvent event = serve();

    assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(event.getFormattedMessage())
        .matches("GET /api/v1/shoppers/\\{id} 404 \\d+ms key=key-42");
    assertThat(event.getFormattedMessage()).doesNotContain(SECRET).doesNotContain("ada");
    assertThat(event.getKeyValuePairs())
        .extracting(p -> p.key)
        .containsExactly("http.method", "http.route", "http.status", "duration.ms", "api.key.id");
  }

  @Test
  void unmatchedRequestWithoutKey_logsRawPathAndDash() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/nowhere");
    new RequestLogFilter()
        .doFilter(
            request,
            new MockHttpServletResponse(),
            (req, res) -> ((HttpServletResponse) res).setStatus(401));
    assertThat(appender.list)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .asString()
        .matches("POST /nowhere 401 \\d+ms key=-");
  }

  @Test
  void debugOff_logsNothing() throws Exception {
    logger.setLevel(Level.INFO);
    new RequestLogFilter()
        .doFilter(
            new MockHttpServletRequest("GET", "/x"),
            new MockHttpServletResponse(),
            (req, res) -> {});
    assertThat(appender.list).isEmpty();
  }

  @Test
  void jsonLogsProfile_writesTheRequestLineAsOneJsonObject() throws Exception {
    ILoggingEvent event = serve();
    List<PropertySource<?>> profile =
        new YamlPropertySourceLoader()
            .load("json-logs", new ClassPathResource("application-json-logs.yml"));
    StandardEnvironment environment = new StandardEnvironment();
    profile.forEach(environment.getPropertySources()::addFirst);
    String format = environment.getProperty("logging.structured.format.console");
    assertThat(format).isEqualTo("ecs");

    LoggerContext context = new LoggerContext();
    context.putObject(Environment.class.getName(), environment);
    StructuredLogEncoder encoder = new StructuredLogEncoder();
    encoder.setContext(context);
    encoder.setFormat(format);
    encoder.start();
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line.strip()).doesNotContain("\n");
    JsonNode json = JsonMapper.builder().build().readTree(line);
    assertThat(json.get("log").get("level").asString()).isEqualTo("DEBUG");
    assertThat(json.get("message").asString()).startsWith("GET /api/v1/shoppers/{id} 404");
    assertThat(line).contains("key-42").doesNotContain(SECRET);
  }

  private ILoggingEvent serve() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/shoppers/ada");
    request.addHeader("X-Api-Key", SECRET);
    ApiKeyPrincipal caller = new ApiKeyPrincipal("key-42", ApiKeyRole.APP, Optional.empty());
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(caller, null, List.of()));
    new RequestLogFilter()
        .doFilter(
            request,
            new MockHttpServletResponse(),
            (req, res) ->
                RequestLogFilter.captureKeyId()
                    .doFilter(
                        req,
                        res,
                        (innerReq, innerRes) -> {
                          innerReq.setAttribute(
                              HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
                              "/api/v1/shoppers/{id}");
                          ((HttpServletResponse) innerRes).setStatus(404);
                        }));
    assertThat(appender.list).hasSize(1);
    return appender.list.get(0);
  }
}
