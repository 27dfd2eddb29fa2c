package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No log line contains an API key, whether valid, unknown or revoked, and wherever the client put
 * it. Our own code logs at DEBUG for the test, so a debug line that echoes input is caught too.
 */
class ApiKeyLoggingApiTest extends AccessTestSupport {

  /**
   * Background threads (the pool, Caffeine's maintenance, the Redis client) log while the test
   * reads, so the events go into a concurrent queue, not logback's ArrayList-backed ListAppender.
   */
  private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

  private final AppenderBase<ILoggingEvent> captured =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          events.add(event);
        }
      };
  private Logger root;
  private Logger ours;
  private Level oursBefore;

  @BeforeEach
  void capture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ours = context.getLogger("com.mallquest");
    oursBefore = ours.getLevel();
    ours.setLevel(Level.DEBUG);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void release() {
    root.detachAppender(captured);
    ours.setLevel(oursBefore);
  }

  @Test
  void requestsWithKeysAnywhere_logNoKey() {
    String store = createStore("1");
    Reply created =
        createKeyJson("{\"name\":\"till\",\"role\":\"store\",\"storeId\":\"" + store + "\"}");
    String valid = created.json().get("key").asString();
    Reply revokedCreated = createKeyJson("{\"name\":\"old\",\"role\":\"app\"}");
    String revoked = revokedCreated.json().get("key").asString();
    String unknown = "mq_" + UUID.randomUUID().toString().replace("-", "") + "unknownkeytext";
    String shopper = createShopper();

    call("GET", "/api/v1/stores", valid, null);
    call("GET", "/api/v1/stores", revoked, null);
    call(
        "DELETE",
        "/api/v1/api-keys/" + revokedCreated.json().get("id").asString(),
        ADMIN_KEY,
        null);
    for (String key : List.of(valid, revoked, unknown, ADMIN_KEY)) {
      call("GET", "/api/v1/stores", key, null);
      call("GET", "/api/v1/stores?api_key=" + key, null, null);
      call("GET", "/api/v1/stores?api_key=" + key, ADMIN_KEY, null);
      call("GET", "/api/v1/shoppers/" + key, ADMIN_KEY, null);
      call("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"displayName\": " + key + "}");
      call("POST", "/api/v1/shoppers", ADMIN_KEY, "{\"language\": \"" + key + "\"}");
      call("POST", "/api/v1/purchases", key, purchaseJson(shopper, store, key, 100, "USD"));
      call(
          "POST",
          "/api/v1/purchases",
          valid,
          purchaseJson(shopper, store, "r", 100, key.substring(0, 3)));
      callWith("POST", "/api/v1/shoppers", ADMIN_KEY, "{}", "Idempotency-Key", key);
      callWith("GET", "/api/v1/stores", null, null, "Authorization", "Bearer " + key);
    }

    List<ILoggingEvent> logged = List.copyOf(events);
    assertThat(logged)
        .as("the appender sees the service's logs")
        .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("api key revoked"));
    for (ILoggingEvent event : logged) {
      String text =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      for (String key : List.of(valid, revoked, unknown, ADMIN_KEY)) {
        assertThat(text).as(event.getLoggerName()).doesNotContain(key);
      }
    }
  }
}
