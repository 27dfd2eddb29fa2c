package com.mallquest.mall.adapter.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an example JSON value from an OpenAPI schema: objects field by field, one element per
 * array, and for each field a realistic value picked by its name ({@code amountMinor} 12999,
 * {@code currency} "USD", ...) or else by its type and format. Used for request and response
 * examples so endpoints need no example annotations.
 */
final class ApiExamples {

  private static final int MAX_DEPTH = 6;
  private static final Map<String, Object> BY_NAME = byName();

  private ApiExamples() {}

  /** An example for {@code schema}, resolving {@code $ref}s against {@code components}. */
  static Object of(Schema<?> schema, Components components) {
    return example(null, schema, components, 0);
  }

  private static Object example(String name, Schema<?> schema, Components components, int depth) {
    Schema<?> resolved = resolve(schema, components);
    if (resolved == null || depth > MAX_DEPTH) {
      return null;
    }
    if (resolved.getExample() != null) {
      return resolved.getExample();
    }
    String type = typeOf(resolved);
    Object named = name == null ? null : BY_NAME.get(name);
    if (named != null && fits(named, type)) {
      return named;
    }
    if (resolved.getEnum() != null && !resolved.getEnum().isEmpty()) {
      return resolved.getEnum().get(0);
    }
    if (resolved.getProperties() != null && !resolved.getProperties().isEmpty()) {
      Map<String, Object> object = new LinkedHashMap<>();
      resolved.getProperties().forEach((field, fieldSchema) -> {
        Object value = example(field, fieldSchema, components, depth + 1);
        if (value != null) {
          object.put(field, value);
        }
      });
      return object;
    }
    if ("array".equals(type)) {
      Object item = example(null, resolved.getItems(), components, depth + 1);
      return item == null ? List.of() : List.of(item);
    }
    if (resolved.getAdditionalProperties() instanceof Schema<?> values) {
      // A map: texts per language (title, name, ...), or one entry per cache.
      if ("string".equals(typeOf(resolve(values, components)))) {
        return named instanceof String text ? Map.of("en", text) : Map.of("en", "Big spender", "es", "Gran comprador");
      }
      Object value = example(null, values, components, depth + 1);
      return value == null ? Map.of() : Map.of("shoppers", value);
    }
    if ("object".equals(type) || resolved.getAdditionalProperties() != null) {
      return Map.of("type", "level_up");
    }
    return scalar(type, resolved.getFormat());
  }

  /** Whether an example picked by name suits the schema's type (a name may be a text or a map of texts). */
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
      current = components == null || components.getSchemas() == null ? null : components.getSchemas().get(name);
    }
    return current;
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
