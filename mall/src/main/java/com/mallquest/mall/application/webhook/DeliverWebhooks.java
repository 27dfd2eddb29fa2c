package com.mallquest.mall.application.webhook;

import com.mallquest.mall.application.WakeSignal;
import com.mallquest.mall.application.port.WebhookRepository;
import com.mallquest.mall.application.port.WebhookRepository.Attempt;
import com.mallquest.mall.application.port.WebhookRepository.Claimed;
import com.mallquest.mall.application.port.WebhookRepository.Delivery;
import com.mallquest.mall.application.port.WebhookRepository.Outcome;
import com.mallquest.mall.application.port.WebhookRepository.Status;
import com.mallquest.mall.application.port.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook delivery worker of one instance (ADR 0020). A thread claims due deliveries in a short
 * transaction (leasing them), commits, and POSTs them without waiting; each answer is recorded in
 * another short transaction by a small pool. At most {@code maxInFlight} attempts run at once. A
 * 2xx ends a delivery; anything else, or no answer within the sender's timeout, is retried after an
 * exponential backoff with full jitter ({@code initialBackoff * 2^(n-1)}, capped at {@code
 * maxBackoff}, times a random factor in [0.5, 1)), until {@code retryFor} has passed since the
 * delivery's window began; then it is FAILED and the subscription is marked failing. A worker that
 * dies holding a lease leaves the delivery due again when the lease ends: at least once.
 */
