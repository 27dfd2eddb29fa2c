package com.mallquest.smartcache;

import static com.mallquest.smartcache.Arguments.positive;
import static com.mallquest.smartcache.Arguments.require;

import java.time.Duration;
import java.util.Objects;

/**
 * The immutable settings of one {@link SmartCache}. Build with {@link #builder}; every default is a
 * named constant.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class CacheConfig<K, V> {

  /** The original's memory limit: 1000 entries. */
  public static final long DEFAULT_MEMORY_LIMIT = 1000;

  /** Memory-tier TTL after write. */
  public static final Duration DEFAULT_MEMORY_TTL = Duration.ofMinutes(10);

  /** The original's Redis TTL: 3600 s. */
  public static final Duration DEFAULT_REDIS_TTL = Duration.ofSeconds(3600);

  /**
   * Redis TTLs are shortened by a random fraction up to this, so entries do not expire together.
   */
  public static final double DEFAULT_REDIS_TTL_JITTER = 0.05;

  /** How long a miss (key absent from the source) is remembered. */
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(30);

  /** While Redis is down, no memory entry older than this is served. */
  public static final Duration DEFAULT_DEGRADED_TTL = Duration.ofSeconds(5);

  private final String name;
  private final Class<V> valueType;
  private final KeyCodec<K> keyCodec;
  private final SourceOfRecord<K, V> source;
  private final long memoryLimit;
  private final boolean memoryLimitCountsBytes;
  private final Duration memoryTtl;
  private final Duration redisTtl;
  private final double redisTtlJitter;
  private final Duration negativeTtl;
  private final Duration degradedTtl;
  private final RemoteChangeListener<? super K> remoteChangeListener;

  private CacheConfig(Builder<K, V> b) {
    this.name = b.name;
    this.valueType = b.valueType;
    this.keyCodec = b.keyCodec;
    this.source = b.source;
    this.memoryLimit = b.memoryLimit;
    this.memoryLimitCountsBytes = b.memoryLimitBytes;
    this.remoteChangeListener = b.remoteChangeListener;
    this.memoryTtl = b.memoryTtl;
    this.redisTtl = b.redisTtl;
    this.redisTtlJitter = b.redisTtlJitter;
    this.negativeTtl = b.negativeTtl;
    this.degradedTtl = b.degradedTtl;
  }

  /**
   * A builder for a cache called {@code name} (letters, digits, {@code -} and {@code _}) of values
   * of {@code valueType}, keyed through {@code keyCodec}, loading from {@code source}.
   */
  public static <K, V> Builder<K, V> builder(
      String name, Class<V> valueType, KeyCodec<K> keyCodec, SourceOfRecord<K, V> source) {
    return new Builder<>(name, valueType, keyCodec, source);
  }

  /** The cache name. */
  public String name() {
    return name;
  }

  /** The value type, for the codec. */
  public Class<V> valueType() {
    return valueType;
  }

  /** The key codec. */
  public KeyCodec<K> keyCodec() {
    return keyCodec;
  }

  /** The source of record. */
  public SourceOfRecord<K, V> source() {
    return source;
  }

  /** The memory bound: entries, or bytes if {@link #memoryLimitCountsBytes()}. */
  public long memoryLimit() {
    return memoryLimit;
  }

  /** Whether {@link #memoryLimit()} counts encoded bytes. */
  public boolean memoryLimitCountsBytes() {
    return memoryLimitCountsBytes;
  }

  /** Memory-tier time to live after write. */
  public Duration memoryTtl() {
    return memoryTtl;
  }

  /** Redis time to live, before jitter. */
  public Duration redisTtl() {
    return redisTtl;
  }

  /** The largest fraction by which a Redis TTL is shortened at random. */
  public double redisTtlJitter() {
    return redisTtlJitter;
  }

  /** How long a miss is cached. */
  public Duration negativeTtl() {
    return negativeTtl;
  }

  /** The oldest memory entry served while Redis is unavailable. */
  public Duration degradedTtl() {
    return degradedTtl;
  }

  /** Who hears of other instances' changes to this cache, if anyone. */
  public java.util.Optional<RemoteChangeListener<? super K>> remoteChangeListener() {
    return java.util.Optional.ofNullable(remoteChangeListener);
  }

  @Override
  public String toString() {
    return "CacheConfig[name="
        + name
        + ", memoryLimit="
        + memoryLimit
        + (memoryLimitCountsBytes ? " bytes" : " entries")
        + ", memoryTtl="
        + memoryTtl
        + ", redisTtl="
        + redisTtl
        + ", negativeTtl="
        + negativeTtl
        + ", degradedTtl="
        + degradedTtl
        + "]";
  }

  /** Builds a {@link CacheConfig}; each setter checks its argument at once. */
  public static final class Builder<K, V> {
    private final String name;
    private final Class<V> valueType;
    private final KeyCodec<K> keyCodec;
    private final SourceOfRecord<K, V> source;
    private long memoryLimit = DEFAULT_MEMORY_LIMIT;
    private boolean memoryLimitBytes;
    private Duration memoryTtl = DEFAULT_MEMORY_TTL;
    private Duration redisTtl = DEFAULT_REDIS_TTL;
    private double redisTtlJitter = DEFAULT_REDIS_TTL_JITTER;
    private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;
    private Duration degradedTtl = DEFAULT_DEGRADED_TTL;
    private RemoteChangeListener<? super K> remoteChangeListener;

    private Builder(
        String name, Class<V> valueType, KeyCodec<K> keyCodec, SourceOfRecord<K, V> source) {
      Objects.requireNonNull(name, "name");
      require(
          name.matches("[A-Za-z0-9_-]{1,64}"), "cache name must be 1-64 of [A-Za-z0-9_-]: " + name);
      this.name = name;
      this.valueType = Objects.requireNonNull(valueType, "valueType");
      this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
      this.source = Objects.requireNonNull(source, "source");
    }

    /** Bounds the memory tier to {@code entries} entries (default 1000). */
    public Builder<K, V> memoryLimitEntries(long entries) {
      require(entries >= 0, "memory limit must not be negative: " + entries);
      this.memoryLimit = entries;
      this.memoryLimitBytes = false;
      return this;
    }

    /**
     * Bounds the memory tier to {@code bytes} of encoded values (a weigher over the codec's
     * output).
     */
    public Builder<K, V> memoryLimitBytes(long bytes) {
      require(bytes >= 0, "memory limit must not be negative: " + bytes);
      this.memoryLimit = bytes;
      this.memoryLimitBytes = true;
      return this;
    }

    /** Memory-tier TTL after write (positive). */
    public Builder<K, V> memoryTtl(Duration ttl) {
      this.memoryTtl = positive(ttl, "memory TTL");
      return this;
    }

    /** Redis TTL before jitter (positive; default 3600 s). */
    public Builder<K, V> redisTtl(Duration ttl) {
      this.redisTtl = positive(ttl, "Redis TTL");
      return this;
    }

    /** The largest fraction, 0 to 0.5, by which a Redis TTL is shortened at random. */
    public Builder<K, V> redisTtlJitter(double fraction) {
      require(
          fraction >= 0 && fraction <= 0.5, "Redis TTL jitter must be in [0, 0.5]: " + fraction);
      this.redisTtlJitter = fraction;
      return this;
    }

    /** How long a miss is cached (zero disables negative caching). */
    public Builder<K, V> negativeTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "negative TTL");
      require(!ttl.isNegative(), "negative TTL must not be negative: " + ttl);
      this.negativeTtl = ttl;
      return this;
    }

    /** The oldest memory entry served while Redis is unavailable (positive; default 5 s). */
    public Builder<K, V> degradedTtl(Duration ttl) {
      this.degradedTtl = positive(ttl, "degraded TTL");
      return this;
    }

    /**
     * Hears other instances' changes to this cache (for a layer with copies of its own above it);
     * none by default.
     */
    public Builder<K, V> remoteChangeListener(RemoteChangeListener<? super K> listener) {
      this.remoteChangeListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The configuration. */
    public CacheConfig<K, V> build() {
      return new CacheConfig<>(this);
    }
  }
}
