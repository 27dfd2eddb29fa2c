package com.mallquest.mall.domain;

import java.util.regex.Pattern;

/**
 * The one definition of an {@code Idempotency-Key} (ADR 0006), for the generic layer of every POST
 * and for the endpoints that require one (companion purchases, redemptions): 1 to {@value
 * #MAX_LENGTH} visible ASCII characters ({@code 0x21-0x7E}: no spaces, no control characters); a
 * UUID fits. Every refusal has the one text {@link #RULE}, field {@code Idempotency-Key}.
 */
public final class IdempotencyKeys {

  /** The request header. */
  public static final String HEADER = "Idempotency-Key";

  /** The longest key. Fits every column that keeps one (with the companions' prefix). */
  public static final int MAX_LENGTH = 128;

  /** What a key must be: the detail of every refusal of a malformed key. */
  public static final String RULE =
      "Idempotency-Key must be 1-"
          + MAX_LENGTH
          + " visible ASCII characters (no spaces), such as a UUID";

  private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");

  private IdempotencyKeys() {}

  /** Whether {@code key} is a well-formed key. */
  public static boolean isValid(String key) {
    return key != null && VALID.matcher(key).matches();
  }

  /**
   * Checks a key an endpoint requires.
   *
   * @return the key, unchanged
   * @throws InvalidInputException (field {@code Idempotency-Key}) if it is missing or malformed
   */
  public static String require(String key) {
    if (key == null) {
      throw new InvalidInputException(
          HEADER, "The Idempotency-Key header is required here. " + RULE);
    }
    if (!isValid(key)) {
      throw new InvalidInputException(HEADER, RULE);
    }
    return key;
  }
}
