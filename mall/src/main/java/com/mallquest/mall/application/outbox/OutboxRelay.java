package com.mallquest.mall.application.outbox;

import com.mallquest.mall.application.WakeSignal;
import com.mallquest.mall.application.port.ChangeOutbox.Drained;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay of one instance: a daemon thread that publishes batches of pending changes as
 * long as there are any, then waits for a commit's wake-up or the poll interval (for changes other
 * instances left behind). When a batch cannot be published (Redis down, database down) it stays
 * pending and the relay backs off, doubling its wait up to {@link #MAX_BACKOFF}. It logs one line
 * when publishing starts to fail and one when it recovers.
 */
public final class OutboxRelay implements AutoCloseable {

  /** The longest wait between attempts while publishing fails. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final PublishChanges publish;
  private final WakeSignal signal;
  private final Duration pollInterval;
  private final Duration linger;
  private final Pause pause;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private volatile Thread thread;
  private volatile boolean running;

  /**
   * @param pollInterval how long an idle relay waits for a wake-up before it looks anyway
   */
  public OutboxRelay(PublishChanges publish, WakeSignal signal, Duration pollInterval) {
    this(publish, signal, pollInterval, Duration.ZERO, SLEEP);
  }

  /** How the relay lingers (tests replace the sleep). */
  @FunctionalInterface
  public interface Pause {
    /** Waits about {@code duration}. */
    void pause(Duration duration) throws InterruptedException;
  }

  /** The real pause: the relay's thread sleeps. */
  public static final Pause SLEEP = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

  /**
   * @param pollInterval how long an idle relay waits for a wake-up before it looks anyway
   * @param linger after a wake-up, how long the relay lets further commits gather before it claims
   *     (zero: at once): under load, fewer and larger batches (one claim, one read of the rows, one
   *     Redis pipeline each), for at most this much more delay before other instances hear of a
   *     change
   * @param pause how it lingers ({@link #SLEEP})
   */
  public OutboxRelay(
      PublishChanges publish,
      WakeSignal signal,
      Duration pollInterval,
      Duration linger,
      Pause pause) {
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
    }
    if (linger.isNegative() || linger.compareTo(pollInterval) > 0) {
      throw new IllegalArgumentException(
          "linger must be between zero and the poll interval, was " + linger);
    }
    this.publish = publish;
    this.signal = signal;
    this.pollInterval = pollInterval;
    this.linger = linger;
    this.pause = pause;
  }

  /**
   * Publishes until nothing is pending, a batch cannot be published, or {@code timeout} passes: at
   * start-up, before the instance takes traffic, so that what a dead instance left is out first.
   *
   * @return how many changes were published
   */
  public long drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long count = 0;
    while (System.nanoTime() - deadline < 0) {
      Drained drained = step();
      if (drained == null || !drained.published()) {
        break;
      }
      count += drained.claimed();
      if (drained.claimed() < publish.batchSize()) {
        break;
      }
    }
    return count;
  }

  /** Starts the background thread. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    Thread t = new Thread(this::run, "outbox-relay");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Changes published since start. */
  public long published() {
    return published.get();
  }

  /** Attempts that could not publish their batch since start. */
  public long failedAttempts() {
    return failedAttempts.get();
  }

  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(MAX_BACKOFF.toMillis() + 1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    Duration backoff = FIRST_BACKOFF;
    boolean failing = false;
    while (running) {
      try {
        Drained drained = step();
        if (drained == null || !drained.published()) {
          if (!failing) {
            log.warn("outbox: changes cannot be published now; they stay pending and are retried");
            failing = true;
          }
          signal.await(backoff);
          backoff =
              backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                  ? MAX_BACKOFF
                  : backoff.multipliedBy(2);
          continue;
        }
        if (failing) {
          log.info("outbox: publishing again");
          failing = false;
        }
        backoff = FIRST_BACKOFF;
        // A full batch: more is waiting, claim again at once. Else wait for a commit, then let
        // the commits of the next moment join it.
        if (drained.claimed() < publish.batchSize()
            && signal.await(pollInterval)
            && !linger.isZero()) {
          pause.pause(linger);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One batch; null if the outbox itself failed (the database is unreachable). */
  private Drained step() {
    try {
      Drained drained = publish.publishOnce();
      if (drained.published()) {
        published.addAndGet(drained.claimed());
      } else {
        failedAttempts.incrementAndGet();
      }
      return drained;
    } catch (RuntimeException e) {
      failedAttempts.incrementAndGet();
      log.debug("outbox relay step failed: {}", e.toString());
      return null;
    }
  }
}
