package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.apikey.ApiKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * API keys: listed without secrets, revoked at once, expiring; all failures 401/404 problem+json.
 */
class ApiKeyLifecycleApiTest extends AccessTestSupport {

  @Test
  void list_showsEveryFieldButNeverTheSecretOrHash() {
    String store = createStore("1");
    Reply created =
        createKeyJson(
            "{\"name\":\"till 9\",\"role\":\"store\",\"storeId\":\""
                + store
                + "\",\"expiresAt\":\"2099-01-01T00:00:00Z\",\"rateLimitPerMinute\":120}");
    String id = created.json().get("id").asString();
    String secret = created.json().get("key").asString();

    JsonNode listed = findListed(id);

    assertThat(listed.get("name").asString()).isEqualTo("till 9");
    assertThat(listed.get("role").asString()).isEqualTo("store");
    assertThat(listed.get("storeId").asString()).isEqualTo(store);
    assertThat(listed.get("createdAt").asString()).isNotBlank();
    assertThat(listed.get("expiresAt").asString()).isEqualTo("2099-01-01T00:00:00Z");
    assertThat(listed.get("revoked").asBoolean()).isFalse();
    assertThat(listed.get("rateLimitPerMinute").asInt()).isEqualTo(120);
    assertThat(listed.has("key")).isFalse();
    assertThat(listed.has("hash")).isFalse();
    Reply page = call("GET", "/api/v1/api-keys?limit=200", ADMIN_KEY, null);
    assertThat(page.raw().body())
        .doesNotContain(secret)
        .doesNotContain(ApiKeys.hash(secret))
        .doesNotContain(ApiKeys.hash(ADMIN_KEY));
  }

  @Test
  void list_pagesWithCursor_badLimitIs400() {
    for (int i = 0; i < 3; i++) {
      createKey("app", null);
    }
    Reply first = call("GET", "/api/v1/api-keys?limit=2", ADMIN_KEY, null);
    String cursor = first.json().get("nextCursor").asString();
    Reply second = call("GET", "/api/v1/api-keys?limit=2&after=" + cursor, ADMIN_KEY, null);

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.json().get("items").get(0).get("id").asString()).isGreaterThan(cursor);
    assertProblem(call("GET", "/api/v1/api-keys?limit=0", ADMIN_KEY, null), 400);
    assertProblem(call("GET", "/api/v1/api-keys?limit=abc", ADMIN_KEY, null), 400);
  }

  @Test
  void revoke_usedKey_is204AndThe401ComesAtOnce() {
    Reply created = createKeyJson("{\"name\":\"app\",\"role\":\"app\"}");
    String id = created.json().get("id").asString();
    String secret = created.json().get("key").asString();
    assertThat(call("GET", "/api/v1/stores", secret, null).status())
        .isEqualTo(200); // now remembered

    Reply revoke = call("DELETE", "/api/v1/api-keys/" + id, ADMIN_KEY, null);

    assertThat(revoke.status()).isEqualTo(204);
    assertProblem(call("GET", "/api/v1/stores", secret, null), 401);
    assertThat(findListed(id).get("revoked").asBoolean()).isTrue();
    assertThat(call("DELETE", "/api/v1/api-keys/" + id, ADMIN_KEY, null).status()).isEqualTo(204);
  }

  /**
   * A 204 has no body: a client that accepts only the error type (a generated one does) still gets
   * it.
   */
  @Test
  void revoke_acceptingOnlyProblemJson_is204() {
    String id = createKeyJson("{\"name\":\"app\",\"role\":\"app\"}").json().get("id").asString();
    Reply revoke =
        callWith(
            "DELETE",
            "/api/v1/api-keys/" + id,
            ADMIN_KEY,
            null,
            "Accept",
            "application/problem+json");
    assertThat(revoke.status()).as(revoke.raw().body()).isEqualTo(204);
  }

  @Test
  void revoke_unknownId_is404ProblemJson() {
    assertProblem(call("DELETE", "/api/v1/api-keys/no-such-key", ADMIN_KEY, null), 404);
    assertProblem(call("DELETE", "/api/v1/api-keys/" + "x".repeat(300), ADMIN_KEY, null), 404);
  }

  @Test
  void revoke_byNonAdmin_is403AndTheKeyKeepsWorking() {
    Reply target = createKeyJson("{\"name\":\"app\",\"role\":\"app\"}");
    String app = createKey("app", null);

    assertProblem(
        call("DELETE", "/api/v1/api-keys/" + target.json().get("id").asString(), app, null), 403);
    assertProblem(call("GET", "/api/v1/api-keys", app, null), 403);

    assertThat(call("GET", "/api/v1/stores", target.json().get("key").asString(), null).status())
        .isEqualTo(200);
  }

  @Test
  void expiredKey_is401ProblemJson() {
    Reply created =
        createKeyJson(
            "{\"name\":\"temp\",\"role\":\"app\",\"expiresAt\":\""
                + Instant.now().plus(Duration.ofDays(1))
                + "\"}");
    jdbc.sql("UPDATE api_keys SET expires_at = ? WHERE id = ?")
        .params(
            OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), created.json().get("id").asString())
        .update();

    assertProblem(call("GET", "/api/v1/stores", created.json().get("key").asString(), null), 401);
  }

  @Test
  void create_expiryInThePastOrBadLimit_is400NamingTheField() {
    Reply past =
        call(
            "POST",
            "/api/v1/api-keys",
            ADMIN_KEY,
            "{\"name\":\"x\",\"role\":\"app\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
    Reply badDate =
        call(
            "POST",
            "/api/v1/api-keys",
            ADMIN_KEY,
            "{\"name\":\"x\",\"role\":\"app\",\"expiresAt\":\"soon\"}");
    Reply zero =
        call(
            "POST",
            "/api/v1/api-keys",
            ADMIN_KEY,
            "{\"name\":\"x\",\"role\":\"app\",\"rateLimitPerMinute\":0}");

    assertProblem(past, 400);
    assertThat(past.json().get("field").asString()).isEqualTo("expiresAt");
    assertProblem(badDate, 400);
    assertProblem(zero, 400);
    assertThat(zero.json().get("field").asString()).isEqualTo("rateLimitPerMinute");
  }

  private JsonNode findListed(String id) {
    String after = null;
    List<String> seen = new ArrayList<>();
    do {
      Reply page =
          call(
              "GET",
              "/api/v1/api-keys?limit=200" + (after == null ? "" : "&after=" + after),
              ADMIN_KEY,
              null);
      assertThat(page.status()).isEqualTo(200);
      for (JsonNode item : page.json().get("items")) {
        seen.add(item.get("id").asString());
        if (item.get("id").asString().equals(id)) {
          return item;
        }
      }
      JsonNode next = page.json().get("nextCursor");
      after = next == null || next.isNull() ? null : next.asString();
    } while (after != null);
    throw new AssertionError("key " + id + " not listed among " + seen.size());
  }
}
