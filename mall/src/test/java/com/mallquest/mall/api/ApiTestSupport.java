package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.MallQuestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context every API test shares (same configuration, so Spring caches it): the
 * service on a random port, an in-memory H2 database in PostgreSQL mode, no Redis. Every call made
 * through it is checked against the live OpenAPI document ({@link ApiContract}).
 */
@SpringBootTest(
    classes = MallQuestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:mallquest-api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
          + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
      "mallquest.security.admin-key=" + ApiTestSupport.ADMIN_KEY,
      "mallquest.max-request-bytes=16384",
      // Webhook receivers in tests are JDK HttpServers on 127.0.0.1; retries fast (ADR 0020).
      "mallquest.webhooks.allow-http-loopback=true",
      "mallquest.webhooks.request-timeout=1s",
      "mallquest.webhooks.lease=10s",
      "mallquest.webhooks.initial-backoff=20ms",
      "mallquest.webhooks.max-backoff=200ms",
      "mallquest.webhooks.poll-interval=100ms"
    })
public abstract class ApiTestSupport {

  /** The ADMIN key configured for the tests (not a secret: a test fixture). */
  public static final String ADMIN_KEY = "test-admin-key-0123456789";

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort protected int port;

  @Autowired protected JdbcClient jdbc;

  /** An HTTP answer. */
  public record Reply(int status, HttpResponse<String> raw) {
    /** The body as JSON. */
    public JsonNode json() {
      return JSON.readTree(raw.body());
    }

    /** A header. */
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** The content type. */
    public String contentType() {
      return header("Content-Type");
    }
  }

  protected Reply call(String method, String path, String key, String body) {
    return call(method, path, key, body, "application/json");
  }

  protected Reply call(String method, String path, String key, String body, String contentType) {
    return callWith(method, path, key, body, "Content-Type", body == null ? null : contentType);
  }

  /**
   * A call with extra headers given as name, value pairs; a {@code null} value leaves the header
   * out. A body is sent as {@code application/json} unless the headers name another Content-Type.
   */
  protected Reply callWith(String method, String path, String key, String body, String... headers) {
    HttpRequest.Builder b = request(path, key);
    boolean typed = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      typed |= headers[i].equalsIgnoreCase("Content-Type");
      if (headers[i + 1] != null) {
        b.header(headers[i], headers[i + 1]);
      }
    }
    if (body != null && !typed) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return send(b);
  }

  /**
   * A request to the service with the key, if any, and a 30 s timeout; add the rest and {@link
   * #send} it.
   */
  protected HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30));
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    return b;
  }

  /**
   * Sends it, waits for the answer and checks both against the OpenAPI document ({@link
   * ApiContract}): an answer the document does not describe fails the test that got it.
   */
  protected static Reply send(HttpRequest.Builder request) {
    try {
      HttpRequest built = request.build();
      HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
      ApiContract.check(built, response);
      return new Reply(response.statusCode(), response);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a store and returns its id. */
  protected String createStore(String multiplier) {
    String id = unique("store");
    Reply r =
        call(
            "POST",
            "/api/v1/stores",
            ADMIN_KEY,
            "{\"id\":\""
                + id
                + "\",\"name\":\"Store "
                + id
                + "\",\"category\":\"fashion\",\"floor\":\"L2\","
                + "\"coinMultiplier\":"
                + multiplier
                + "}");
    if (r.status() != 201) {
      throw new AssertionError("store not created: " + r.status() + " " + r.raw().body());
    }
    return id;
  }

  /** Creates a shopper and returns its id. */
  protected String createShopper() {
    String id = unique("shopper");
    Reply r =
        call(
            "POST",
            "/api/v1/shoppers",
            ADMIN_KEY,
            "{\"id\":\"" + id + "\",\"displayName\":\"Ada\"}");
    if (r.status() != 201) {
      throw new AssertionError("shopper not created: " + r.status() + " " + r.raw().body());
    }
    return id;
  }

  /** Creates a key of a role and returns the secret. */
  protected String createKey(String role, String storeId) {
    String body =
        storeId == null
            ? "{\"name\":\"k\",\"role\":\"" + role + "\"}"
            : "{\"name\":\"k\",\"role\":\"" + role + "\",\"storeId\":\"" + storeId + "\"}";
    Reply r = call("POST", "/api/v1/api-keys", ADMIN_KEY, body);
    if (r.status() != 201) {
      throw new AssertionError("key not created: " + r.status() + " " + r.raw().body());
    }
    return r.json().get("key").asString();
  }

  /**
   * A new companion species (Fox: stages at 0, 100 and 300 xp) priced at {@code price} coins, or
   * not for sale if null.
   */
  protected String createSpecies(Long price) {
    String id = unique("fox");
    Reply r = call("POST", "/api/v1/companions/species", ADMIN_KEY, speciesJson(id, price));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return id;
  }

  protected static String speciesJson(String id, Long price) {
    return "{\"id\":\""
        + id
        + "\",\"name\":{\"en\":\"Fox\",\"es\":\"Zorro\"},\"rarity\":\"rare\",\"priceCoins\":"
        + price
        + ",\"stages\":[{\"name\":{\"en\":\"Kit\"},\"xpRequired\":0},{\"name\":{\"en\":\"Fox\"},"
        + "\"xpRequired\":100},{\"name\":{\"en\":\"Elder\"},\"xpRequired\":300}]}";
  }

  /** The shopper buys a companion of {@code species} with coins, once per {@code key}. */
  protected Reply buyCompanion(String shopper, String species, String key) {
    return callWith(
        "POST",
        "/api/v1/shoppers/" + shopper + "/companions",
        ADMIN_KEY,
        "{\"speciesId\":\"" + species + "\"}",
        "Idempotency-Key",
        key);
  }

  /**
   * Creates an active mission of goal {@code kind} and {@code target}, open from 2020 to 2100,
   * rewarding 10 coins and 10 xp; missions are mall-wide, so the caller switches it off after.
   */
  protected String createOpenMission(String kind, long target) {
    String mission = unique("m");
    Reply created =
        call(
            "POST",
            "/api/v1/missions",
            ADMIN_KEY,
            MissionApiTest.missionJson(
                mission, kind, target, MissionApiTest.fixedWindow(), 10, 10, true));
    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    return mission;
  }

  /**
   * Posts a purchase of 1000 minor units (USD) at {@code store} with a new receipt, as an operator.
   */
  protected Reply purchase(String shopper, String store) {
    return call(
        "POST",
        "/api/v1/purchases",
        ADMIN_KEY,
        purchaseJson(shopper, store, unique("r"), 1000, "USD"));
  }

  protected static String purchaseJson(
      String shopper, String store, String receipt, long amountMinor, String currency) {
    return "{\"shopperId\":\""
        + shopper
        + "\",\"storeId\":\""
        + store
        + "\",\"receiptId\":\""
        + receipt
        + "\",\"amountMinor\":"
        + amountMinor
        + ",\"currency\":\""
        + currency
        + "\"}";
  }
}
