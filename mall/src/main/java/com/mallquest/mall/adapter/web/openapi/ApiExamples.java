package com.mallquest.mall.adapter.web.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an example JSON value from an OpenAPI schema: objects field by field, one element per
 * array, and for each field a realistic value picked by its name ({@code amountMinor} 12999, {@code
 * currency} "USD", ...) or else by its type and format. Used for request and response examples so
 * endpoints need no example annotations.
 */
final class ApiExamples {

  private static final int MAX_DEPTH = 6;
  private static final Map<String, Object> BY_NAME = byName();

  private ApiExamples() {}

  /** An example for {@code schema}, resolving {@code $ref}s against {@code components}. */
  static Object of(Schema<?> schema, Components components) {
    return example(null, null, schema, components, 0);
  }

  /**
   * An example for a field {@code name} of the component {@code owner} (either may be null): by
   * owner and field first ({@code SpeciesRequest.id} is "fox"), then by field name, then by type.
   */
  private static Object example(
      String owner, String name, Schema<?> schema, Components components, int depth) {
    Schema<?> resolved = resolve(schema, components);
    if (resolved == null || depth > MAX_DEPTH) {
      return null;
    }
    if (resolved.getExample() != null) {
      return resolved.getExample();
    }
    String type = typeOf(resolved);
    String ref = schema.get$ref();
    String component = ref == null ? owner : ref.substring(ref.lastIndexOf('/') + 1);
    if (ref != null && BY_OWNER_FIELD.containsKey(component)) {
      return BY_OWNER_FIELD.get(component);
    }
    Object named =
        name == null ? null : BY_OWNER_FIELD.getOrDefault(owner + "." + name, BY_NAME.get(name));
    if (named != null && fits(named, type)) {
      return named;
    }
    if (resolved.getEnum() != null && !resolved.getEnum().isEmpty()) {
      return resolved.getEnum().get(0);
    }
    if (resolved.getProperties() != null && !resolved.getProperties().isEmpty()) {
      Map<String, Object> object = new LinkedHashMap<>();
      resolved
          .getProperties()
          .forEach(
              (field, fieldSchema) -> {
                Object value = example(component, field, fieldSchema, components, depth + 1);
                if (value != null) {
                  object.put(field, value);
                }
              });
      return object;
    }
    if ("array".equals(type)) {
      Object item = example(component, null, resolved.getItems(), components, depth + 1);
      return item == null ? List.of() : List.of(item);
    }
    if (resolved.getAdditionalProperties() instanceof Schema<?> values) {
      // A map: texts per language (title, name, ...), or one entry per cache.
      if ("string".equals(typeOf(resolve(values, components)))) {
        return named instanceof String text
            ? Map.of("en", text)
            : Map.of("en", "Big spender", "es", "Gran comprador");
      }
      Object value = example(component, null, values, components, depth + 1);
      return value == null ? Map.of() : Map.of("shoppers", value);
    }
    if ("object".equals(type) || resolved.getAdditionalProperties() != null) {
      return Map.of("type", "level_up");
    }
    return scalar(type, resolved.getFormat());
  }

  /**
   * Whether an example picked by name suits the schema's type (a name may be a text or a map of
   * texts).
   */
  private static boolean fits(Object value, String type) {
    if (type == null) {
      return true;
    }
    return switch (type) {
      case "string" -> value instanceof String;
      case "integer" -> value instanceof Integer || value instanceof Long;
      case "number" -> value instanceof Number;
      case "boolean" -> value instanceof Boolean;
      case "array" -> value instanceof List;
      case "object" -> value instanceof Map;
      default -> false;
    };
  }

  private static Object scalar(String type, String format) {
    if (type == null) {
      return null;
    }
    switch (type) {
      case "integer":
        return 1;
      case "number":
        return new BigDecimal("1.5");
      case "boolean":
        return false;
      case "string":
        if ("date-time".equals(format)) {
          return "2026-11-27T10:15:30Z";
        }
        if ("date".equals(format)) {
          return "2026-11-27";
        }
        return "text";
      default:
        return null;
    }
  }

  private static String typeOf(Schema<?> schema) {
    if (schema.getType() != null) {
      return schema.getType();
    }
    if (schema.getTypes() != null) {
      return schema.getTypes().stream().filter(t -> !"null".equals(t)).findFirst().orElse(null);
    }
    return null;
  }

