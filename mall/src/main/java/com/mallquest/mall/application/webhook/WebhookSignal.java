package com.mallquest.mall.application.webhook;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes this instance's delivery worker: deliveries were committed, a delivery finished (the next one
 * of that shopper may go), or an operator asked for a test or a redelivery. Many wake-ups before the
 * worker looks count as one.
 */
public final class WebhookSignal {

  private final Semaphore permits = new Semaphore(0);

  /** There may be something to deliver. Never blocks. */
  public void wake() {
    if (permits.availablePermits() == 0) {
      permits.release();
    }
  }

  /** Waits until {@link #wake()} or the timeout. */
  void await(Duration timeout) throws InterruptedException {
    permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    permits.drainPermits();
  }
}
