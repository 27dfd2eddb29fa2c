package com.mallquest.mall.support;

import com.mallquest.mall.application.port.ChangeOutbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An outbox in a list, for tests of the relay and of use cases without a database: a drain takes
 * the oldest {@code limit} changes and removes them only if the publisher says so, as the JDBC one
 * does. Not transactional: appended changes are pending at once. It has no subscriptions: every
 * event is recorded, as if a subscription listed each topic (the JDBC one decides by them, ADR
 * 0029); an event's payload here is its type.
 */
public final class InMemoryOutbox implements ChangeOutbox {

  private final List<Pending> pending = new ArrayList<>();
  private final List<List<Pending>> offered = new ArrayList<>();
  private long nextId = 1;

  @Override
  public synchronized void append(List<Change> changes) {
    for (Change c : changes) {
      pending.add(
          new Pending(
              nextId++,
              c.kind(),
              c.key(),
              c.version(),
              c.event() == null ? null : c.event().type(),
              Instant.EPOCH));
    }
  }

  @Override
  public synchronized Drained drain(int limit, Predicate<List<Pending>> publish) {
    List<Pending> batch = List.copyOf(pending.subList(0, Math.min(limit, pending.size())));
    if (batch.isEmpty()) {
      return new Drained(0, true);
    }
    offered.add(batch);
    if (!publish.test(batch)) {
      return new Drained(batch.size(), false);
    }
    pending.removeAll(batch);
    return new Drained(batch.size(), true);
  }

  @Override
  public synchronized Backlog backlog() {
    return new Backlog(pending.size(), pending.stream().map(Pending::createdAt).findFirst());
  }

  /** What is pending now, oldest first. */
  public synchronized List<Pending> pending() {
    return List.copyOf(pending);
  }

  /** Every batch handed to a publisher, in order. */
  public synchronized List<List<Pending>> offered() {
    return List.copyOf(offered);
  }

  /** The changes pending of a kind. */
  public synchronized List<Pending> pending(Kind kind) {
    return pending.stream().filter(p -> p.kind() == kind).toList();
  }
}
