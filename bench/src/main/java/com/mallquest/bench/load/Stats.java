package com.mallquest.bench.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run measured: a latency histogram (microseconds) and an error count per operation, errors
 * by status, and an interval recorder for the live progress line. Thread-safe.
 */
public final class Stats {

  /** The longest latency recorded exactly: one minute, in microseconds. */
  static final long MAX_MICROS = 60_000_000L;

  private final Map<Operation, Histogram> latencies = new EnumMap<>(Operation.class);
  private final Map<Operation, LongAdder> errors = new EnumMap<>(Operation.class);
  private final Map<String, LongAdder> errorsByStatus = new ConcurrentHashMap<>();
  private final Recorder interval = new Recorder(MAX_MICROS, 3);
  private final LongAdder intervalErrors = new LongAdder();

  /** Empty stats. */
  public Stats() {
    for (Operation op : Operation.values()) {
      latencies.put(op, new ConcurrentHistogram(MAX_MICROS, 3));
      errors.put(op, new LongAdder());
    }
  }

  /** Records one request of {@code op} that took {@code micros} and answered {@code response}. */
  public void record(Operation op, long micros, MallClient.Response response) {
    long clamped = Math.min(Math.max(micros, 1), MAX_MICROS);
    latencies.get(op).recordValue(clamped);
    interval.recordValue(clamped);
    if (!response.ok()) {
      errors.get(op).increment();
      intervalErrors.increment();
      errorsByStatus
          .computeIfAbsent(op.label() + " " + response.statusLabel(), k -> new LongAdder())
          .increment();
    }
  }

  /** The latencies of {@code op} so far (a copy). */
  public Histogram latencies(Operation op) {
    return latencies.get(op).copy();
  }

  /** Errors of {@code op} so far. */
  public long errors(Operation op) {
    return errors.get(op).sum();
  }

  /** Errors by "operation status" (status {@code io} for transport failures), sorted. */
  public Map<String, Long> errorsByStatus() {
    Map<String, Long> sorted = new TreeMap<>();
    errorsByStatus.forEach((k, v) -> sorted.put(k, v.sum()));
    return sorted;
  }

  /** The latencies since the previous call (for the progress line), and the errors since then. */
  public Interval nextInterval() {
    return new Interval(interval.getIntervalHistogram(), intervalErrors.sumThenReset());
  }

  /**
   * One progress interval.
   *
   * @param latencies the interval's latencies in microseconds
   * @param errors the interval's errors
   */
  public record Interval(Histogram latencies, long errors) {}
}
