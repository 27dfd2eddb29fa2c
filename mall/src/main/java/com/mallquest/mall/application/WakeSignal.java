package com.mallquest.mall.application;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a background worker (the outbox relay, the webhook delivery worker) when there is something
 * for it, so it acts within milliseconds instead of at its next poll. Many wake-ups before the
 * worker looks count as one.
 */
public final class WakeSignal {

  private final Semaphore permits = new Semaphore(0);

  /** There is something to do. Never blocks. */
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
  public boolean await(Duration timeout) throws InterruptedException {
    boolean woken = permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    permits.drainPermits();
    return woken;
  }
}
