package com.mallquest.mall.domain;

import java.util.UUID;

/**
 * Identifies a shopper: 1 to 64 characters of {@code [A-Za-z0-9_-]}, so it is safe in URLs, cache
 * keys and logs. New shoppers get a random UUID.
 *
 * @param value the id as text
 */
public record ShopperId(String value) {

  /**
   * @throws InvalidInputException (field {@code "id"}) if the value breaks the rules above
   */
  public ShopperId {
    Checks.id(value, "id");
  }

  /** A new random id (a UUID in its canonical text form). */
  public static ShopperId random() {
    return new ShopperId(UUID.randomUUID().toString());
  }

  /**
   * Parses an id from input.
   *
   * @throws InvalidInputException (field {@code "id"}) if the value is not a valid id
   */
  public static ShopperId of(String value) {
    return new ShopperId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
