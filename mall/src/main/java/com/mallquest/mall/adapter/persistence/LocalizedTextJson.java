package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.domain.LocalizedText;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link LocalizedText} stored as a JSON object {@code {"en": "...", "es": "..."}} in a VARCHAR
 * column.
 */
final class LocalizedTextJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private LocalizedTextJson() {}

  static String write(LocalizedText text) {
    return JSON.writeValueAsString(text.texts());
  }

  static LocalizedText read(String json) {
    return new LocalizedText(JSON.readValue(json, MAP));
  }
}
