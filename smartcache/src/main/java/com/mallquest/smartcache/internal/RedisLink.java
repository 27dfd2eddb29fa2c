package com.mallquest.smartcache.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's two Redis connections and the circuit breaker in front of them.
 *
 * <p><b>Connections.</b> One shared, pipelined connection for the request path (byte keys and
 * values, command timeout {@code commandTimeout}), and one dedicated connection for the blocking
 * {@code XREAD} of the stream reader, so that blocking never stalls a request. Lettuce's own
 * reconnect is off and disconnected connections reject commands at once: the stream reader owns
 * reconnection ({@link #connect()} from its loop, with backoff), so that it can resynchronise
 * (check {@code run_id}, replay the stream) before the request path trusts Redis again.
 *
 * <p><b>Redis Cluster</b> (ADR 0021): with {@code cluster} on, the URI is a comma-separated list of
 * seed nodes and both connections are {@link RedisClusterClient} connections, which route each
 * command to its slot's master and follow failovers (adaptive and periodic topology refresh). The
 * stream reader then reads each stream group with its own non-blocking {@code XREAD} ({@link
 * #readStreams}), and resynchronises per group master ({@link #serverOf}, {@link #flushSlot}).
 *
 * <p><b>Failures.</b> {@link #call} and {@link #callAsync} never throw a Redis exception: they
 * return a {@link Reply} that says whether Redis answered. A call is not even attempted, and costs
 * no time, when there is no open connection or the breaker is open.
 */
public final class RedisLink implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

  /** A connection and its command sets, to one Redis or to a cluster. */
  private record Conn<K, V>(
      StatefulConnection<K, V> connection,
      RedisClusterCommands<K, V> sync,
      RedisClusterAsyncCommands<K, V> async,
      StatefulRedisClusterConnection<K, V> cluster) {
    boolean open() {
      return connection.isOpen();
    }
  }

  private final List<RedisURI> uris;
  private final boolean cluster;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final CircuitBreaker breaker;
  private final Duration commandTimeout;
  private final Duration connectTimeout;
  private final Duration streamCommandTimeout;
  private volatile Conn<byte[], byte[]> requestConnection;
  private volatile Conn<String, String> streamConnection;
  private volatile long streamClientId = -1;
  private volatile boolean streamHealthy;
  private volatile boolean closed;
  private volatile long lastFailedConnectNanos;

  /**
   * A link to one Redis that is not yet connected.
   *
   * @see #RedisLink(String, boolean, String, Duration, Duration, Duration, CircuitBreaker,
   *     CommandListener)
   */
  public RedisLink(
      String uri,
      String clientName,
      Duration commandTimeout,
      Duration connectTimeout,
      Duration streamCommandTimeout,
      CircuitBreaker breaker,
      CommandListener listener) {
    this(
        uri,
        false,
        clientName,
        commandTimeout,
        connectTimeout,
        streamCommandTimeout,
        breaker,
        listener);
  }

  /**
   * A link that is not yet connected.
   *
   * @param uri the Redis URI; with {@code cluster}, the seed nodes' URIs separated by commas
   * @param cluster whether Redis is a Redis Cluster
   * @param clientName the name Redis shows for these connections ({@code CLIENT LIST})
   * @param commandTimeout request-path command timeout
   * @param connectTimeout TCP connect timeout
   * @param streamCommandTimeout timeout of the blocking stream reads (more than their block time)
   * @param breaker the breaker in front of the request path
   * @param listener observes every command (tests count round trips with it); may be {@code null}
   * @throws IllegalArgumentException if a URI is malformed
   */
  public RedisLink(
      String uri,
      boolean cluster,
      String clientName,
      Duration commandTimeout,
      Duration connectTimeout,
      Duration streamCommandTimeout,
      CircuitBreaker breaker,
      CommandListener listener) {
    List<RedisURI> parsed = new ArrayList<>();
    // One Redis: the URI as is (a sentinel URI has commas of its own); a cluster: the seeds.
    for (String part : cluster ? uri.split(",") : new String[] {uri}) {
      if (!part.isBlank()) {
        RedisURI one = RedisURI.create(part.trim());
        // The URI's timeout also bounds Lettuce's connection handshake (HELLO, CLIENT SETNAME):
        // give it the
        // connect timeout; the request connection gets the short command timeout once connected.
        one.setTimeout(connectTimeout);
        one.setClientName(clientName);
        parsed.add(one);
      }
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("no Redis URI in '" + uri + "'");
    }
    this.uris = List.copyOf(parsed);
    this.cluster = cluster;
    this.commandTimeout = commandTimeout;
    this.connectTimeout = connectTimeout;
    this.breaker = breaker;
    this.streamCommandTimeout = streamCommandTimeout;
    this.resources =
        DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    SocketOptions socket =
        SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build();
    TimeoutOptions timeouts =
        TimeoutOptions.builder().timeoutCommands().connectionTimeout().build();
    if (cluster) {
      RedisClusterClient clusterClient = RedisClusterClient.create(resources, uris);
      clusterClient.setOptions(
          ClusterClientOptions.builder()
              .autoReconnect(false)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enableAllAdaptiveRefreshTriggers()
                      .adaptiveRefreshTriggersTimeout(TOPOLOGY_REFRESH_DEBOUNCE)
                      .enablePeriodicRefresh(TOPOLOGY_REFRESH_PERIOD)
                      .build())
              .build());
      this.client = clusterClient;
    } else {
      RedisClient standalone = RedisClient.create(resources, uris.get(0));
      standalone.setOptions(
          ClientOptions.builder()
              .autoReconnect(false)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .build());
      this.client = standalone;
    }
    if (listener != null) {
      client.addListener(listener);
    }
  }

  /** How often a cluster client re-reads the topology even without a trigger. */
  static final Duration TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(5);

  /**
   * The shortest interval between two topology refreshes triggered by MOVED, ASK or failed
   * reconnects.
   */
  static final Duration TOPOLOGY_REFRESH_DEBOUNCE = Duration.ofMillis(500);

  /** Whether Redis is a Redis Cluster. */
  public boolean cluster() {
    return cluster;
  }

  private <K, V> Conn<K, V> open(io.lettuce.core.codec.RedisCodec<K, V> codec) {
    if (cluster) {
      StatefulRedisClusterConnection<K, V> c = ((RedisClusterClient) client).connect(codec);
      try {
        // Lettuce opens a master's connection on its first command: open them now, with the connect
        // timeout, rather than in a request's 50 ms command timeout.
        for (RedisClusterNode node : c.getPartitions()) {
          if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
            c.getConnection(node.getNodeId());
          }
        }
      } catch (RuntimeException e) {
        c.closeAsync();
        throw e;
      }
      return new Conn<>(c, c.sync(), c.async(), c);
    }
    StatefulRedisConnection<K, V> c = ((RedisClient) client).connect(codec);
    return new Conn<>(c, c.sync(), c.async(), null);
  }

  /**
   * Opens both connections if either is missing or closed. Called by the stream reader only.
   *
   * @return whether both are open now
   */
  public synchronized boolean connect() {
    if (closed) {
      return false;
    }
    if (isOpen(requestConnection) && isOpen(streamConnection)) {
      return true;
    }
    disconnect();
    Conn<byte[], byte[]> request = null;
    try {
      request = open(ByteArrayCodec.INSTANCE);
      request.connection().setTimeout(commandTimeout);
      Conn<String, String> stream = open(StringCodec.UTF8);
      stream.connection().setTimeout(streamCommandTimeout);
      if (!cluster) {
        try {
          streamClientId = stream.sync().clientId();
        } catch (RuntimeException e) {
          stream.connection().closeAsync();
          throw e;
        }
      }
      requestConnection = request;
      streamConnection = stream;
      return true;
    } catch (RuntimeException e) {
      lastFailedConnectNanos = System.nanoTime();
      if (request != null) {
        request.connection().closeAsync();
      }
      log.debug("Redis {} not reachable: {}", address(), e.toString());
      return false;
    }
  }

  /** Closes both connections (the next {@link #connect()} opens new ones). */
  public synchronized void disconnect() {
    disconnect(false);
  }

  private synchronized void disconnect(boolean wait) {
    streamHealthy = false;
    closeQuietly(requestConnection, wait);
    closeQuietly(streamConnection, wait);
    requestConnection = null;
    streamConnection = null;
    streamClientId = -1;
  }

  /** Whether both connections are open. */
  public boolean connected() {
    return isOpen(requestConnection) && isOpen(streamConnection);
  }

  /**
   * Whether Redis can be trusted now: both connections open, the stream reader caught up, and the
   * breaker closed. While this is false, memory entries older than the degraded TTL are not served.
   */
  public boolean available() {
    return !closed && streamHealthy && breaker.isClosed() && connected();
  }

  /** The breaker. */
  public CircuitBreaker breaker() {
    return breaker;
  }

  /** Set by the stream reader: whether it reads the streams without a gap right now. */
  public void streamHealthy(boolean healthy) {
    this.streamHealthy = healthy;
  }

  /**
   * Runs {@code command} on the request connection, through the breaker.
   *
   * @return the reply, or why there is none; never throws a Redis exception
   */
  public <T> Reply<T> call(Function<RedisClusterCommands<byte[], byte[]>, T> command) {
    Conn<byte[], byte[]> c = requestConnection;
    if (!isOpen(c) || !breaker.tryAcquire()) {
      return Reply.skipped();
    }
    try {
      T value = command.apply(c.sync());
      breaker.onSuccess();
      return Reply.ok(value);
    } catch (RuntimeException e) {
      breaker.onFailure();
      log.debug("Redis command failed: {}", e.toString());
      return Reply.failed();
    }
  }

  /**
   * Sends {@code command} on the request connection without waiting for the answer (pipelined).
   *
   * @return the reply when it comes; never completes exceptionally
   */
  public <T> CompletionStage<Reply<T>> callAsync(
      Function<RedisClusterAsyncCommands<byte[], byte[]>, CompletionStage<T>> command) {
    Conn<byte[], byte[]> c = requestConnection;
    if (!isOpen(c) || !breaker.tryAcquire()) {
      return CompletableFuture.completedFuture(Reply.skipped());
    }
    CompletionStage<T> sent;
    try {
      sent = command.apply(c.async());
    } catch (RuntimeException e) {
      breaker.onFailure();
      return CompletableFuture.completedFuture(Reply.failed());
    }
    return sent.handle(
        (value, error) -> {
          if (error != null) {
            breaker.onFailure();
            log.debug("Redis command failed: {}", error.toString());
            return Reply.<T>failed();
          }
          breaker.onSuccess();
          return Reply.ok(value);
        });
  }

  /**
   * Scans the keys matching {@code pattern} ({@code SCAN ... MATCH ... COUNT}), through the
   * breaker: on one Redis, that Redis; on a cluster, each master that serves slots in turn
   * (Lettuce's own cluster scan would also visit a failed master that no longer serves any).
   *
   * @param page receives each non-empty page of keys; returns false to stop
   * @param maxPages the most pages to read (per master on a cluster)
   * @return ok if Redis answered every page read (also when {@code page} stopped the scan), else
   *     the first reply that was not
   */
  public Reply<Void> scan(byte[] pattern, int count, int maxPages, Predicate<List<byte[]>> page) {
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(count);
    Conn<byte[], byte[]> c = requestConnection;
    List<String> nodes = new ArrayList<>();
    if (cluster && isOpen(c)) {
      for (RedisClusterNode node : c.cluster().getPartitions()) {
        if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)
            && !node.getSlots().isEmpty()
            && !node.is(RedisClusterNode.NodeFlag.FAIL)) {
          nodes.add(node.getNodeId());
        }
      }
    } else {
      nodes.add(null);
    }
    for (String node : nodes) {
      ScanCursor cursor = ScanCursor.INITIAL;
      int pages = 0;
      do {
        ScanCursor at = cursor;
        Reply<KeyScanCursor<byte[]>> reply =
            node == null
                ? call(r -> r.scan(at, args))
                : call(r -> c.cluster().getConnection(node).sync().scan(at, args));
        if (!reply.isOk()) {
          return reply.status() == Reply.Status.FAILED ? Reply.failed() : Reply.skipped();
        }
        if (!reply.value().getKeys().isEmpty() && !page.test(reply.value().getKeys())) {
          return Reply.ok(null);
        }
        cursor = reply.value();
      } while (!cursor.isFinished() && ++pages < maxPages);
    }
    return Reply.ok(null);
  }

  /** Runs a script (EVALSHA, or EVAL if Redis lost it) and returns its integer result. */
  public Reply<Long> eval(LuaScript script, byte[][] keys, byte[]... args) {
    return call(
        c -> {
          try {
            return c.<Long>evalsha(script.sha1(), ScriptOutputType.INTEGER, keys, args);
          } catch (RedisNoScriptException e) {
            return c.<Long>eval(script.bytes(), ScriptOutputType.INTEGER, keys, args);
          }
        });
  }

  /** Like {@link #eval} but pipelined: does not wait for the answer. */
  public CompletionStage<Reply<Long>> evalAsync(LuaScript script, byte[][] keys, byte[]... args) {
    return callAsync(
        c ->
            c.<Long>evalsha(script.sha1(), ScriptOutputType.INTEGER, keys, args)
                .exceptionallyCompose(
                    error -> {
                      Throwable cause =
                          error instanceof CompletionException && error.getCause() != null
                              ? error.getCause()
                              : error;
                      if (cause instanceof RedisNoScriptException) {
                        return c.<Long>eval(script.bytes(), ScriptOutputType.INTEGER, keys, args);
                      }
                      return CompletableFuture.<Long>failedFuture(cause);
                    }));
  }

  /**
   * Runs {@code script} once per element of {@code keys}/{@code args} as one pipeline: every
   * command is written to the socket in a single flush and the caller waits once, for all the
   * answers (one round trip for the batch, not one per element). Scripts Redis does not know (after
   * a restart) are sent again with {@code EVAL}, again as one pipeline. Passes the breaker once per
   * batch.
   *
   * @param keys the keys of each call
   * @param args the arguments of each call, in the same order as {@code keys}
   * @return one reply per call, in order; never throws a Redis exception. A batch that is not sent
   *     (no connection, breaker open) is all {@link Reply#skipped()}; calls that failed or did not
   *     answer within the command timeout are {@link Reply#failed()}
   */
  public List<Reply<Long>> evalAll(LuaScript script, List<byte[][]> keys, List<byte[][]> args) {
    if (keys.size() != args.size()) {
      throw new IllegalArgumentException("keys and args differ in size");
    }
    List<Reply<Long>> replies = new ArrayList<>(keys.size());
    Conn<byte[], byte[]> c = requestConnection;
    if (!isOpen(c) || !breaker.tryAcquire()) {
      keys.forEach(k -> replies.add(Reply.skipped()));
      return replies;
    }
    long deadline = System.nanoTime() + commandTimeout.toNanos();
    List<AsyncCommand<byte[], byte[], Long>> sent = dispatchScripts(c, script, keys, args, true);
    List<Integer> unknownScript = new ArrayList<>();
    boolean failed = false;
    for (int i = 0; i < sent.size(); i++) {
      Throwable error = await(sent.get(i), deadline);
      if (error == null) {
        replies.add(Reply.ok(sent.get(i).getNow(null)));
      } else if (error instanceof RedisNoScriptException) {
        replies.add(null);
        unknownScript.add(i);
      } else {
        replies.add(Reply.failed());
        failed = true;
        log.debug("Redis command of a batch failed: {}", error.toString());
      }
    }
    if (!unknownScript.isEmpty()) {
      List<byte[][]> k2 = new ArrayList<>(unknownScript.size());
      List<byte[][]> a2 = new ArrayList<>(unknownScript.size());
      unknownScript.forEach(
          i -> {
            k2.add(keys.get(i));
            a2.add(args.get(i));
          });
      long again = System.nanoTime() + commandTimeout.toNanos();
      List<AsyncCommand<byte[], byte[], Long>> resent = dispatchScripts(c, script, k2, a2, false);
      for (int j = 0; j < resent.size(); j++) {
        Throwable error = await(resent.get(j), again);
        if (error == null) {
          replies.set(unknownScript.get(j), Reply.ok(resent.get(j).getNow(null)));
        } else {
          replies.set(unknownScript.get(j), Reply.failed());
          failed = true;
          log.debug("Redis command of a batch failed: {}", error.toString());
        }
      }
    }
    if (failed) {
      breaker.onFailure();
    } else {
      breaker.onSuccess();
    }
    return replies;
  }

  private static List<AsyncCommand<byte[], byte[], Long>> dispatchScripts(
      Conn<byte[], byte[]> c,
      LuaScript script,
      List<byte[][]> keys,
      List<byte[][]> args,
      boolean bySha) {
    List<AsyncCommand<byte[], byte[], Long>> commands = new ArrayList<>(keys.size());
    byte[] scriptBytes = bySha ? null : script.bytes();
    for (int i = 0; i < keys.size(); i++) {
      CommandArgs<byte[], byte[]> commandArgs = new CommandArgs<>(ByteArrayCodec.INSTANCE);
      if (bySha) {
        commandArgs.add(script.sha1());
      } else {
        commandArgs.add(scriptBytes);
      }
      commandArgs.add(keys.get(i).length).addKeys(keys.get(i)).addValues(args.get(i));
      commands.add(
          new AsyncCommand<>(
              new Command<>(
                  bySha ? CommandType.EVALSHA : CommandType.EVAL,
                  new IntegerOutput<>(ByteArrayCodec.INSTANCE),
                  commandArgs)));
    }
    try {
      // A cluster connection routes each command to the master of its first key's slot.
      c.connection().dispatch(new ArrayList<RedisCommand<byte[], byte[], ?>>(commands));
    } catch (RuntimeException e) {
      commands.forEach(command -> command.completeExceptionally(e));
    }
    return commands;
  }

  /**
   * Waits for {@code command} until {@code deadline}; returns its error, or null if it succeeded.
   */
  private static Throwable await(AsyncCommand<byte[], byte[], Long> command, long deadline) {
    try {
      command.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    } catch (ExecutionException e) {
      return e.getCause() == null ? e : e.getCause();
    } catch (TimeoutException e) {
      command.cancel(false);
      return e;
    }
  }

  /**
   * The stream connection's commands, for the stream reader's own thread (single-key commands only
   * on a cluster: each is routed to its slot).
   *
   * @return empty if not connected
   */
  public Optional<RedisClusterCommands<String, String>> streamCommands() {
    Conn<String, String> c = streamConnection;
    return isOpen(c) ? Optional.of(c.sync()) : Optional.empty();
  }

  /**
   * Reads streams after the given ids, for the stream reader's own thread. On one Redis: one {@code
   * XREAD}, blocking up to {@code block} if not null. On a cluster: one non-blocking {@code XREAD}
   * per hash slot (a command's keys must share a slot), all sent at once; {@code block} is ignored
   * (the reader polls).
   *
   * @throws RedisException if Redis failed or did not answer in time
   */
  public List<StreamMessage<String, String>> readStreams(
      Duration block, long count, List<XReadArgs.StreamOffset<String>> offsets) {
    Conn<String, String> c = streamConnection;
    if (!isOpen(c)) {
      throw new RedisException("stream connection closed");
    }
    if (!cluster) {
      XReadArgs args =
          block == null
              ? XReadArgs.Builder.count(count)
              : XReadArgs.Builder.block(block).count(count);
      return c.sync().xread(args, array(offsets));
    }
    Map<Integer, List<XReadArgs.StreamOffset<String>>> bySlot = new LinkedHashMap<>();
    for (XReadArgs.StreamOffset<String> offset : offsets) {
      bySlot
          .computeIfAbsent(SlotHash.getSlot(offset.getName()), s -> new ArrayList<>())
          .add(offset);
    }
    List<CompletableFuture<List<StreamMessage<String, String>>>> sent =
        new ArrayList<>(bySlot.size());
    for (List<XReadArgs.StreamOffset<String>> slot : bySlot.values()) {
      sent.add(c.async().xread(XReadArgs.Builder.count(count), array(slot)).toCompletableFuture());
    }
    long deadline = System.nanoTime() + streamCommandTimeout.toNanos();
    List<StreamMessage<String, String>> messages = new ArrayList<>();
    for (CompletableFuture<List<StreamMessage<String, String>>> reply : sent) {
      try {
        List<StreamMessage<String, String>> read =
            reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (read != null) {
          messages.addAll(read);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RedisException("interrupted");
      } catch (ExecutionException e) {
        throw new RedisException("XREAD failed: " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        throw new RedisException("XREAD timed out");
      }
    }
    return messages;
  }

  @SuppressWarnings(
      "unchecked") // Lettuce's xread takes generic varargs; the array holds StreamOffset<String>
  // only
  private static XReadArgs.StreamOffset<String>[] array(
      List<XReadArgs.StreamOffset<String>> offsets) {
    return offsets.toArray((XReadArgs.StreamOffset<String>[]) new XReadArgs.StreamOffset<?>[0]);
  }

  /**
   * Which Redis server holds {@code key} now: its {@code run_id} (on a cluster, the node id of the
   * slot's master and its {@code run_id}). A different answer than before means the data there may
   * have lost writes (a restart, or a failover to a replica that had not yet received them).
   *
   * @throws RedisException if Redis failed, or a cluster has no reachable master for the slot
   */
  public String serverOf(String key) {
    Conn<String, String> c = streamConnection;
    if (!isOpen(c)) {
      throw new RedisException("stream connection closed");
    }
    if (!cluster) {
      return InvalidationReader.runId(c.sync().info("server"));
    }
    RedisClusterNode master = masterOf(c, key);
    String runId =
        InvalidationReader.runId(
            c.cluster().getConnection(master.getNodeId()).sync().info("server"));
    return master.getNodeId() + "/" + runId;
  }

  /**
   * Deletes every key of {@code key}'s hash slot that {@code keep} does not keep, on the slot's
   * master (cluster only; {@code CLUSTER GETKEYSINSLOT} + {@code UNLINK} in pages), after raising
   * each of {@code generationKeys} (keys of the same slot) by {@link #FLUSH_GENERATION_STEP}: a
   * load that began before the flush then fills nothing after it (ADR 0032), even if the slot's new
   * master had not received the last clears' increments.
   *
   * @return how many keys were deleted
   * @throws RedisException if Redis failed
   */
  public long flushSlot(String key, Collection<String> generationKeys, Predicate<String> keep) {
    Conn<String, String> c = streamConnection;
    if (!cluster || !isOpen(c)) {
      throw new RedisException("not connected to a cluster");
    }
    int slot = SlotHash.getSlot(key);
    RedisClusterCommands<String, String> node =
        c.cluster().getConnection(masterOf(c, key).getNodeId()).sync();
    raiseGenerations(generationKeys);
    long deleted = 0;
    int count = FLUSH_PAGE;
    while (true) {
      // The kept keys come back on every page: ask for them plus a page, until the slot is seen
      // whole.
      List<String> keys = node.clusterGetKeysInSlot(slot, count);
      List<String> doomed = keys.stream().filter(keep.negate()).toList();
      if (!doomed.isEmpty()) {
        deleted += node.unlink(doomed.toArray(new String[0]));
      }
      if (keys.size() < count) {
        return deleted;
      }
      count = keys.size() - doomed.size() + FLUSH_PAGE;
    }
  }

  /**
   * Raises each clear generation (ADR 0032) by {@link #FLUSH_GENERATION_STEP}, on the stream
   * connection (on a cluster each to its slot's master): after Redis lost data (a failover, a
   * restart), a load that began before fills nothing after it.
   *
   * @throws RedisException if Redis failed
   */
  public void raiseGenerations(Collection<String> generationKeys) {
    Conn<String, String> c = streamConnection;
    if (!isOpen(c)) {
      throw new RedisException("stream connection closed");
    }
    for (String generationKey : generationKeys) {
      c.sync().incrby(generationKey, FLUSH_GENERATION_STEP);
    }
  }

  /** The hash slot of {@code key} on a cluster; 0 on one Redis. */
  public int slotOf(String key) {
    return cluster ? SlotHash.getSlot(key) : 0;
  }

  /** Keys per {@code CLUSTER GETKEYSINSLOT} page. */
  public static final int FLUSH_PAGE = 1000;

  /**
   * How far a flush raises a clear generation: past any value the slot's previous master may have
   * given out and its replica not received (a replica lags by seconds of writes, not a million
   * clears), so no generation a loader saw before the flush comes back.
   */
  public static final long FLUSH_GENERATION_STEP = 1_000_000;

  private static RedisClusterNode masterOf(Conn<String, String> c, String key) {
    RedisClusterNode master = c.cluster().getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
    if (master == null
        || master.is(RedisClusterNode.NodeFlag.FAIL)
        || master.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)) {
      throw new RedisException("no reachable master for the slot of " + key + " (yet)");
    }
    return master;
  }

  /**
   * Makes the stream reader's blocking read return at once (best effort), e.g. after a new cache.
   */
  public void wakeStreamReader() {
    long id = streamClientId;
    Conn<byte[], byte[]> c = requestConnection;
    if (!cluster && id >= 0 && isOpen(c)) {
      try {
        c.sync().clientUnblock(id, UnblockType.TIMEOUT);
      } catch (RuntimeException e) {
        log.debug("CLIENT UNBLOCK failed: {}", e.toString());
      }
    }
  }

  /** Closes the connections and shuts the client down. */
  @Override
  public void close() {
    closed = true;
    disconnect(true);
    // A failed connection attempt leaves Lettuce's handshake timer (the URI timeout, on a wheel
    // timer
    // that ticks every 100 ms) pending; shut down before it fires and it logs an error about the
    // terminated event loop. Only a close during an outage waits, at most the connect timeout.
    long settle =
        lastFailedConnectNanos
            + connectTimeout.toNanos()
            + TimeUnit.MILLISECONDS.toNanos(250)
            - System.nanoTime();
    if (lastFailedConnectNanos != 0 && settle > 0) {
      LockSupport.parkNanos(settle);
    }
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      log.debug("Lettuce client shutdown: {}", e.toString());
    }
    try {
      resources.shutdown(0, 2, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code host:port} (a cluster's seeds, separated by commas), for logs (never the password). */
  public String address() {
    StringBuilder address = new StringBuilder();
    for (RedisURI uri : uris) {
      address
          .append(address.length() == 0 ? "" : ",")
          .append(uri.getHost())
          .append(':')
          .append(uri.getPort());
    }
    return cluster ? "cluster " + address : address.toString();
  }

  private static boolean isOpen(Conn<?, ?> c) {
    return c != null && c.open();
  }

  private static void closeQuietly(Conn<?, ?> c, boolean wait) {
    if (c != null) {
      try {
        CompletableFuture<Void> closing = c.connection().closeAsync();
        if (wait) {
          closing.get(2, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        log.debug("closing a Redis connection: {}", e.toString());
      } catch (RuntimeException e) {
        log.debug("closing a Redis connection: {}", e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "RedisLink["
        + address()
        + ", connected="
        + connected()
        + ", streamHealthy="
        + streamHealthy
        + ", "
        + breaker
        + "]";
  }
}
