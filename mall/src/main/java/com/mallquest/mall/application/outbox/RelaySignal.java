package com.mallquest.mall.application.outbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the outbox relay when a transaction that appended changes commits, so that a change is
 * usually published within milliseconds instead of at the next poll. Many wake-ups before the relay
 * looks count as one.
 */
public final class RelaySignal {

  private final Semaphore permits = new Semaphore(0);

  /** There is something to publish. Never blocks. */
  public void wake() {
    if (permits.availablePermits() == 0) {
      permits.release();
    }
  }

  /**
   * Waits until {@link #wake()} or the timeout.
   *
   * @return true if woken
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  boolean await(Duration timeout) throws InterruptedException {
    boolean woken = permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    permits.drainPermits();
    return woken;
  }
}
