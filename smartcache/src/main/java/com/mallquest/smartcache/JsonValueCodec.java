package com.mallquest.smartcache;

import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link ValueCodec}: JSON with Jackson 3. Records, {@code java.time} types and plain
 * beans work out of the box; pass a configured {@link JsonMapper} for anything else. Thread-safe.
 */
public final class JsonValueCodec implements ValueCodec {

  private final JsonMapper mapper;

  /** With Jackson's default mapper settings. */
  public JsonValueCodec() {
    this(JsonMapper.builder().build());
  }

  /** With {@code mapper}. */
  public JsonValueCodec(JsonMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  @Override
  public byte[] encode(Object value) {
    Objects.requireNonNull(value, "value");
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JacksonException e) {
      throw new SmartCacheException.CodecException(
          "cannot encode a " + value.getClass().getName() + " as JSON", e);
    }
  }

  @Override
  public <V> V decode(byte[] bytes, Class<V> type) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(type, "type");
    V value;
    try {
      value = mapper.readValue(bytes, type);
    } catch (JacksonException e) {
      throw new SmartCacheException.CodecException(
          "cannot decode " + bytes.length + " bytes of JSON as " + type.getName(), e);
    }
    if (value == null) {
      throw new SmartCacheException.CodecException("JSON null is no " + type.getName());
    }
    return value;
  }
}
