package com.mallquest.smartcache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A monotonic clock that costs one volatile read: {@link System#nanoTime()} copied into a field by
 * one daemon thread every {@value #PERIOD_MS} ms while the clock is read (Apache Cassandra's
 * approximate time, {@code MonotonicClock.approxTime}, does the same with 2 ms). A memory hit reads
 * it instead of {@code System.nanoTime()}, which costs ~30 ns here, as much as the rest of the hit.
 *
 * <p><b>Asleep when unread</b> (ADR 0035). After {@value #IDLE_TICKS} ticks in which nothing read
 * the clock, its thread marks it asleep and parks until the next read: an idle manager's clock
 * makes no wake-ups at all, where it used to make 1,000 a second. A read that finds the clock
 * asleep returns {@code System.nanoTime()} itself, stores it and wakes the thread; reads go back to
 * the one volatile read once the thread ticks again. A read that finds the clock awake also marks
 * it read, a write only the first read of each tick makes.
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

  /** Ticks without a read after which the clock thread sleeps until the next read (~100 ms). */
  public static final int IDLE_TICKS = 100;

  /** How long {@link #close} waits for the clock thread to end. */
  static final long JOIN_TIMEOUT_MS = 1_000;

  /** Marks a closed clock; a {@code nanoTime()} of exactly this value only costs a precise read. */
  private static final long CLOSED = Long.MIN_VALUE;

  /** Marks a sleeping clock; likewise, such a {@code nanoTime()} only costs a precise read. */
  private static final long ASLEEP = Long.MIN_VALUE + 1;

  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);

  private static final VarHandle NANOS;

  static {
    try {
      NANOS = MethodHandles.lookup().findVarHandle(CoarseTicker.class, "nanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Both in one small object, so that a hit's two reads are of one cache line.
  private volatile long nanos = System.nanoTime();
  private volatile boolean read;

  private final Thread thread;
  // The clock thread's own (and a test's, which drives tick() without the thread).
  private int unreadTicks;

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

  /** A clock whose thread is not started: a test drives {@link #tick()} itself. */
  static CoarseTicker unstarted(String threadName) {
    return new CoarseTicker(threadName);
  }

  /**
   * {@code System.nanoTime()} as of at most about {@value #PERIOD_MS} ms ago (exact while the clock
   * sleeps, and once closed).
   */
  @Override
  public long read() {
    long now = nanos;
    if (now > ASLEEP) {
      if (!read) {
        read = true;
      }
      return now;
    }
    return precise(now);
  }

  private long precise(long marker) {
    long now = System.nanoTime();
    if (marker == ASLEEP && NANOS.compareAndSet(this, ASLEEP, now)) {
      read = true;
      LockSupport.unpark(thread);
    }
    return now;
  }

  /**
   * One tick of the clock thread: copies {@code System.nanoTime()}, or, after {@value #IDLE_TICKS}
   * ticks without a read, marks the clock asleep. Returns whether the clock is still ticking (false
   * once asleep or closed).
   */
  boolean tick() {
    long seen = nanos;
    if (seen == CLOSED || seen == ASLEEP) {
      return false;
    }
    if (read) {
      read = false;
      unreadTicks = 0;
    } else if (++unreadTicks >= IDLE_TICKS && NANOS.compareAndSet(this, seen, ASLEEP)) {
      unreadTicks = 0;
      return false;
    }
    // A compare, not a set: a close() or sleep between the check and the write must stand.
    NANOS.compareAndSet(this, seen, System.nanoTime());
    return true;
  }

  /** Whether the clock is asleep (tests). */
  boolean asleep() {
    return nanos == ASLEEP;
  }

  private void run() {
    while (true) {
      if (tick()) {
        LockSupport.parkNanos(this, PERIOD_NANOS);
        continue;
      }
      long now;
      while ((now = nanos) == ASLEEP) {
        LockSupport.park(this);
      }
      if (now == CLOSED) {
        return;
      }
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
    nanos = CLOSED;
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
        + ", asleep="
        + asleep()
        + "]";
  }
}
