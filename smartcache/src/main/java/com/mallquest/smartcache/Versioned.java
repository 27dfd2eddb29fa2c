package com.mallquest.smartcache;

import java.util.Objects;

/**
 * A value together with the row version the source of record gave it.
 *
 * <p>Versions grow with every committed write of the row (the database increments a {@code version}
 * column). No tier of a {@link SmartCache} ever replaces a value with one of a lower version.
 *
 * @param value the value, never {@code null}
 * @param version the row version, {@code >= 0}
 * @param <V> the value type
 */
public record Versioned<V>(V value, long version) {

  /** Checks the arguments. */
  public Versioned {
    Objects.requireNonNull(value, "value");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
  }

  /** Shorthand for {@code new Versioned<>(value, version)}. */
  public static <V> Versioned<V> of(V value, long version) {
    return new Versioned<>(value, version);
  }
}
