package com.mallquest.smartcache.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.UnblockType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
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
 * <p><b>Failures.</b> {@link #call} and {@link #callAsync} never throw a Redis exception: they
 * return a {@link Reply} that says whether Redis answered. A call is not even attempted, and costs no
 * time, when there is no open connection or the breaker is open.
 */
public final class RedisLink implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

  private final RedisURI uri;
  private final ClientResources resources;
  private final RedisClient client;
  private final CircuitBreaker breaker;
  private final Duration commandTimeout;
  private final Duration streamCommandTimeout;
  private volatile StatefulRedisConnection<byte[], byte[]> requestConnection;
  private volatile StatefulRedisConnection<String, String> streamConnection;
  private volatile long streamClientId = -1;
  private volatile boolean streamHealthy;
  private volatile boolean closed;
  private volatile long lastFailedConnectNanos;

  /**
   * A link that is not yet connected.
   *
   * @param uri the Redis URI
   * @param clientName the name Redis shows for these connections ({@code CLIENT LIST})
   * @param commandTimeout request-path command timeout
   * @param connectTimeout TCP connect timeout
   * @param streamCommandTimeout timeout of the blocking stream reads (more than their block time)
   * @param breaker the breaker in front of the request path
   * @param listener observes every command (tests count round trips with it); may be {@code null}
   */
  public RedisLink(
      String uri,
      String clientName,
      Duration commandTimeout,
      Duration connectTimeout,
      Duration streamCommandTimeout,
      CircuitBreaker breaker,
      CommandListener listener) {
    this.uri = RedisURI.create(uri);
    // The URI's timeout also bounds Lettuce's connection handshake (HELLO, CLIENT SETNAME): give it the
    // connect timeout; the request connection gets the short command timeout once connected.
    this.uri.setTimeout(connectTimeout);
    this.commandTimeout = commandTimeout;
    this.uri.setClientName(clientName);
    this.breaker = breaker;
    this.streamCommandTimeout = streamCommandTimeout;
    this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    this.client = RedisClient.create(resources, this.uri);
    this.client.setOptions(ClientOptions.builder()
        .autoReconnect(false)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.builder().timeoutCommands().connectionTimeout().build())
        .build());
    if (listener != null) {
      client.addListener(listener);
    }
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
    StatefulRedisConnection<byte[], byte[]> request = null;
    try {
      request = client.connect(ByteArrayCodec.INSTANCE);
      request.setTimeout(commandTimeout);
      StatefulRedisConnection<String, String> stream = client.connect(StringCodec.UTF8);
      stream.setTimeout(streamCommandTimeout);
      try {
        streamClientId = stream.sync().clientId();
      } catch (RuntimeException e) {
        stream.closeAsync();
        throw e;
      }
      requestConnection = request;
      streamConnection = stream;
      return true;
    } catch (RuntimeException e) {
      lastFailedConnectNanos = System.nanoTime();
      if (request != null) {
        request.closeAsync();
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
  public <T> Reply<T> call(Function<RedisCommands<byte[], byte[]>, T> command) {
    StatefulRedisConnection<byte[], byte[]> c = requestConnection;
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
      Function<RedisAsyncCommands<byte[], byte[]>, CompletionStage<T>> command) {
    StatefulRedisConnection<byte[], byte[]> c = requestConnection;
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
    return sent.handle((value, error) -> {
      if (error != null) {
        breaker.onFailure();
        log.debug("Redis command failed: {}", error.toString());
        return Reply.<T>failed();
      }
      breaker.onSuccess();
      return Reply.ok(value);
    });
  }

  /** Runs a script (EVALSHA, or EVAL if Redis lost it) and returns its integer result. */
  public Reply<Long> eval(LuaScript script, byte[][] keys, byte[]... args) {
    return call(c -> {
      try {
        return c.<Long>evalsha(script.sha1(), ScriptOutputType.INTEGER, keys, args);
      } catch (RedisNoScriptException e) {
        return c.<Long>eval(script.bytes(), ScriptOutputType.INTEGER, keys, args);
      }
    });
  }

  /** Like {@link #eval} but pipelined: does not wait for the answer. */
  public CompletionStage<Reply<Long>> evalAsync(LuaScript script, byte[][] keys, byte[]... args) {
    return callAsync(c -> c.<Long>evalsha(script.sha1(), ScriptOutputType.INTEGER, keys, args)
        .exceptionallyCompose(error -> {
          Throwable cause = error instanceof CompletionException && error.getCause() != null
              ? error.getCause() : error;
          if (cause instanceof RedisNoScriptException) {
            return c.<Long>eval(script.bytes(), ScriptOutputType.INTEGER, keys, args);
          }
          return CompletableFuture.<Long>failedFuture(cause);
        }));
  }

  /**
   * Runs {@code script} once per element of {@code keys}/{@code args} as one pipeline: every command
   * is written to the socket in a single flush and the caller waits once, for all the answers (one
   * round trip for the batch, not one per element). Scripts Redis does not know (after a restart) are
   * sent again with {@code EVAL}, again as one pipeline. Passes the breaker once per batch.
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
    StatefulRedisConnection<byte[], byte[]> c = requestConnection;
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
      unknownScript.forEach(i -> {
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
      StatefulRedisConnection<byte[], byte[]> c, LuaScript script, List<byte[][]> keys, List<byte[][]> args,
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
      commands.add(new AsyncCommand<>(new Command<>(bySha ? CommandType.EVALSHA : CommandType.EVAL,
          new IntegerOutput<>(ByteArrayCodec.INSTANCE), commandArgs)));
    }
    try {
      c.dispatch(new ArrayList<RedisCommand<byte[], byte[], ?>>(commands));
    } catch (RuntimeException e) {
      commands.forEach(command -> command.completeExceptionally(e));
    }
    return commands;
  }

  /** Waits for {@code command} until {@code deadline}; returns its error, or null if it succeeded. */
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
   * The stream connection's commands, for the stream reader's own thread.
   *
   * @return empty if not connected
   */
  public Optional<RedisCommands<String, String>> streamCommands() {
    StatefulRedisConnection<String, String> c = streamConnection;
    return isOpen(c) ? Optional.of(c.sync()) : Optional.empty();
  }

  /** Makes the stream reader's blocking read return at once (best effort), e.g. after a new cache. */
  public void wakeStreamReader() {
    long id = streamClientId;
    StatefulRedisConnection<byte[], byte[]> c = requestConnection;
    if (id >= 0 && isOpen(c)) {
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
    // A failed connection attempt leaves Lettuce's handshake timer (the URI timeout, on a wheel timer
    // that ticks every 100 ms) pending; shut down before it fires and it logs an error about the
    // terminated event loop. Only a close during an outage waits, at most the connect timeout.
    long settle = lastFailedConnectNanos + uri.getTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(250)
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

  /** {@code host:port}, for logs (never the password). */
  public String address() {
    return uri.getHost() + ":" + uri.getPort();
  }

  private static boolean isOpen(StatefulRedisConnection<?, ?> c) {
    return c != null && c.isOpen();
  }

  private static void closeQuietly(StatefulRedisConnection<?, ?> c, boolean wait) {
    if (c != null) {
      try {
        CompletableFuture<Void> closing = c.closeAsync();
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
    return "RedisLink[" + address() + ", connected=" + connected() + ", streamHealthy=" + streamHealthy
        + ", " + breaker + "]";
  }
}
