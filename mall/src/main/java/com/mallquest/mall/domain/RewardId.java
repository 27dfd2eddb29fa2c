package com.mallquest.mall.domain;

/**
 * Identifies a reward in the catalog: 1 to 64 characters of {@code [A-Za-z0-9_-]}, chosen by the
 * operator (e.g. {@code coffee}).
 *
 * @param value the id as text
 */
public record RewardId(String value) {

  /**
   * @throws InvalidInputException (field {@code "id"}) if the value breaks the rules above
   */
  public RewardId {
    Checks.id(value, "id");
  }

  /**
   * Parses an id from input.
   *
   * @throws InvalidInputException (field {@code "id"}) if the value is not a valid id
   */
  public static RewardId of(String value) {
    return new RewardId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
