package com.mallquest.smartcache;

import static com.mallquest.smartcache.Arguments.positive;
import static com.mallquest.smartcache.Arguments.require;

import com.github.benmanes.caffeine.cache.Ticker;
import com.mallquest.smartcache.internal.CacheContext;
import com.mallquest.smartcache.internal.CircuitBreaker;
import com.mallquest.smartcache.internal.CoarseTicker;
import com.mallquest.smartcache.internal.InvalidationReader;
import com.mallquest.smartcache.internal.RedisKeyCounter;
import com.mallquest.smartcache.internal.RedisLink;
import com.mallquest.smartcache.internal.TieredCache;
import io.lettuce.core.event.command.CommandListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and holds the named {@link SmartCache}s of one application instance, owns their shared
 * Redis connections and invalidation-stream reader, and reports {@link #getCacheStats()}.
 *
 * <p>Build one per process with {@link #builder()} and close it on shutdown:
 *
 * <pre>{@code
 * SmartCacheManager manager = SmartCacheManager.builder()
 *     .redisUri("redis://127.0.0.1:6379")   // optional: without it, memory + source only
 *     .namespace("mallquest")
 *     .build();
 * SmartCache<Long, Shopper> shoppers = manager.createCache(
 *     CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), shopperRepository).build());
 * }</pre>
 *
 * <p><b>Redis.</b> {@link Builder#build()} never fails because Redis is down or absent: the manager
 * starts on memory + source and connects in the background, and so it does after every outage
 * (reconnect with backoff, stream replay, Redis tier resumes by itself). While Redis is not trusted
 * ({@link #redisAvailable()} false), memory entries older than each cache's degraded TTL are not
 * served. Without a Redis URI the manager assumes it is the only instance: memory entries live
 * their memory TTL.
 *
 * <p><b>Threads.</b> All methods are thread-safe. The manager runs one daemon thread, {@code
 * smartcache-clock-<instanceId>}, which refreshes the coarse clock that memory hits read for their
 * TTL checks every {@value CoarseTicker#PERIOD_MS} ms while they read it, and sleeps after ~100 ms
 * without a read (ADR 0035; not when a test supplies its own {@link Builder#ticker}); with Redis a
 * second one, {@code smartcache-stream-<instanceId>}, which reads the invalidation streams and
 * reconnects. Neither sweeps: eviction is Caffeine's, and an expired entry is not served and is
 * replaced by the next load (ADR 0014).
 */
public final class SmartCacheManager implements AutoCloseable {

  /** Key namespace: keys are {@code <namespace>:<cache>:<key>}. */
  public static final String DEFAULT_NAMESPACE = "mallquest";

  /** Request-path Redis command timeout. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(50);

  /** TCP connect timeout (connections are made by the background thread, never by a request). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** Consecutive Redis failures that open the circuit breaker. */
  public static final int DEFAULT_BREAKER_FAILURE_THRESHOLD = 3;

  /** How long the breaker stays open before one probe call. */
  public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofSeconds(1);

  /** The length invalidation streams are trimmed to (approximately, {@code MAXLEN ~}). */
  public static final long DEFAULT_STREAM_MAX_LENGTH = 10_000;

  /**
   * The longest wait between two reconnection attempts (the backoff starts at 20 ms and doubles).
   */
  public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(SmartCacheManager.class);

  private final String namespace;
  private final String instanceId;
  private final CacheContext context;
  private final RedisLink link;
  private final InvalidationReader reader;
  private final MeterRegistry registry;
  private final CoarseTicker coarseClock;
  private final ConcurrentSkipListMap<String, TieredCache<?, ?>> caches =
      new ConcurrentSkipListMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean redisDetached = new AtomicBoolean();

  private SmartCacheManager(Builder b) {
    this.namespace = b.namespace;
    this.instanceId = b.instanceId != null ? b.instanceId : UUID.randomUUID().toString();
    this.registry = b.registry;
    Ticker ticker = b.ticker != null ? b.ticker : Ticker.systemTicker();
    if (b.redisUri != null && !b.redisUri.isBlank()) {
      CircuitBreaker breaker =
          new CircuitBreaker(b.breakerFailureThreshold, b.breakerOpenDuration, ticker);
      try {
        this.link =
            new RedisLink(
                b.redisUri.trim(),
                b.redisCluster,
                "smartcache-" + instanceId,
                b.commandTimeout,
                b.connectTimeout,
                InvalidationReader.BLOCK.plus(b.connectTimeout),
                breaker,
                b.commandListener);
      } catch (IllegalArgumentException e) {
        throw new SmartCacheException.ConfigurationException(
            "invalid Redis URI: " + e.getMessage());
      }
      Collection<TieredCache<?, ?>> view = Collections.unmodifiableCollection(caches.values());
      this.reader = new InvalidationReader(link, instanceId, () -> view, b.maxReconnectDelay);
    } else {
      this.link = null;
      this.reader = null;
    }
    ValueCodec codec = b.codec != null ? b.codec : new JsonValueCodec();
    // Started after everything that can throw, so that a failed build leaks no thread. A test's own
    // ticker is used as is, so that advancing it moves every TTL at once.
    this.coarseClock =
        b.ticker != null ? null : CoarseTicker.start("smartcache-clock-" + instanceId);
    Ticker clock = coarseClock != null ? coarseClock : ticker;
    this.context =
        new CacheContext(
            codec,
            ticker,
            clock,
            Optional.ofNullable(link),
            namespace,
            instanceId,
            b.streamMaxLength);
  }

  private SmartCacheManager start(Duration firstConnectWait) {
    if (reader != null) {
      reader.start(firstConnectWait);
    }
    log.info(
        "SmartCacheManager {} started: namespace={}, redis={}",
        instanceId,
        namespace,
        link == null
            ? "none (single instance, memory + source)"
            : link.address()
                + (link.available()
                    ? " (available)"
                    : " (unavailable, retrying in the background)"));
    return this;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the cache that {@code config} describes and keeps it under its name. With Redis, waits
   * briefly (at most a quarter second or so) until the stream reader watches the new cache, so that
   * it is coherent from its first read.
   *
   * @throws SmartCacheException.ConfigurationException if a cache of that name exists
   * @throws IllegalStateException if the manager is closed
   */
  public <K, V> SmartCache<K, V> createCache(CacheConfig<K, V> config) {
    Objects.requireNonNull(config, "config");
    if (closed.get()) {
      throw new IllegalStateException("SmartCacheManager " + instanceId + " is closed");
    }
    TieredCache<K, V> cache = new TieredCache<>(config, context);
    TieredCache<?, ?> previous = caches.putIfAbsent(config.name(), cache);
    if (previous != null) {
      throw new SmartCacheException.ConfigurationException(
          "a cache named '" + config.name() + "' exists already; caches=" + caches.keySet());
    }
    if (registry != null) {
      cache.registerMeters(registry);
    }
    if (reader != null) {
      reader.watch(InvalidationReader.BLOCK.multipliedBy(4));
    }
    return cache;
  }

  /**
   * Forgets the cache called {@code name}, so that the name can be created again (a JCache {@code
   * destroyCache}): the stream reader stops watching it and its meters are removed. Its Redis
   * entries stay; call {@link SmartCache#invalidateAll} first to drop them everywhere. The removed
   * cache keeps working on memory and source but no longer hears other instances.
   *
   * @return whether there was such a cache
   */
  public boolean removeCache(String name) {
    Objects.requireNonNull(name, "name");
    TieredCache<?, ?> removed = caches.remove(name);
    if (removed == null) {
      return false;
    }
    removed.unregisterMeters();
    return true;
  }

  /** The cache called {@code name}, if created. */
  public Optional<SmartCache<?, ?>> cache(String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(caches.get(name));
  }

  /**
   * Statistics of every cache, ordered by cache name. Counting the Redis keys costs a bounded
   * {@code SCAN} of the namespace ({@code redisKeys} is -1 when Redis is unavailable).
   */
  public Map<String, CacheStats> getCacheStats() {
    Map<String, Long> redisKeys =
        link == null || !link.available()
            ? Map.of()
            : RedisKeyCounter.count(link, namespace, caches.keySet());
    Map<String, CacheStats> stats = new LinkedHashMap<>();
    caches.forEach(
        (name, cache) -> stats.put(name, cache.stats(redisKeys.getOrDefault(name, -1L))));
    return Collections.unmodifiableMap(stats);
  }

  /** Whether Redis is connected, the breaker closed, and the invalidation streams caught up. */
  public boolean redisAvailable() {
    return link != null && link.available();
  }

  /** This instance's id: the origin of its stream messages. */
  public String instanceId() {
    return instanceId;
  }

  /** The key namespace. */
  public String namespace() {
    return namespace;
  }

  /**
   * Stops using Redis for good, for a Redis that must not be trusted any more (its entries belong
   * to another source of record): the stream reader stops and the Redis client closes. The caches
   * go on with memory and source as while Redis is unavailable (so memory entries are served for
   * the degraded TTL only: this instance hears of no other instance's writes any more). Idempotent.
   */
  public void detachRedis() {
    if (link == null || !redisDetached.compareAndSet(false, true)) {
      return;
    }
    reader.stop();
    link.close();
    log.warn(
        "SmartCacheManager {} detached from Redis: memory and source only from now on", instanceId);
  }

  /**
   * Stops the stream reader and the clock thread and closes the Redis client. The caches keep
   * working on memory and source afterwards (their TTL checks then read {@code System.nanoTime()}).
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (link != null && redisDetached.compareAndSet(false, true)) {
      reader.stop();
      link.close();
    }
    if (coarseClock != null) {
      coarseClock.close();
    }
    caches.values().forEach(TieredCache::unregisterMeters);
    log.info("SmartCacheManager {} closed", instanceId);
  }

  @Override
  public String toString() {
    return "SmartCacheManager[instanceId="
        + instanceId
        + ", namespace="
        + namespace
        + ", caches="
        + caches.keySet()
        + ", redis="
        + (link == null ? "none" : link.toString())
        + "]";
  }

  /**
   * Builds a {@link SmartCacheManager}. Every setting has a {@code DEFAULT_*} constant; each setter
   * checks its argument at once.
   */
  public static final class Builder {
    private String redisUri;
    private boolean redisCluster;
    private String namespace = DEFAULT_NAMESPACE;
    private ValueCodec codec;
    private MeterRegistry registry;
    private Ticker ticker;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private String instanceId;
    private int breakerFailureThreshold = DEFAULT_BREAKER_FAILURE_THRESHOLD;
    private Duration breakerOpenDuration = DEFAULT_BREAKER_OPEN_DURATION;
    private long streamMaxLength = DEFAULT_STREAM_MAX_LENGTH;
    private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;
    private CommandListener commandListener;

    private Builder() {}

    /**
     * Redis, e.g. {@code redis://127.0.0.1:6379}; {@code null} or blank: no Redis tier (the
     * default).
     */
    public Builder redisUri(String uri) {
      this.redisUri = uri;
      return this;
    }

    /**
     * Whether {@link #redisUri} names a Redis Cluster (default false: one Redis). The URI is then a
     * comma-separated list of seed nodes, e.g. {@code redis://10.0.0.1:7000,redis://10.0.0.2:7000};
     * the manager uses Lettuce's cluster client, which follows failovers, and lays the keys out in
     * stream groups whose hash tags keep each script's keys in one slot (ADR 0021). Every instance
     * sharing the cluster and namespace must use the same setting.
     */
    public Builder redisCluster(boolean cluster) {
      this.redisCluster = cluster;
      return this;
    }

    /** The key namespace, 1-64 of {@code [A-Za-z0-9_-]} (default {@value #DEFAULT_NAMESPACE}). */
    public Builder namespace(String ns) {
      Objects.requireNonNull(ns, "namespace");
      require(ns.matches("[A-Za-z0-9_-]{1,64}"), "namespace must be 1-64 of [A-Za-z0-9_-]: " + ns);
      this.namespace = ns;
      return this;
    }

    /** The value codec of every cache (default: a new {@link JsonValueCodec}). */
    public Builder codec(ValueCodec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /** Where to register the {@code smartcache.*} meters (default: nowhere). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * The time source of memory TTLs, the degraded TTL and the breaker, read as is (tests advance
     * it). Default: {@code System.nanoTime()}, which memory hits read through a coarse clock
     * refreshed every {@value CoarseTicker#PERIOD_MS} ms by the thread {@code
     * smartcache-clock-<instanceId>} (asleep, and its reads exact, while nothing reads it), so a
     * memory entry may be served up to that much past its TTL.
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Request-path Redis command timeout (positive; default 50 ms). */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = positive(timeout, "command timeout");
      return this;
    }

    /** TCP connect timeout of the background connection attempts (positive; default 1 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /**
     * This instance's id, the origin of its stream messages (default: a random UUID). Must be
     * unique among the running instances: an instance skips the messages of its own id.
     */
    public Builder instanceId(String id) {
      Objects.requireNonNull(id, "instanceId");
      require(
          id.matches("[\\x21-\\x7E]{1,100}"),
          "instance id must be 1-100 printable characters, no spaces: " + id);
      this.instanceId = id;
      return this;
    }

    /** Consecutive Redis failures that open the breaker (at least 1; default 3). */
    public Builder breakerFailureThreshold(int failures) {
      require(failures >= 1, "breaker failure threshold must be at least 1: " + failures);
      this.breakerFailureThreshold = failures;
      return this;
    }

    /** How long the breaker stays open before a probe (positive; default 1 s). */
    public Builder breakerOpenDuration(Duration duration) {
      this.breakerOpenDuration = positive(duration, "breaker open duration");
      return this;
    }

    /**
     * The approximate length invalidation streams are trimmed to (at least 100; default 10,000).
     */
    public Builder streamMaxLength(long length) {
      require(length >= 100, "stream max length must be at least 100: " + length);
      this.streamMaxLength = length;
      return this;
    }

    /** The longest wait between two reconnection attempts (positive; default 1 s). */
    public Builder maxReconnectDelay(Duration delay) {
      this.maxReconnectDelay = positive(delay, "max reconnect delay");
      return this;
    }

    /** Observes every Redis command (tests count round trips with it). */
    Builder commandListener(CommandListener listener) {
      this.commandListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The manager. Never fails because Redis is down or absent: it waits at most the connect
     * timeout for a first connection and otherwise keeps trying in the background.
     *
     * @throws SmartCacheException.ConfigurationException if the Redis URI is malformed
     */
    public SmartCacheManager build() {
      return new SmartCacheManager(this)
          .start(connectTimeout.plus(InvalidationReader.BLOCK.multipliedBy(2)));
    }
  }
}
