package com.mallquest.mall.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Ids for rows written once per request (purchases, redemptions): UUID version 7 (RFC 9562), whose
 * first 48 bits are the row's time in milliseconds since the Unix epoch and whose other 74 free
 * bits are random (from {@link UUID#randomUUID()}, so as hard to guess as before). In their
 * canonical text form, ids of later milliseconds sort after earlier ones, so a new row's key goes
 * to the right-hand end of its primary-key index instead of a random leaf of it: an insert touches
 * the few recently used pages rather than any page of an index that outgrows memory, and after a
 * checkpoint writes far fewer full-page images (ADR 0036). Ids within one millisecond are in no
 * particular order.
 */
public final class TimeOrderedIds {

  /** The latest time a version 7 UUID holds: 2^48 - 1 ms after the epoch (year 10889). */
  static final long MAX_MILLIS = (1L << 48) - 1;

  private TimeOrderedIds() {}

  /**
   * A new id for a row made at {@code time}, in the canonical text form of a UUID.
   *
   * @throws IllegalArgumentException if {@code time} is before the epoch or after {@link
   *     #MAX_MILLIS}
   */
  public static String at(Instant time) {
    return uuidAt(time).toString();
  }

  /** {@link #at} as a {@link UUID}. */
  static UUID uuidAt(Instant time) {
    long millis = time.toEpochMilli();
    if (millis < 0 || millis > MAX_MILLIS) {
      throw new IllegalArgumentException("a version 7 UUID cannot hold the time " + time);
    }
    UUID random = UUID.randomUUID(); // version 4: 122 random bits, variant already RFC 9562's
    long high = (millis << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
    return new UUID(high, random.getLeastSignificantBits());
  }

  /** The millisecond a version 7 id was made at (its first 48 bits). */
  static long millisOf(UUID id) {
    if (id.version() != 7) {
      throw new IllegalArgumentException("not a version 7 UUID: " + id);
    }
    return id.getMostSignificantBits() >>> 16;
  }
}
