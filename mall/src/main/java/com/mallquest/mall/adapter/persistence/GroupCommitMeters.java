package com.mallquest.mall.adapter.persistence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The group commit's meters (ADR 0023), for operators who want to know where a write's time goes:
 *
 * <ul>
 *   <li>{@code mallquest.group.commit.batch} (timer, tag {@code outcome}: {@code committed} or
 *       {@code rolled_back}): each batch's transaction, from its start to its commit: the
 *       database's part of a purchase;
 *   <li>{@code mallquest.group.commit.batch.units} (summary): units per committed batch;
 *   <li>{@code mallquest.group.commit.wait} (timer): a committed purchase's wait for its writer,
 *       from queueing to the answer (the batch it joined plus the queue before it);
 *   <li>{@code mallquest.group.commit.queued} (gauge): units waiting for a writer;
 *   <li>{@code mallquest.group.commit.alone} (counter, tag {@code outcome}: {@code committed} or
 *       {@code declined}): purchases alone in their batch that tried one statement committing by
 *       itself (ADR 0033), and whether it answered them or their transaction ran;
 *   <li>{@code mallquest.group.commit.stall.passed} (counter): purchases that left a stalled
 *       writer's queue, or did not join it, and ran in a transaction of their own (ADR 0034): a
 *       writer's batch had run longer than {@code mallquest.group-commit.stall-after}.
 * </ul>
 *
 * The timers publish their median and 99th percentile (two significant digits, over Micrometer's
 * sliding window, {@code management.metrics.distribution.expiry}), so a scrape says whether the
 * database or the rest of the request (HTTP, JSON, security: {@code http.server.requests} minus the
 * wait) is the slow part.
 */
final class GroupCommitMeters implements GroupCommit.Observer {

  private final Timer committed;
  private final Timer rolledBack;
  private final DistributionSummary units;
  private final Timer waited;
  private final Counter aloneCommitted;
  private final Counter aloneDeclined;
  private final Counter passedStalled;

  GroupCommitMeters(MeterRegistry registry) {
    this.committed = batchTimer("committed").register(registry);
    this.rolledBack = batchTimer("rolled_back").register(registry);
    this.units =
        DistributionSummary.builder("mallquest.group.commit.batch.units")
            .description("purchases in each committed group-commit transaction")
            .register(registry);
    this.waited =
        Timer.builder("mallquest.group.commit.wait")
            .description("a committed purchase's wait for its group-commit writer, queue included")
            .publishPercentiles(0.5, 0.99)
            .percentilePrecision(2)
            .register(registry);
    this.aloneCommitted = aloneCounter("committed").register(registry);
    this.aloneDeclined = aloneCounter("declined").register(registry);
    this.passedStalled =
        Counter.builder("mallquest.group.commit.stall.passed")
            .description(
                "purchases that passed a stalled group-commit writer by, in a transaction of their"
                    + " own")
            .register(registry);
  }

  private static Counter.Builder aloneCounter(String outcome) {
    return Counter.builder("mallquest.group.commit.alone")
        .description("lone purchases that tried one statement committing by itself")
        .tag("outcome", outcome);
  }

  private static Timer.Builder batchTimer(String outcome) {
    return Timer.builder("mallquest.group.commit.batch")
        .description("group-commit transactions, from their start to their commit or rollback")
        .tag("outcome", outcome)
        .publishPercentiles(0.5, 0.99)
        .percentilePrecision(2);
  }

  /** Adds the gauge of units waiting for a writer, read from {@code source}. */
  static <T> void registerQueued(MeterRegistry registry, T source, ToDoubleFunction<T> queued) {
    Gauge.builder("mallquest.group.commit.queued", source, queued)
        .description("purchases waiting for a group-commit writer")
        .register(registry);
  }

  @Override
  public void batch(int count, long nanos, boolean wasCommitted) {
    if (wasCommitted) {
      committed.record(nanos, TimeUnit.NANOSECONDS);
      units.record(count);
    } else {
      rolledBack.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void unitWaited(long nanos) {
    waited.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void aloneTried(boolean committed) {
    (committed ? aloneCommitted : aloneDeclined).increment();
  }

  @Override
  public void passedStalledWriter() {
    passedStalled.increment();
  }
}