public final class DeliverWebhooks implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeliverWebhooks.class);
  private static final Duration DATABASE_BACKOFF = Duration.ofSeconds(1);
  private static final Duration PURGE_EVERY = Duration.ofHours(1);

  /**
   * The worker's settings.
   *
   * @param initialBackoff the wait after the first failed attempt (before jitter)
   * @param maxBackoff the longest wait between attempts
   * @param retryFor how long a delivery is retried before it is given up
   * @param lease how long a claimed delivery is held before another worker may take it again;
   *     longer than the sender's timeout
   * @param maxInFlight most attempts at once
   * @param pollInterval how often an idle worker looks for due deliveries (commits wake it at once)
   * @param keepLog how long delivered and failed deliveries stay in the log (purged hourly)
   */
  public record Settings(
      Duration initialBackoff,
      Duration maxBackoff,
      Duration retryFor,
      Duration lease,
      int maxInFlight,
      Duration pollInterval,
      Duration keepLog) {}

  private final WebhookRepository repository;
  private final WebhookSender sender;
  private final WebhookTargets targets;
  private final WakeSignal signal;
  private final Clock clock;
  private final Settings settings;
  private final Semaphore inFlight;
  private final ExecutorService recorder;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong givenUp = new AtomicLong();
  private volatile Thread thread;
  private volatile boolean running;

  /** With its ports and settings. */
  public DeliverWebhooks(
      WebhookRepository repository,
      WebhookSender sender,
      WebhookTargets targets,
      WakeSignal signal,
      Clock clock,
      Settings settings) {
    if (settings.maxInFlight() < 1) {
      throw new IllegalArgumentException("maxInFlight must be positive");
    }
    this.repository = repository;
    this.sender = sender;
    this.targets = targets;
    this.signal = signal;
    this.clock = clock;
    this.settings = settings;
    this.inFlight = new Semaphore(settings.maxInFlight());
    this.recorder =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "webhook-recorder");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the worker thread. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    Thread t = new Thread(this::run, "webhook-delivery");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Deliveries a receiver accepted since start. */
  public long delivered() {
    return delivered.get();
  }

  /** Attempts that failed since start. */
  public long failedAttempts() {
    return failedAttempts.get();
  }

  /** Deliveries given up since start. */
  public long givenUp() {
    return givenUp.get();
  }

  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    recorder.shutdown();
    try {
      recorder.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    boolean failing = false;
    Instant purged = Instant.EPOCH;
    while (running) {
      try {
        if (Duration.between(purged, clock.instant()).compareTo(PURGE_EVERY) >= 0) {
          purged = clock.instant();
          purge(purged);
        }
        int free = inFlight.availablePermits();
        if (free == 0) {
          signal.await(settings.pollInterval());
          continue;
        }
        List<Claimed> claimed;
        try {
          Instant now = clock.instant();
          claimed = repository.claimDue(now, now.plus(settings.lease()), free);
          if (failing) {
            log.info("webhooks: delivery worker reaches the database again");
            failing = false;
          }
        } catch (RuntimeException e) {
          if (!failing) {
            log.warn("webhooks: cannot claim deliveries now ({}); retrying", e.toString());
            failing = true;
          }
          signal.await(DATABASE_BACKOFF);
          continue;
        }
        for (Claimed c : claimed) {
          inFlight.acquire();
          send(c);
        }
        if (claimed.size() < free) {
          signal.await(settings.pollInterval());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void purge(Instant now) {
    try {
      int purged = repository.purge(now.minus(settings.keepLog()));
      if (purged > 0) {
        log.info("webhooks: purged {} deliveries older than {}", purged, settings.keepLog());
      }
    } catch (RuntimeException e) {
      log.debug("webhooks: purge failed: {}", e.toString());
    }
  }

  private void send(Claimed claimed) {
    Delivery d = claimed.delivery();
    Optional<String> refused = targets.refusal(claimed.targetUrl());
    if (refused.isPresent()) {
      record(claimed, new WebhookSender.Response(null, "target refused: " + refused.get(), 0));
      return;
    }
    long timestamp = clock.instant().getEpochSecond();
    Map<String, String> headers =
        Map.of(
            "webhook-id", d.eventId(),
            "webhook-timestamp", Long.toString(timestamp),
            "webhook-signature",
                WebhookSignature.sign(claimed.secret(), d.eventId(), timestamp, d.payload()));
    try {
      sender
          .post(claimed.targetUrl(), headers, d.payload())
          .whenComplete(
              (response, error) ->
                  record(
                      claimed,
                      response != null
                          ? response
                          : new WebhookSender.Response(null, String.valueOf(error), 0)));
    } catch (RuntimeException e) {
      record(claimed, new WebhookSender.Response(null, e.toString(), 0));
    }
  }

  private void record(Claimed claimed, WebhookSender.Response response) {
    try {
      recorder.execute(
          () -> {
            try {
              settle(claimed, response);
            } finally {
              inFlight.release();
              signal.wake();
            }
          });
    } catch (RuntimeException e) {
      // Shutting down: the lease runs out and another attempt delivers it.
      inFlight.release();
    }
  }

  private void settle(Claimed claimed, WebhookSender.Response response) {
    Delivery d = claimed.delivery();
    Instant now = clock.instant();
    Attempt attempt =
        new Attempt(now, response.httpStatus(), response.error(), response.latencyMs());
    Outcome outcome;
    if (response.delivered()) {
      outcome = new Outcome(Status.DELIVERED, now);
    } else if (Duration.between(d.windowStart(), now).compareTo(settings.retryFor()) >= 0) {
      outcome = new Outcome(Status.FAILED, now);
    } else {
      outcome = new Outcome(Status.PENDING, now.plus(backoff(d.attempts())));
    }
    try {
      if (!repository.settle(d.id(), d.attempts(), attempt, outcome)) {
        return;
      }
    } catch (RuntimeException e) {
      log.warn(
          "webhooks: could not record delivery {} attempt {} ({}); it is retried after its lease",
          d.id(),
          d.attempts(),
          e.toString());
      return;
    }
    switch (outcome.status()) {
      case DELIVERED -> delivered.incrementAndGet();
      case FAILED -> {
        givenUp.incrementAndGet();
        failedAttempts.incrementAndGet();
        log.warn(
            "webhooks: delivery {} of event {} to subscription {} gave up after {} attempts; subscription marked"
                + " failing",
            d.id(),
            d.eventId(),
            d.subscriptionId(),
            d.attempts());
      }
      case PENDING -> {
        failedAttempts.incrementAndGet();
        log.debug(
            "webhooks: delivery {} attempt {} failed (status={} error={}); next at {}",
            d.id(),
            d.attempts(),
            response.httpStatus(),
            response.error(),
            outcome.nextAttemptAt());
      }
    }
  }

  /** The wait after the {@code attempts}-th failed attempt: exponential, capped, with jitter. */
  Duration backoff(int attempts) {
    long initial = settings.initialBackoff().toMillis();
    long cap = settings.maxBackoff().toMillis();
    int shift = Math.min(Math.max(attempts - 1, 0), 30);
    long base = Math.min(cap, initial << shift);
    if (base <= 0) {
      base = cap;
    }
    double factor = 0.5 + ThreadLocalRandom.current().nextDouble() * 0.5;
    return Duration.ofMillis(Math.max(1, (long) (base * factor)));
  }
}
