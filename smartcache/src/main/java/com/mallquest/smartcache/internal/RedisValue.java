package com.mallquest.smartcache.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The bytes stored under a data key: {@code <version>|V<codec bytes>} for a value, {@code <version
 * or empty>|T<id>} for a tombstone (see {@link RedisScripts}).
 *
 * @param raw the stored bytes, as read
 * @param kind what they hold
 * @param version the version, or -1 for a tombstone of nothing or an unparsable value
 * @param payloadOffset where the codec bytes start in {@code raw}
 */
public record RedisValue(byte[] raw, Kind kind, long version, int payloadOffset) {

  private static final byte SEPARATOR = '|';
  private static final byte VALUE = 'V';
  private static final byte TOMBSTONE = 'T';

  /** What a stored value holds. */
  public enum Kind {
    /** A versioned value. */
    VALUE,
    /** An invalidation marker. */
    TOMBSTONE,
    /** Bytes in no known format (written by something else). */
    UNKNOWN
  }

  /** Encodes a value for storage. */
  public static byte[] encode(long version, byte[] payload) {
    byte[] head = (Long.toString(version) + "|V").getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(head, head.length + payload.length);
    System.arraycopy(payload, 0, out, head.length, payload.length);
    return out;
  }

  /** Reads stored bytes; never throws. */
  public static RedisValue parse(byte[] raw) {
    int sep = indexOf(raw, SEPARATOR);
    if (sep < 0 || sep + 1 >= raw.length) {
      return new RedisValue(raw, Kind.UNKNOWN, -1, raw.length);
    }
    byte kindByte = raw[sep + 1];
    Optional<Long> version = parseVersion(raw, sep);
    if (kindByte == VALUE && version.isPresent()) {
      return new RedisValue(raw, Kind.VALUE, version.get(), sep + 2);
    }
    if (kindByte == TOMBSTONE) {
      return new RedisValue(raw, Kind.TOMBSTONE, version.orElse(-1L), raw.length);
    }
    return new RedisValue(raw, Kind.UNKNOWN, -1, raw.length);
  }

  /** The codec bytes of a {@link Kind#VALUE}. */
  public byte[] payload() {
    return Arrays.copyOfRange(raw, payloadOffset, raw.length);
  }

  private static Optional<Long> parseVersion(byte[] raw, int end) {
    if (end == 0 || end > 19) {
      return Optional.empty();
    }
    long v = 0;
    for (int i = 0; i < end; i++) {
      int d = raw[i] - '0';
      if (d < 0 || d > 9) {
        return Optional.empty();
      }
      v = v * 10 + d;
      if (v < 0) {
        return Optional.empty();
      }
    }
    return Optional.of(v);
  }

  private static int indexOf(byte[] raw, byte b) {
    for (int i = 0; i < raw.length && i < 21; i++) {
      if (raw[i] == b) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedisValue other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "RedisValue[kind=" + kind + ", version=" + version + ", bytes=" + raw.length + "]";
  }
}