  /** The schema a {@code $ref} points to (or the schema itself). */
  static Schema<?> resolve(Schema<?> schema, Components components) {
    Schema<?> current = schema;
    for (int i = 0; current != null && current.get$ref() != null && i < MAX_DEPTH; i++) {
      String ref = current.get$ref();
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      current =
          components == null || components.getSchemas() == null
              ? null
              : components.getSchemas().get(name);
    }
    return current;
  }

  /**
   * Examples by component and field, or for a whole component, where the field name alone says too
   * little.
   */
  private static final Map<String, Object> BY_OWNER_FIELD = byOwnerField();

  private static Map<String, Object> byOwnerField() {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, String> foxNames = Map.of("en", "Fox", "es", "Zorro");
    for (String species : List.of("SpeciesRequest", "SpeciesView", "CompanionView", "BuyRequest")) {
      m.put(species + ".id", "fox");
      m.put(species + ".speciesId", "fox");
      m.put(species + ".rarity", "COMMON");
      m.put(species + ".priceCoins", 150);
      m.put(species + ".name", species.endsWith("Request") ? foxNames : "Fox");
      m.put(species + ".names", foxNames);
    }
    m.put(
        "SpeciesRequest.stages",
        List.of(
            Map.of("name", Map.of("en", "Kit", "es", "Cachorro"), "xpRequired", 0),
            Map.of("name", Map.of("en", "Fox", "es", "Zorro"), "xpRequired", 500)));
    m.put(
        "SpeciesView.stages",
        List.of(
            Map.of("name", "Kit", "names", Map.of("en", "Kit", "es", "Cachorro"), "xpRequired", 0),
            Map.of("name", "Fox", "names", Map.of("en", "Fox", "es", "Zorro"), "xpRequired", 500)));
    m.put("CompanionView.companionId", "7");
    m.put("CompanionView.stage", 0);
    m.put("CompanionView.stageName", "Kit");
    m.put("CompanionView.nextStageXp", 500);
    m.put("CompanionView.source", "purchase");
    Map<String, String> coffee = Map.of("en", "Free coffee", "es", "Café gratis");
    Map<String, String> coffeeText =
        Map.of("en", "One coffee at the food court", "es", "Un café en la zona de comidas");
    for (String reward :
        List.of(
            "RewardRequest",
            "RewardView",
            "RedemptionRequest",
            "RedemptionResponse",
            "RedemptionView")) {
      m.put(reward + ".id", "free-coffee");
      m.put(reward + ".rewardId", "free-coffee");
      m.put(reward + ".name", reward.endsWith("Request") ? coffee : "Free coffee");
      m.put(reward + ".names", coffee);
      m.put(
          reward + ".description",
          reward.endsWith("Request") ? coffeeText : "One coffee at the food court");
      m.put(reward + ".descriptions", coffeeText);
      m.put(reward + ".priceCoins", 200);
      m.put(reward + ".stock", 50);
      m.put(reward + ".minTier", "SILVER");
      m.put(reward + ".redemptionId", "5b2e8c71-0f3a-4d6e-9a41-7c2d9e8f1a35");
      m.put(reward + ".code", "K7Q2M9XW4T1B");
      m.put(reward + ".availableFrom", "2026-11-01T00:00:00Z");
      m.put(reward + ".availableUntil", "2027-01-01T00:00:00Z");
    }
    Map<String, String> title = Map.of("en", "Big spender", "es", "Gran comprador");
    Map<String, String> description =
        Map.of("en", "Spend 100.00 this week", "es", "Gasta 100,00 esta semana");
    m.put("MissionRequest.id", "spend-100");
    m.put("MissionRequest.title", title);
    m.put("MissionRequest.description", description);
    m.put("MissionRequest.eligibleTiers", List.of("GOLD", "PLATINUM"));
    m.put("MissionView.id", "spend-100");
    m.put("MissionView.title", "Big spender");
    m.put("MissionView.titles", title);
    m.put("MissionView.description", "Spend 100.00 this week");
    m.put("MissionView.descriptions", description);
    m.put("MissionView.eligibleTiers", List.of("GOLD", "PLATINUM"));
    m.put("GoalRequest", Map.of("kind", "SPEND_TOTAL", "target", 10000));
    m.put("GoalView", Map.of("kind", "SPEND_TOTAL", "target", 10000));
    m.put("WindowRequest", Map.of("kind", "WEEKLY"));
    m.put("WindowView", Map.of("kind", "WEEKLY"));
    m.put("MissionRewardRequest", Map.of("coins", 100, "xp", 50, "companionSpeciesId", "fox"));
    m.put("MissionRewardView", Map.of("coins", 100, "xp", 50, "companionSpeciesId", "fox"));
    m.put("ShopperMissionView.missionId", "spend-100");
    m.put("ShopperMissionView.title", "Big spender");
    m.put("ShopperMissionView.description", "Spend 100.00 this week");
    m.put("ShopperMissionView.kind", "SPEND_TOTAL");
    m.put("ShopperMissionView.progress", 12999);
    m.put("ShopperMissionView.target", 10000);
    m.put("ShopperMissionView.completed", true);
    for (String key : List.of("CreateKeyRequest", "CreatedKeyResponse", "ApiKeyView")) {
      m.put(key + ".id", "4f1d2c3b-9a8e-4d7c-b6a5-1e2f3a4b5c6d");
      m.put(key + ".name", "till 3");
      m.put(key + ".key", "mq_3q2-7wZt0cXo1kJv9LrB4mHs8yNd6aGe5uPi2TfQ0W8");
      m.put(key + ".expiresAt", "2027-11-27T00:00:00Z");
      m.put(key + ".rateLimitPerMinute", 600);
    }
    m.put("CacheStats.name", "shoppers");
    m.put("CacheStats.memoryCacheSize", 1);
    m.put("CacheStats.memoryLimit", 1000);
    m.put("CacheStats.redisKeys", -1);
    m.put("CacheStats.cacheHitRatio", new BigDecimal("0.5"));
    m.put("CacheStats.requests", 4);
    m.put("CacheStats.memoryHits", 2);
    m.put("CacheStats.sourceLoads", 2);
    m.put("CacheStats.redisState", "NOT_CONFIGURED");
    m.put("Mismatch.shopperId", "ada");
    m.put("Mismatch.field", "coins");
    m.put("Mismatch.expected", "199");
    m.put("Mismatch.actual", "189");
    m.put("Report.mismatchCount", 0);
    m.put("Report.shoppersChecked", 1200);
    m.put("Report.mismatches", List.of());
    m.put("ImportError.line", 17);
    m.put("ImportError.reason", "language: not a BCP 47 tag");
    m.put("ImportResponse.created", 1190);
    m.put("ImportResponse.skipped", 8);
    m.put("ImportResponse.rejected", 2);
    m.put("BoardView.period", "week");
    m.put("PlaceView.period", "week");
    m.put("BoardView.source", "redis");
    m.put("PlaceView.source", "redis");
    m.put("StoreRow.name", "Sneaker Hub");
    for (String shopper : List.of("ShopperView", "CreateShopperRequest")) {
      m.put(shopper + ".id", "ada");
    }
    for (String store : List.of("StoreView", "CreateStoreRequest")) {
      m.put(store + ".id", "sneakers");
    }
    m.put("LedgerView.id", 42);
    return Map.copyOf(m);
  }

