package com.mallquest.mall.domain;

/** How a mission's window is laid out in time; recurring ones use the mall's time zone. */
public enum WindowKind {
  /** One window from a fixed start (inclusive) to a fixed end (exclusive). */
  FIXED,
  /** Every calendar day, from local midnight. */
  DAILY,
  /** Every ISO week, from Monday local midnight. */
  WEEKLY,
  /** Every calendar month, from the first day's local midnight. */
  MONTHLY
}
