package com.mallquest.mall.domain;

import java.time.Instant;

/**
 * One occurrence of a mission's window: progress and completion are kept per period.
 *
 * @param start inclusive; identifies the period
 * @param end exclusive, after {@code start}
 */
public record WindowPeriod(Instant start, Instant end) {

  /**
   * @throws InvalidInputException unless {@code start < end}
   */
  public WindowPeriod {
    Checks.notNull(start, "start");
    Checks.notNull(end, "end");
    if (!start.isBefore(end)) {
      throw new InvalidInputException(
          "window", "window start must be before its end, was " + start + " .. " + end);
    }
  }

  /** Whether {@code instant} lies in {@code [start, end)}. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }
}
