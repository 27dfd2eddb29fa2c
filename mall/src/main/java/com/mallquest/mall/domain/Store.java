package com.mallquest.mall.domain;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A store in the mall where shoppers earn coins.
 *
 * @param id the store's id
 * @param name 1-100 characters after stripping, no control characters; stored stripped
 * @param category what it sells
 * @param floor where it is: 1-8 characters of {@code [A-Za-z0-9-]}, e.g. {@code G}, {@code L2},
 *     {@code B1}
 * @param coinMultiplier multiplies the coins its purchases earn; between 0.1 and 10 inclusive with
 *     at most two decimals; stored with scale 2 ({@code 1.5} becomes {@code 1.50}) so equal
 *     multipliers are equal records
 * @param active whether purchases may be recorded; inactive stores stay for history
 * @param version the row version the database gave this state
 */
public record Store(
    StoreId id,
    String name,
    StoreCategory category,
    String floor,
    BigDecimal coinMultiplier,
    boolean active,
    long version) {

  private static final Pattern FLOOR = Pattern.compile("[A-Za-z0-9-]{1,8}");
  private static final BigDecimal MIN_MULTIPLIER = new BigDecimal("0.1");
  private static final BigDecimal MAX_MULTIPLIER = BigDecimal.TEN;

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public Store {
    Checks.notNull(id, "id");
    name = Checks.text(name, "name", 100);
    Checks.notNull(category, "category");
    Checks.notNull(floor, "floor");
    if (!FLOOR.matcher(floor).matches()) {
      throw new InvalidInputException(
          "floor", "floor must be 1-8 characters of [A-Za-z0-9-], was " + Checks.show(floor));
    }
    coinMultiplier = checkMultiplier(coinMultiplier);
    Checks.nonNegative(version, "version");
  }

  /** A new, active store at version 0. */
  public static Store create(
      StoreId id, String name, StoreCategory category, String floor, BigDecimal coinMultiplier) {
    return new Store(id, name, category, floor, coinMultiplier, true, 0);
  }

  /** This store with {@code active} set; the version is the database's to increment. */
  public Store withActive(boolean active) {
    return new Store(id, name, category, floor, coinMultiplier, active, version);
  }

  private static BigDecimal checkMultiplier(BigDecimal value) {
    Checks.notNull(value, "coinMultiplier");
    if (value.compareTo(MIN_MULTIPLIER) < 0
        || value.compareTo(MAX_MULTIPLIER) > 0
        || value.stripTrailingZeros().scale() > 2) {
      throw new InvalidInputException(
          "coinMultiplier",
          "coinMultiplier must be between 0.1 and 10 with at most 2 decimals, was " + shown(value));
    }
    return value.setScale(2);
  }

  /**
   * The value for a message: plain digits when short, scientific otherwise, since the plain form of
   * a client's {@code 1e2147483647} would need gigabytes (and overflows the builder).
   */
  private static String shown(BigDecimal value) {
    return Math.abs((long) value.scale()) <= 20 && value.precision() <= 40
        ? value.toPlainString()
        : value.toString();
  }
}
