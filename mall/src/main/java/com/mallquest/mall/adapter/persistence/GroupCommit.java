package com.mallquest.mall.adapter.persistence;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: many requests' units of work share one database transaction and one commit (ADR
 * 0023).
 *
 * <p>A fixed set of writer threads, each with its own queue. A unit of work goes to the writer its
 * partition key hashes to (the shopper's id): the units of one shopper are run by one writer, one
 * after another, so two writers never wait for each other's row locks and cannot deadlock. A writer
 * takes what is queued (up to {@code maxBatch}) without waiting for more: under light load a batch
 * is one unit and costs what a transaction of its own costs; under load the batches grow by
 * themselves while the previous one commits.
 *
 * <p>A writer whose batch has run longer than {@code stallAfter} is stalled, most likely behind a
 * row lock held elsewhere (ADR 0034): the units queued behind it leave the queue, and units that
 * come while it lasts do not join it; each runs in a transaction of its own on its caller's thread,
 * so one locked row holds up only the purchases in its own batch. A unit whose partition has a unit
 * in the stalled batch stays queued: it would most likely wait for the same lock, holding a
 * connection of the pool while it waits.
 *
 * <p>If any unit of a batch throws, the whole batch rolls back and every unit is handed back to its
 * caller to run again alone ({@link Outcome#runAlone}): the caller's own transaction then decides,
 * and a failing unit fails only its own request. Units must therefore be safe to run twice, which a
 * unit of work inside a rolled-back transaction is.
 *
 * <p>A unit may carry a second form, tried first when it is alone in its batch and came to its
 * writer with nothing queued and no batch running: the batch runner runs it outside a transaction
 * (ADR 0033) and the unit's work only if it answers nothing. A unit that was queued while a batch
 * ran is not tried so: under load the batches must keep growing, and a writer that turned faster
 * per lone unit would take smaller batches, each with a commit of its own.
 *
 * <p>An {@link Observer} hears of every batch (its units, its time in the database, whether it
 * committed), of every committed unit's wait (its caller's time from queueing to the answer) and of
 * every unit that passed a stalled writer by: the meters operators read (ADR 0023).
 */
final class GroupCommit implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /**
   * What became of a unit: its value and its after-commit actions once its batch committed, or
   * {@code runAlone} when it must run again in a transaction of its own.
   */
  record Outcome(Object value, List<Runnable> afterCommit, boolean runAlone) {
    static final Outcome RUN_ALONE = new Outcome(null, List.of(), true);
  }

  /** What the writers report, for meters; called on the writer's and the caller's threads. */
  interface Observer {

    /**
     * A batch ran: {@code units} in one transaction, {@code nanos} from its start to its commit or
     * rollback.
     */
    void batch(int units, long nanos, boolean committed);

    /** A committed unit's caller waited {@code nanos} from queueing it to its batch's answer. */
    void unitWaited(long nanos);

    /**
     * A unit alone in its batch tried its one statement outside a transaction (ADR 0033): {@code
     * committed} if that answered it, else its work ran in a transaction.
     */
    default void aloneTried(boolean committed) {}

    /**
     * A unit left a stalled writer's queue, or did not join it, and runs in a transaction of its
     * own (ADR 0034).
     */
    default void passedStalledWriter() {}
  }

  /** A queued unit of work. */
  static final class Unit {
    final String partition;
    final Supplier<? extends Optional<?>> alone;
    final Supplier<?> work;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    Object value;
    List<Runnable> actions;
    // The unit came to an empty queue while its writer ran no batch (ADR 0033); set before
    // queueing.
    boolean foundWriterIdle;

    /**
     * @param partition the key that chose its writer (the shopper's id)
     * @param alone tried first, outside a transaction, when the unit is alone in its batch; or null
     */
    Unit(String partition, Supplier<? extends Optional<?>> alone, Supplier<?> work) {
      this.partition = partition;
      this.alone = alone;
      this.work = work;
    }
  }

  /** One partition's writer: its queue and its batch; all fields guarded by {@code lock}. */
  private static final class Writer {
    final int index;
    final ReentrantLock lock = new ReentrantLock();
    // Signalled when a unit is queued; the writer's thread is the only one waiting.
    final Condition ready = lock.newCondition();
    final ArrayDeque<Unit> queue = new ArrayDeque<>();
    boolean busy;
    // The batch running while busy (the writer's thread clears it only once busy is false).
    List<Unit> running = List.of();
    long batchStarted;
    boolean stallReported;

    Writer(int index) {
      this.index = index;
    }

    /** Whether the batch running now has run longer than {@code stallNanos} (hold the lock). */
    boolean stalled(long now, long stallNanos) {
      return busy && now - batchStarted > stallNanos;
    }

    /** Whether {@code unit} may pass this stalled writer by: no unit of its partition is stuck. */
    boolean passable(Unit unit) {
      for (Unit stuck : running) {
        if (stuck.partition.equals(unit.partition)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Writer> writers;
  private final List<Thread> threads;
  private final int maxBatch;
  private final int capacity;
  private final long stallNanos;
  private final Consumer<List<Unit>> runBatch;
  private final Observer observer;
  private volatile boolean closed;

  /**
   * Starts the writers.
   *
   * @param writerCount writer threads (and partitions)
   * @param maxBatch the most units in one transaction
   * @param stallAfter how long a batch may run before its writer counts as stalled: the units
   *     queued behind it and those that come meanwhile then run in transactions of their own
   * @param runBatch runs a batch in one transaction: sets each unit's value and actions, or throws
   * @param observer hears of each batch and each committed unit's wait
   */
  GroupCommit(
      int writerCount,
      int maxBatch,
      Duration stallAfter,
      Consumer<List<Unit>> runBatch,
      Observer observer) {
    if (writerCount < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "group commit needs at least one writer and a batch of one");
    }
    if (stallAfter.isNegative() || stallAfter.isZero()) {
      throw new IllegalArgumentException("stallAfter must be positive, was " + stallAfter);
    }
    this.maxBatch = maxBatch;
    this.capacity = maxBatch * 64;
    this.stallNanos = stallAfter.toNanos();
    this.runBatch = Objects.requireNonNull(runBatch, "runBatch");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.writers = new ArrayList<>(writerCount);
    this.threads = new ArrayList<>(writerCount);
    for (int i = 0; i < writerCount; i++) {
      Writer writer = new Writer(i);
      writers.add(writer);
      Thread thread = new Thread(() -> loop(writer), "group-commit-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /**
   * Queues the work on its partition's writer and waits for its batch to commit.
   *
   * @return the outcome; {@link Outcome#runAlone} if the batch failed, the queue is full, the
   *     writer is stalled or the writers are stopping
   */
  Outcome submit(String partition, Supplier<?> work) {
    return submit(partition, null, work);
  }

  /**
   * {@link #submit(String, Supplier)} with a first try for when the unit is alone in its batch (ADR
   * 0033): the batch runner runs {@code alone} outside a transaction and {@code work} only if it
   * answers empty.
   */
  Outcome submit(String partition, Supplier<? extends Optional<?>> alone, Supplier<?> work) {
    Unit unit = new Unit(partition, alone, work);
    Writer writer = writers.get(Math.floorMod(partition.hashCode(), writers.size()));
    long queued = System.nanoTime();
    writer.lock.lock();
    try {
      if (closed || writer.queue.size() >= capacity) {
        return Outcome.RUN_ALONE;
      }
      if (writer.stalled(queued, stallNanos) && writer.passable(unit)) {
        reportStall(writer, queued);
        observer.passedStalledWriter();
        return Outcome.RUN_ALONE;
      }
      unit.foundWriterIdle = !writer.busy && writer.queue.isEmpty();
      writer.queue.add(unit);
      writer.ready.signal();
    } finally {
      writer.lock.unlock();
    }
    return await(unit, writer, queued);
  }

  /**
   * Waits for the unit's batch; leaves the queue instead if the unit is still queued when the
   * writer's batch has run longer than {@code stallAfter} and holds no unit of its partition.
   */
  private Outcome await(Unit unit, Writer writer, long queued) {
    while (true) {
      try {
        Outcome outcome = unit.outcome.get(stallNanos, TimeUnit.NANOSECONDS);
        if (!outcome.runAlone()) {
          observer.unitWaited(System.nanoTime() - queued);
        }
        return outcome;
      } catch (TimeoutException e) {
        if (leftStalledWriter(unit, writer)) {
          observer.passedStalledWriter();
          return Outcome.RUN_ALONE;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        // The unit may still commit with its batch: the caller must not run it again.
        throw new IllegalStateException("interrupted while waiting for a group commit", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("group commit writer failed", e.getCause());
      }
    }
  }

  /**
   * Takes the unit out of its writer's queue if the writer is stalled, may be passed by the unit
   * and has not taken it yet.
   */
  private boolean leftStalledWriter(Unit unit, Writer writer) {
    writer.lock.lock();
    try {
      long now = System.nanoTime();
      if (writer.stalled(now, stallNanos) && writer.passable(unit) && writer.queue.remove(unit)) {
        reportStall(writer, now);
        return true;
      }
      return false;
    } finally {
      writer.lock.unlock();
    }
  }

  /** One line per stalled batch (hold the writer's lock). */
  private void reportStall(Writer writer, long now) {
    if (!writer.stallReported) {
      writer.stallReported = true;
      log.warn(
          "group-commit writer {} stalled: its batch of {} has run {} ms (stall-after {} ms), most"
              + " likely waiting for a row lock; purchases on this writer run in transactions of"
              + " their own until it ends",
          writer.index,
          writer.running.size(),
          TimeUnit.NANOSECONDS.toMillis(now - writer.batchStarted),
          TimeUnit.NANOSECONDS.toMillis(stallNanos));
    }
  }

  private void loop(Writer writer) {
    List<Unit> batch = new ArrayList<>(maxBatch);
    while (true) {
      writer.lock.lock();
      try {
        while (!closed && writer.queue.isEmpty()) {
          writer.ready.await(100, TimeUnit.MILLISECONDS);
        }
        if (closed) {
          // Stopping: whatever is left runs on its callers' threads.
          for (Unit u; (u = writer.queue.poll()) != null; ) {
            u.outcome.complete(Outcome.RUN_ALONE);
          }
          return;
        }
        for (int i = 0; i < maxBatch && !writer.queue.isEmpty(); i++) {
          batch.add(writer.queue.poll());
        }
        writer.busy = true;
        writer.running = batch;
        writer.batchStarted = System.nanoTime();
        writer.stallReported = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        writer.lock.unlock();
      }
      try {
        run(batch, writer);
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Runs the batch and answers every unit, whatever happens; the writer counts as idle again before
   * its units are answered (so that an answered caller finds it so).
   */
  private void run(List<Unit> batch, Writer writer) {
    long start = System.nanoTime();
    boolean committed = false;
    try {
      runBatch.accept(batch);
      committed = true;
    } catch (RuntimeException e) {
      // Rolled back: each unit runs again alone, where its own failure is its own request's answer.
      log.debug("group commit of {} rolled back, units run alone: {}", batch.size(), e.toString());
    } catch (Error e) {
      log.error("group commit of {} failed, units run alone: {}", batch.size(), e.toString());
    } finally {
      long nanos = System.nanoTime() - start;
      writer.lock.lock();
      try {
        writer.busy = false;
        if (writer.stallReported) {
          log.info(
              "group-commit writer {} resumed: its stalled batch of {} ended after {} ms",
              writer.index,
              batch.size(),
              TimeUnit.NANOSECONDS.toMillis(nanos));
        }
      } finally {
        writer.lock.unlock();
      }
      observer.batch(batch.size(), nanos, committed);
      for (Unit u : batch) {
        u.outcome.complete(
            committed
                ? new Outcome(u.value, u.actions == null ? List.of() : u.actions, false)
                : Outcome.RUN_ALONE);
      }
    }
  }

  /** Units waiting for a writer, over all partitions. */
  int queued() {
    int queued = 0;
    for (Writer writer : writers) {
      writer.lock.lock();
      try {
        queued += writer.queue.size();
      } finally {
        writer.lock.unlock();
      }
    }
    return queued;
  }

  @Override
  public void close() {
    // Not interrupted: a writer in the middle of a batch finishes it (its callers are waiting).
    closed = true;
    for (Writer writer : writers) {
      writer.lock.lock();
      try {
        writer.ready.signal();
      } finally {
        writer.lock.unlock();
      }
    }
    for (Thread writer : threads) {
      try {
        writer.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