  private static Map<String, Object> byName() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("shopperId", "ada");
    m.put("storeId", "sneakers");
    m.put("receiptId", "R-1001");
    m.put("purchaseId", "0b6f7c1e-4a57-4c41-9d0e-5b1f8f0c2a11");
    m.put("amountMinor", 12999);
    m.put("currency", "USD");
    m.put("displayName", "Ada");
    m.put("language", "en");
    m.put("timeZone", "Europe/Madrid");
    m.put("name", "Sneaker Hub");
    m.put("category", "fashion");
    m.put("floor", "L2");
    m.put("coinMultiplier", new BigDecimal("1.5"));
    m.put("role", "store");
    m.put("coins", 199);
    m.put("coinsEarned", 194);
    m.put("coinsAwarded", 5);
    m.put("xp", 129);
    m.put("xpEarned", 129);
    m.put("level", 2);
    m.put("xpToNextLevel", 154);
    m.put("vipTier", "Bronze");
    m.put("lifetimeSpendMinor", 12999);
    m.put("loginStreak", 1);
    m.put("streak", 1);
    m.put("delta", 194);
    m.put("balanceAfter", 199);
    m.put("reason", "purchase");
    m.put("reference", "purchase:0b6f7c1e-4a57-4c41-9d0e-5b1f8f0c2a11");
    m.put("nextCursor", "MjAyNi0xMS0yN1QxMDoxNTozMFp8MQ");
    m.put("version", 1);
    m.put("active", true);
    m.put("events", List.of(Map.of("type", "level_up", "from", 1, "to", 2)));
    return Map.copyOf(m);
  }
}
