package com.mallquest.mall.adapter.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: many requests' units of work share one database transaction and one commit (ADR
 * 0023).
 *
 * <p>A fixed set of writer threads, each with its own queue. A unit of work goes to the writer its
 * partition key hashes to (the shopper's id): the units of one shopper are always run by one
 * writer, one after another, so two writers never wait for each other's row locks and cannot
 * deadlock. A writer takes what is queued (up to {@code maxBatch}) without waiting for more: under
 * light load a batch is one unit and costs what a transaction of its own costs; under load the
 * batches grow by themselves while the previous one commits.
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
 * committed) and of every committed unit's wait (its caller's time from queueing to the answer):
 * the meters operators read (ADR 0023).
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
  }

  /** A queued unit of work. */
  static final class Unit {
    final Supplier<? extends Optional<?>> alone;
    final Supplier<?> work;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    Object value;
    List<Runnable> actions;
    // The unit came to an empty queue while its writer ran no batch (ADR 0033); set before
    // queueing.
    boolean foundWriterIdle;

    /**
     * @param alone tried first, outside a transaction, when the unit is alone in its batch; or null
     */
    Unit(Supplier<? extends Optional<?>> alone, Supplier<?> work) {
      this.alone = alone;
      this.work = work;
    }
  }

  private final List<BlockingQueue<Unit>> queues;
  // Per writer: whether it is running a batch (its units not yet answered).
  private final List<AtomicBoolean> busy;
  private final List<Thread> writers;
  private final int maxBatch;
  private final Consumer<List<Unit>> runBatch;
  private final Observer observer;
  private volatile boolean closed;

  /**
   * Starts the writers.
   *
   * @param writerCount writer threads (and partitions)
   * @param maxBatch the most units in one transaction
   * @param runBatch runs a batch in one transaction: sets each unit's value and actions, or throws
   * @param observer hears of each batch and each committed unit's wait
   */
  GroupCommit(int writerCount, int maxBatch, Consumer<List<Unit>> runBatch, Observer observer) {
    if (writerCount < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "group commit needs at least one writer and a batch of one");
    }
    this.maxBatch = maxBatch;
    this.runBatch = Objects.requireNonNull(runBatch, "runBatch");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.queues = new ArrayList<>(writerCount);
    this.busy = new ArrayList<>(writerCount);
    this.writers = new ArrayList<>(writerCount);
    for (int i = 0; i < writerCount; i++) {
      BlockingQueue<Unit> queue = new ArrayBlockingQueue<>(maxBatch * 64);
      AtomicBoolean running = new AtomicBoolean();
      queues.add(queue);
      busy.add(running);
      Thread writer = new Thread(() -> loop(queue, running), "group-commit-" + i);
      writer.setDaemon(true);
      writers.add(writer);
      writer.start();
    }
  }

  /**
   * Queues the work on its partition's writer and waits for its batch to commit.
   *
   * @return the outcome; {@link Outcome#runAlone} if the batch failed, the queue is full or the
   *     writers are stopping
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
    if (closed) {
      return Outcome.RUN_ALONE;
    }
    Unit unit = new Unit(alone, work);
    int writer = Math.floorMod(partition.hashCode(), queues.size());
    BlockingQueue<Unit> queue = queues.get(writer);
    unit.foundWriterIdle = !busy.get(writer).get() && queue.isEmpty();
    long queued = System.nanoTime();
    if (!queue.offer(unit)) {
      return Outcome.RUN_ALONE;
    }
    try {
      Outcome outcome = unit.outcome.get();
      if (!outcome.runAlone()) {
        observer.unitWaited(System.nanoTime() - queued);
      }
      return outcome;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // The unit may still commit with its batch: the caller must not run it again.
      throw new IllegalStateException("interrupted while waiting for a group commit", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("group commit writer failed", e.getCause());
    }
  }

  private void loop(BlockingQueue<Unit> queue, AtomicBoolean writerBusy) {
    List<Unit> batch = new ArrayList<>(maxBatch);
    while (!closed || !queue.isEmpty()) {
      try {
        Unit first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        writerBusy.set(true);
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        run(batch, writerBusy);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        // run() completes every unit; this is a bug in it: hand the units back rather than hang
        // them.
        log.error("group commit writer failed: {}", e.toString());
        writerBusy.set(false);
        batch.forEach(u -> u.outcome.complete(Outcome.RUN_ALONE));
      } finally {
        batch.clear();
      }
    }
    // Stopping: whatever is left runs on its callers' threads.
    for (Unit u; (u = queue.poll()) != null; ) {
      u.outcome.complete(Outcome.RUN_ALONE);
    }
  }

  /** Runs the batch; {@code writerBusy} is cleared before its units are answered. */
  private void run(List<Unit> batch, AtomicBoolean writerBusy) {
    long start = System.nanoTime();
    try {
      runBatch.accept(batch);
    } catch (RuntimeException e) {
      // Rolled back: each unit runs again alone, where its own failure is its own request's answer.
      writerBusy.set(false);
      observer.batch(batch.size(), System.nanoTime() - start, false);
      log.debug("group commit of {} rolled back, units run alone: {}", batch.size(), e.toString());
      batch.forEach(u -> u.outcome.complete(Outcome.RUN_ALONE));
      return;
    }
    writerBusy.set(false);
    observer.batch(batch.size(), System.nanoTime() - start, true);
    for (Unit u : batch) {
      u.outcome.complete(new Outcome(u.value, u.actions == null ? List.of() : u.actions, false));
    }
  }

  /** Units waiting for a writer, over all partitions. */
  int queued() {
    return queues.stream().mapToInt(BlockingQueue::size).sum();
  }

  @Override
  public void close() {
    // Not interrupted: a writer in the middle of a batch finishes it (its callers are waiting).
    closed = true;
    for (Thread writer : writers) {
      try {
        writer.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
