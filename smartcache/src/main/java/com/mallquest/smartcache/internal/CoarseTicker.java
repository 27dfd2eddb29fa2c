package com.mallquest.smartcache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A monotonic clock that costs one volatile read: {@link System#nanoTime()} copied into a field by
 * one daemon thread every {@value #PERIOD_MS} ms (Apache Cassandra's approximate time, {@code
 * MonotonicClock.approxTime}, does the same with 2 ms). A memory hit reads it instead of {@code
 * System.nanoTime()}, which costs ~30 ns here, as much as the rest of the hit.
 *
 * <p><b>Precision.</b> A reading is an earlier {@code System.nanoTime()}: never ahead of it, behind
 * it by at most the period, or by more if the clock thread is starved of CPU (its lag). Durations
 * measured from a precise timestamp to a reading of this clock are therefore never too long, and
 * too short by at most the period (plus the lag).
 *
 * <p><b>Lifecycle.</b> {@link #start} starts the thread; {@link #close} stops it and waits for it.
 * After {@code close} the clock does not freeze: every read falls back to {@code
 * System.nanoTime()}.
 */
public final class CoarseTicker implements Ticker, AutoCloseable {

  /** How often the clock thread copies {@code System.nanoTime()}, in milliseconds. */
  public static final long PERIOD_MS = 1;

  /** How long {@link #close} waits for the clock thread to end. */
  static final long JOIN_TIMEOUT_MS = 1_000;

  /** Marks a closed clock; a {@code nanoTime()} of exactly this value only costs a precise read. */
  private static final long CLOSED = Long.MIN_VALUE;

  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);

  private final AtomicLong nanos = new AtomicLong(System.nanoTime());
  private final Thread thread;

  private CoarseTicker(String threadName) {
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  /** A running clock whose thread is called {@code threadName}. */
  public static CoarseTicker start(String threadName) {
    CoarseTicker ticker = new CoarseTicker(threadName);
    ticker.thread.start();
    return ticker;
  }

  /**
   * {@code System.nanoTime()} as of at most about {@value #PERIOD_MS} ms ago (exact once closed).
   */
  @Override
  public long read() {
    long now = nanos.get();
    return now != CLOSED ? now : System.nanoTime();
  }

  private void run() {
    for (long seen = nanos.get(); seen != CLOSED; seen = nanos.get()) {
      // A compare, not a set: a close() between the check and the write must not be overwritten.
      nanos.compareAndSet(seen, System.nanoTime());
      LockSupport.parkNanos(this, PERIOD_NANOS);
    }
  }

  /** The clock thread (tests check that it ends). */
  Thread thread() {
    return thread;
  }

  /**
   * Stops the clock thread and waits up to a second for it to end; later reads are precise.
   * Idempotent.
   */
  @Override
  public void close() {
    nanos.set(CLOSED);
    LockSupport.unpark(thread);
    try {
      thread.join(JOIN_TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "CoarseTicker[thread="
        + thread.getName()
        + ", periodMs="
        + PERIOD_MS
        + ", running="
        + thread.isAlive()
        + "]";
  }
}
