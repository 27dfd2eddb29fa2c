package com.mallquest.mall.support;

import java.util.concurrent.ConcurrentLinkedQueue;

/** Request latencies recorded from many threads; percentiles by the nearest-rank method. */
public final class Latencies {

  private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

  /** Records one request's duration. */
  public void record(long durationNanos) {
    nanos.add(durationNanos);
  }

  /** How many were recorded. */
  public int count() {
    return nanos.size();
  }

  /** The {@code p}-th percentile ({@code 0 < p <= 100}) in milliseconds; 0 when empty. */
  public double percentileMillis(double p) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1_000_000.0;
  }

  /** The largest, in milliseconds. */
  public double maxMillis() {
    return percentileMillis(100);
  }

  @Override
  public String toString() {
    return String.format(
        "n=%d p50=%.2fms p99=%.2fms max=%.2fms",
        count(), percentileMillis(50), percentileMillis(99), maxMillis());
  }
}
