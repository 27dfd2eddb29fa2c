package com.mallquest.mall.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a store sells; used for missions and for browsing the directory. */
public enum StoreCategory {
  FASHION,
  FOOD,
  ELECTRONICS,
  BEAUTY,
  HOME,
  ENTERTAINMENT,
  SERVICES,
  OTHER;

  private static final String ALLOWED =
      Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

  /**
   * Parses a category name, ignoring case and surrounding blanks: {@code "food"}, {@code "Food "}.
   *
   * @throws InvalidInputException (field {@code "category"}) naming the allowed values
   */
  public static StoreCategory parse(String value) {
    Checks.notNull(value, "category");
    String name = value.strip().toUpperCase(Locale.ROOT);
    for (StoreCategory category : values()) {
      if (category.name().equals(name)) {
        return category;
      }
    }
    throw new InvalidInputException(
        "category",
        "category must be one of " + ALLOWED + " (any case), was " + Checks.show(value));
  }
}
