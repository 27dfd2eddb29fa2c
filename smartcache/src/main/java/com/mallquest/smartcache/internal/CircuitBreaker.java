package com.mallquest.smartcache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops calling a dead Redis on the request path.
 *
 * <p>Closed: every call goes through; {@code failureThreshold} consecutive failures open it. Open:
 * calls are refused at once (no timeout is waited for) until {@code openDuration} has passed on the
 * ticker; then one caller is let through as a probe (half-open). The probe's success closes the
 * breaker, its failure opens it again. The stream reader also closes it after it reconnected and
 * resynchronised, and opens it when it loses its connection, so that the request path stops even
 * before its own calls fail.
 */
public final class CircuitBreaker {

  /** The breaker's state. */
  public enum State {
    /** Calls go through. */
    CLOSED,
    /** Calls are refused. */
    OPEN,
    /** One probe call is in flight; others are refused. */
    HALF_OPEN
  }

  private final int failureThreshold;
  private final long openNanos;
  private final Ticker ticker;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);
  private volatile long openedAtNanos;

  /**
   * A closed breaker.
   *
   * @param failureThreshold consecutive failures that open it, at least 1
   * @param openDuration how long it stays open before a probe, positive
   * @param ticker the time source
   */
  public CircuitBreaker(int failureThreshold, Duration openDuration, Ticker ticker) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException(
          "failure threshold must be at least 1: " + failureThreshold);
    }
    if (openDuration.isNegative() || openDuration.isZero()) {
      throw new IllegalArgumentException("open duration must be positive: " + openDuration);
    }
    this.failureThreshold = failureThreshold;
    this.openNanos = openDuration.toNanos();
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /**
   * Whether a call may go to Redis now; in the open state, lets exactly one probe through when due.
   */
  public boolean tryAcquire() {
    State s = state.get();
    if (s == State.CLOSED) {
      return true;
    }
    if (s == State.OPEN && ticker.read() - openedAtNanos >= openNanos) {
      return state.compareAndSet(State.OPEN, State.HALF_OPEN);
    }
    return false;
  }

  /** Records a successful call: closes the breaker. */
  public void onSuccess() {
    consecutiveFailures.set(0);
    state.set(State.CLOSED);
  }

  /** Records a failed call: opens the breaker after the threshold, or at once when half-open. */
  public void onFailure() {
    int failures = consecutiveFailures.incrementAndGet();
    if (state.get() != State.CLOSED || failures >= failureThreshold) {
      open();
    }
  }

  /** Opens the breaker now, whatever its state (the stream reader lost Redis). */
  public void forceOpen() {
    consecutiveFailures.set(failureThreshold);
    open();
  }

  /** The current state. */
  public State state() {
    return state.get();
  }

  /** Whether calls go through without restriction. */
  public boolean isClosed() {
    return state.get() == State.CLOSED;
  }

  private void open() {
    openedAtNanos = ticker.read();
    state.set(State.OPEN);
  }

  @Override
  public String toString() {
    return "CircuitBreaker[state="
        + state.get()
        + ", consecutiveFailures="
        + consecutiveFailures.get()
        + ", failureThreshold="
        + failureThreshold
        + "]";
  }
}
