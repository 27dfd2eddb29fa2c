package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Purchase and check-in events carry a message in the shopper's language, else Accept-Language,
 * else English.
 */
class EventMessagesApiTest extends RewardsApiSupport {

  private String shopper(String language) {
    String id = unique("msg");
    Reply r =
        call(
            "POST",
            "/api/v1/shoppers",
            ADMIN_KEY,
            "{\"id\":\"" + id + "\",\"language\":\"" + language + "\"}");
    assertThat(r.status()).isEqualTo(201);
    return id;
  }

  private JsonNode levelUp(String shopper, String acceptLanguage) {
    Reply r =
        call(
            "POST",
            "/api/v1/purchases",
            ADMIN_KEY,
            purchaseJson(shopper, createStore("1"), unique("r"), 30_000, "USD"),
            "Accept-Language",
            acceptLanguage);
    assertThat(r.status()).isEqualTo(201);
    JsonNode event = r.json().get("events").get(0);
    assertThat(event.get("type").asString()).isEqualTo("level_up");
    return event;
  }

  @Test
  void purchase_levelUp_messageInShopperLanguageBeforeAcceptLanguage() {
    assertThat(levelUp(shopper("es"), "fr").get("message").asString())
        .isEqualTo("¡Subiste de nivel! Ahora eres nivel 2.");
    assertThat(levelUp(shopper("de"), "ar, fr;q=0.5").get("message").asString())
        .isEqualTo("ارتقيت مستوى! أنت الآن في المستوى 2.");
    assertThat(levelUp(shopper("de"), null).get("message").asString())
        .isEqualTo("Level up! You are now level 2.");
  }

  @Test
  void checkIn_messageInShopperLanguage() {
    Reply r = call("POST", "/api/v1/shoppers/" + shopper("zh-CN") + "/check-ins", ADMIN_KEY, null);
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("events").get(0).get("message").asString())
        .isEqualTo("签到成功：连续第 1 天，获得 5 枚金币。");
  }
}
