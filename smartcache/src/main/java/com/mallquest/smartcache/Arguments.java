package com.mallquest.smartcache;

import java.time.Duration;
import java.util.Objects;

/** Argument checks of the builders: each fails at once with a message that carries the value. */
final class Arguments {

  private Arguments() {}

  /** {@code d}, if it is positive. */
  static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    require(!d.isNegative() && !d.isZero(), what + " must be positive: " + d);
    return d;
  }

  /** Throws {@link IllegalArgumentException} with {@code message} unless {@code condition}. */
  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
