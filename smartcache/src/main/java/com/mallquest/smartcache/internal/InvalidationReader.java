package com.mallquest.smartcache.internal;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a manager: it owns the Redis connections' lifecycle and reads every cache's
 * invalidation stream.
 *
 * <p><b>Loop.</b> Connect if needed (backoff doubling up to the configured maximum); after each
 * (re)connect, resynchronise: read {@code run_id} from {@code INFO server}, and if Redis restarted
 * (a new {@code run_id}: the streams it knew are gone) clear every memory tier and read the new
 * streams from the start; then replay the changes that could not reach Redis (the outboxes); then
 * catch up on the streams without blocking, and only when caught up mark Redis as trusted. The
 * breaker is closed as soon as the resynchronisation succeeded, so that the replay can run. Then
 * block in {@code XREAD} on all streams from their last ids, apply what arrives, and repeat.
 *
 * <p><b>Gaps.</b> Every message carries its stream's counter {@code n}. A message whose {@code n}
 * is not the last one plus one means messages were trimmed away unread (the reader was cut off
 * longer than the stream's length): that cache's memory tier is cleared. This is exact, unlike
 * comparing ids, and needs no extra command.
 *
 * <p><b>Redis Cluster</b> (ADR 0021). Each cache has one stream per stream group ({@link
 * KeyLayout}); the reader reads them with one non-blocking {@code XREAD} per group, every {@link
 * #CLUSTER_POLL} when idle, instead of one blocking read. The resynchronisation compares, per
 * group, the master that holds it ({@code node id/run_id}): a group whose master changed (a
 * failover: the promoted replica may lack the last acknowledged writes) has its value keys deleted
 * from Redis ({@link RedisLink#flushSlot}), every memory tier is cleared and that group's streams
 * are read from the start, before the breaker closes again.
 *
 * <p><b>Failure.</b> Any Redis error: mark Redis untrusted and open the breaker at once (so the
 * request path stops calling it and memory entries fall under the degraded TTL), close the
 * connections, back off, reconnect.
 */
public final class InvalidationReader implements Runnable {

  /** How long one XREAD blocks; also the longest a new cache waits to be watched. */
  public static final Duration BLOCK = Duration.ofMillis(250);

  /** How long the reader waits between two reads on a cluster, when idle. */
  public static final Duration CLUSTER_POLL = Duration.ofMillis(50);

  /** Messages per stream per read. */
  static final int COUNT = 1000;

  private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private static final Logger log = LoggerFactory.getLogger(InvalidationReader.class);

  private final RedisLink link;
  private final String instanceId;
  private final Supplier<Collection<TieredCache<?, ?>>> caches;
  private final long maxBackoffNanos;
  private final Thread thread;
  private final CountDownLatch firstAttempt = new CountDownLatch(1);
  private final Object watchMonitor = new Object();
  private volatile boolean running = true;
  private volatile long generation;
  private volatile long watchedGeneration = -1;

  /**
   * The server (run_id; on a cluster, master node id/run_id) that held each slot when last seen.
   */
  private final Map<Integer, String> knownServers = new HashMap<>();

  private boolean outage;

  /**
   * A reader, not started.
   *
   * @param link the manager's Redis link
   * @param instanceId messages of this origin are this instance's own, and skipped
   * @param caches the manager's caches, read at every turn of the loop
   * @param maxReconnectDelay the longest wait between two connection attempts
   */
  public InvalidationReader(
      RedisLink link,
      String instanceId,
      Supplier<Collection<TieredCache<?, ?>>> caches,
      Duration maxReconnectDelay) {
    this.link = link;
    this.instanceId = instanceId;
    this.caches = caches;
    this.maxBackoffNanos = Math.max(MIN_BACKOFF_NANOS, maxReconnectDelay.toNanos());
    this.thread = new Thread(this, "smartcache-stream-" + instanceId);
    this.thread.setDaemon(true);
  }

  /** Starts the thread and waits, at most {@code timeout}, for its first connection attempt. */
  public void start(Duration timeout) {
    thread.start();
    try {
      if (!firstAttempt.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        log.debug("first Redis connection attempt still running after {}", timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Makes the reader watch a cache just added, and waits (at most {@code timeout}, and only while
   * Redis is connected) until it does, so that the new cache is coherent from its first read.
   */
  public void watch(Duration timeout) {
    long mine;
    synchronized (watchMonitor) {
      mine = ++generation;
    }
    LockSupport.unpark(thread);
    if (!link.connected()) {
      return;
    }
    link.wakeStreamReader();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (watchMonitor) {
      long left;
      while (watchedGeneration < mine
          && link.connected()
          && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(watchMonitor, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Stops the thread (the link is closed by the caller afterwards). */
  public void stop() {
    running = false;
    LockSupport.unpark(thread);
    link.wakeStreamReader();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    long backoff = MIN_BACKOFF_NANOS;
    boolean resync = true;
    boolean catchingUp = true;
    while (running) {
      try {
        if (!link.connected()) {
          link.streamHealthy(false);
          if (!link.connect()) {
            lost(null);
            backoff = pause(backoff);
            continue;
          }
          resync = true;
        }
        RedisClusterCommands<String, String> redis =
            link.streamCommands().orElseThrow(() -> new RedisException("stream connection closed"));
        if (resync) {
          resynchronise();
          resync = false;
          catchingUp = true;
        }
        long gen = generation;
        List<TieredCache<?, ?>> watched = watchable(redis);
        flushOutboxes(watched);
        if (watched.isEmpty()) {
          trusted();
          markWatched(gen);
          LockSupport.parkNanos(this, BLOCK.toNanos());
          continue;
        }
        markWatched(gen);
        List<StreamMessage<String, String>> batch =
            link.readStreams(catchingUp ? null : BLOCK, COUNT, offsets(watched));
        boolean full = apply(batch, watched);
        if (catchingUp && !full) {
          catchingUp = false;
          trusted();
        }
        if (!link.breaker().isClosed()) {
          // Request-path timeouts opened it while the stream works: probe (when due) without
          // waiting for traffic.
          link.call(c -> c.ping());
        }
        backoff = MIN_BACKOFF_NANOS;
        if (link.cluster() && !full && !catchingUp) {
          LockSupport.parkNanos(this, CLUSTER_POLL.toNanos());
        }
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        lost(e);
        link.disconnect();
        resync = true;
        backoff = pause(backoff);
      }
    }
    firstAttempt.countDown();
  }

  private void trusted() {
    link.streamHealthy(true);
    if (outage) {
      log.info(
          "Redis {} is back: the Redis tier and the invalidation streams resume", link.address());
      outage = false;
    }
    firstAttempt.countDown();
  }

  private void lost(RuntimeException cause) {
    link.streamHealthy(false);
    link.breaker().forceOpen();
    if (!outage) {
      outage = true;
      log.warn(
          "Redis {} unavailable{}: serving from memory (degraded TTL) and the source; reconnecting",
          link.address(),
          cause == null ? "" : " (" + cause + ")");
    }
    firstAttempt.countDown();
  }

  private long pause(long backoff) {
    LockSupport.parkNanos(this, backoff);
    return Math.min(backoff * 2, maxBackoffNanos);
  }

  private void markWatched(long gen) {
    if (watchedGeneration != gen) {
      synchronized (watchMonitor) {
        watchedGeneration = gen;
        watchMonitor.notifyAll();
      }
    }
  }

  /**
   * After a (re)connection: finds which server holds each slot the streams live in; where it is not
   * the one seen before, Redis lost data there, so the memory tiers are cleared and the streams of
   * those slots are read from the start (on a cluster, the slot's value keys are deleted first: the
   * promoted replica may hold older values than the ones last written).
   */
  private void resynchronise() {
    Map<Integer, String> servers = new HashMap<>();
    Map<Integer, String> keyOfSlot = new HashMap<>();
    Map<Integer, List<String>> generationsOfSlot = new HashMap<>();
    for (TieredCache<?, ?> cache : caches.get()) {
      for (CacheStream stream : cache.streams()) {
        int slot = link.slotOf(stream.key());
        if (!servers.containsKey(slot)) {
          servers.put(slot, link.serverOf(stream.key()));
          keyOfSlot.put(slot, stream.key());
        }
        generationsOfSlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(stream.generationKey());
      }
    }
    if (!link.cluster() && servers.isEmpty()) {
      servers.put(0, link.serverOf(""));
    }
    Set<Integer> changed = new HashSet<>();
    servers.forEach(
        (slot, server) -> {
          String before = knownServers.get(slot);
          if (before != null && !before.equals(server)) {
            changed.add(slot);
          }
        });
    if (!changed.isEmpty()) {
      if (link.cluster()) {
        long deleted = 0;
        for (int slot : changed) {
          String streamKey = keyOfSlot.get(slot);
          // This namespace's values of the group: '<ns>:<cache>:{<ns>#<g>}<key>'; streams, counters
          // and
          // keys of others that hash to the same slot stay.
          String tag = streamKey.substring(streamKey.indexOf('{'), streamKey.indexOf('}') + 1);
          String namespace = tag.substring(1, tag.lastIndexOf('#')) + ":";
          // The group's clear generations are raised first (ADR 0032): a fill in flight across the
          // failover does not land after the flush.
          deleted +=
              link.flushSlot(
                  streamKey,
                  generationsOfSlot.get(slot),
                  key -> !(key.startsWith(namespace) && key.contains(":" + tag)));
        }
        log.warn(
            "Redis Cluster: {} stream group(s) moved to another master (failover or restart; {} -> {}):"
                + " raised their clear generations, deleted their {} value keys, clearing every"
                + " memory tier",
            changed.size(),
            changedServers(knownServers, changed),
            changedServers(servers, changed),
            deleted);
      } else {
        // It restarted empty: the clear generations are raised again (ADR 0032), so a load that
        // began before the restart, and saw none, fills nothing after it.
        link.raiseGenerations(generationsOfSlot.getOrDefault(0, List.of()));
        log.warn(
            "Redis restarted (run_id {} -> {}): raised the clear generations, clearing every memory"
                + " tier",
            knownServers.get(0),
            servers.get(0));
      }
      for (TieredCache<?, ?> cache : caches.get()) {
        cache.memoryLost();
        for (CacheStream stream : cache.streams()) {
          if (changed.contains(link.slotOf(stream.key()))) {
            stream.cursor().advance("0-0", -1);
          }
        }
      }
    }
    knownServers.putAll(servers);
    // Commands work again; the memory tiers stay under the degraded TTL until the streams are
    // caught up.
    link.breaker().onSuccess();
  }

  private static List<String> changedServers(Map<Integer, String> servers, Set<Integer> slots) {
    return slots.stream().map(servers::get).distinct().toList();
  }

  /**
   * The caches to read; a stream whose position is unknown gets it now, and its cache loses its
   * memory.
   */
  private List<TieredCache<?, ?>> watchable(RedisClusterCommands<String, String> redis) {
    List<TieredCache<?, ?>> watched = new ArrayList<>();
    for (TieredCache<?, ?> cache : caches.get()) {
      boolean positioned = false;
      for (CacheStream stream : cache.streams()) {
        StreamCursor cursor = stream.cursor();
        if (cursor.known()) {
          continue;
        }
        int slot = link.slotOf(stream.key());
        if (!knownServers.containsKey(slot)) {
          knownServers.put(slot, link.serverOf(stream.key()));
        }
        // The counter first: a message appended in between then has the next number, not a gap.
        long count = parseLong(redis.get(stream.counterKey()));
        List<StreamMessage<String, String>> last =
            redis.xrevrange(stream.key(), Range.create("-", "+"), Limit.from(1));
        if (last.isEmpty()) {
          cursor.advance("0-0", Math.max(0, count));
        } else {
          cursor.advance(last.get(0).getId(), counter(last.get(0).getBody()));
        }
        positioned = true;
      }
      if (positioned) {
        cache.clearMemory();
      }
      watched.add(cache);
    }
    return watched;
  }

  private void flushOutboxes(List<TieredCache<?, ?>> watched) {
    for (TieredCache<?, ?> cache : watched) {
      if (!cache.flushOutbox()) {
        return;
      }
    }
  }

  private static List<XReadArgs.StreamOffset<String>> offsets(List<TieredCache<?, ?>> watched) {
    List<XReadArgs.StreamOffset<String>> offsets = new ArrayList<>();
    for (TieredCache<?, ?> cache : watched) {
      for (CacheStream stream : cache.streams()) {
        offsets.add(XReadArgs.StreamOffset.from(stream.key(), stream.cursor().lastId()));
      }
    }
    return offsets;
  }

  /**
   * Applies a batch.
   *
   * @return whether some stream returned a full batch (more may be waiting)
   */
  private boolean apply(
      List<StreamMessage<String, String>> batch, List<TieredCache<?, ?>> watched) {
    if (batch == null || batch.isEmpty()) {
      return false;
    }
    Map<String, TieredCache<?, ?>> byStream = new HashMap<>();
    Map<String, StreamCursor> cursors = new HashMap<>();
    for (TieredCache<?, ?> c : watched) {
      for (CacheStream stream : c.streams()) {
        byStream.put(stream.key(), c);
        cursors.put(stream.key(), stream.cursor());
      }
    }
    Map<String, Integer> perStream = new HashMap<>();
    long now = System.currentTimeMillis();
    for (StreamMessage<String, String> message : batch) {
      TieredCache<?, ?> cache = byStream.get(message.getStream());
      if (cache == null) {
        continue;
      }
      perStream.merge(message.getStream(), 1, Integer::sum);
      Map<String, String> body = message.getBody();
      long n = counter(body);
      StreamCursor cursor = cursors.get(message.getStream());
      if (cursor.lastCount() >= 0 && n >= 0 && n != cursor.lastCount() + 1) {
        log.warn(
            "cache {}: invalidation stream jumped from message {} to {} (trimmed while this instance"
                + " was behind): clearing its memory tier",
            cache.name(),
            cursor.lastCount(),
            n);
        cache.memoryLost();
      }
      cursor.advance(message.getId(), n);
      if (instanceId.equals(body.get("o"))) {
        continue;
      }
      long lag = Math.max(0, now - StreamId.parse(message.getId()).millis());
      try {
        cache.applyRemote(
            body.getOrDefault("op", ""), body.getOrDefault("k", ""), version(body), lag);
      } catch (RuntimeException e) {
        log.warn(
            "cache {}: cannot apply stream message {} ({}): clearing its memory tier",
            cache.name(),
            message.getId(),
            e.toString());
        cache.memoryLost();
      }
    }
    return perStream.values().stream().anyMatch(n -> n >= COUNT);
  }

  private static long counter(Map<String, String> body) {
    return parseLong(body.get("n"));
  }

  private static long version(Map<String, String> body) {
    return parseLong(body.get("v"));
  }

  private static long parseLong(String s) {
    if (s == null || s.isEmpty()) {
      return -1;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The {@code run_id} line of {@code INFO server}. */
  static String runId(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("run_id:")) {
        return line.substring("run_id:".length()).trim();
      }
    }
    return "";
  }
}
