package com.mallquest.mall.domain;

import java.util.UUID;

/**
 * Identifies a store: 1 to 64 characters of {@code [A-Za-z0-9_-]}, so it is safe in URLs, cache
 * keys and logs. New stores get a random UUID.
 *
 * @param value the id as text
 */
public record StoreId(String value) {

  /**
   * @throws InvalidInputException (field {@code "id"}) if the value breaks the rules above
   */
  public StoreId {
    Checks.id(value, "id");
  }

  /** A new random id (a UUID in its canonical text form). */
  public static StoreId random() {
    return new StoreId(UUID.randomUUID().toString());
  }

  /**
   * Parses an id from input.
   *
   * @throws InvalidInputException (field {@code "id"}) if the value is not a valid id
   */
  public static StoreId of(String value) {
    return new StoreId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
