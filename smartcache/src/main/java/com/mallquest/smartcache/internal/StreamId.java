package com.mallquest.smartcache.internal;

/**
 * A Redis stream entry id, {@code <milliseconds>-<sequence>}.
 *
 * @param millis the Redis server time of the append
 * @param sequence the sequence within that millisecond
 */
public record StreamId(long millis, long sequence) implements Comparable<StreamId> {

  /** The id before every entry; reading from it reads the whole stream. */
  public static final StreamId ZERO = new StreamId(0, 0);

  /** Parses {@code ms-seq}. */
  public static StreamId parse(String id) {
    int dash = id.indexOf('-');
    if (dash < 0) {
      return new StreamId(Long.parseLong(id), 0);
    }
    return new StreamId(
        Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
  }

  @Override
  public int compareTo(StreamId o) {
    int c = Long.compare(millis, o.millis);
    return c != 0 ? c : Long.compare(sequence, o.sequence);
  }

  @Override
  public String toString() {
    return millis + "-" + sequence;
  }
}
