package com.mallquest.mall.config;

import com.mallquest.mall.domain.EarningRules;
import com.mallquest.mall.domain.PurchaseCaps;
import com.mallquest.mall.domain.VipTier;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code mallquest.*}; docs/CONFIGURATION.md lists each property.
 *
 * @param currency the mall's one currency (ISO 4217)
 * @param timeZone the mall's time zone (IANA), the default for new shoppers
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 * @param rules the earning rules
 * @param security the admin key, key lifetime, rate limits, security headers
 * @param redis the Redis tier (off unless {@code url} is set)
 * @param cache the memory tier of each cache
 * @param idempotency how long Idempotency-Key responses are kept
 * @param imports the bulk import ({@code mallquest.import.*})
 * @param outbox the relay of the transactional outbox
 * @param groupCommit purchases of many requests in one transaction ({@code
 *     mallquest.group-commit.*})
 */
@ConfigurationProperties("mallquest")
public record MallQuestProperties(
    @DefaultValue("USD") String currency,
    @DefaultValue("UTC") String timeZone,
    @DefaultValue("65536") long maxRequestBytes,
    @DefaultValue Rules rules,
    @DefaultValue Security security,
    @DefaultValue Redis redis,
    @DefaultValue Cache cache,
    @DefaultValue Idempotency idempotency,
    @Name("import") @DefaultValue Import imports,
    @DefaultValue Outbox outbox,
    @DefaultValue GroupCommit groupCommit) {

  /**
   * {@code mallquest.group-commit.*}: purchases queued by many requests share one transaction and
   * one commit (ADR 0023).
   *
   * @param enabled off: every purchase commits in a transaction of its own
   * @param writers writer threads, each with its own connection while a batch runs (1-64; keep it
   *     well under the connection pool's size). One by default (ADR 0030): the fewer the writers,
   *     the larger the batches and the fewer the transactions; raise it when one writer's
   *     statements, run one after another, no longer keep up (the batches then reach {@code
   *     maxBatch})
   * @param maxBatch the most purchases in one transaction (1-1000)
   * @param stallAfter how long a writer's batch may run before the writer counts as stalled (most
   *     likely behind a row lock held elsewhere): the purchases queued behind it, and those that
   *     come while it lasts, then run in transactions of their own (ADR 0034). 1 ms to 1 minute;
   *     far above a batch's usual time (a few milliseconds under load)
   */
  public record GroupCommit(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("1") int writers,
      @DefaultValue("64") int maxBatch,
      @DefaultValue("250ms") Duration stallAfter) {

    /** Checks the ranges at start-up. */
    public GroupCommit {
      if (writers < 1 || writers > 64) {
        throw new IllegalArgumentException(
            "mallquest.group-commit.writers must be 1-64, was " + writers);
      }
      if (maxBatch < 1 || maxBatch > 1000) {
        throw new IllegalArgumentException(
            "mallquest.group-commit.max-batch must be 1-1000, was " + maxBatch);
      }
      if (stallAfter.compareTo(Duration.ofMillis(1)) < 0
          || stallAfter.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(
            "mallquest.group-commit.stall-after must be 1ms-1m, was " + stallAfter);
      }
    }
  }

  /**
   * {@code mallquest.outbox.*}: the relay that publishes committed changes to the Redis tier and
   * the leaderboards (ADR 0015).
   *
   * @param batchSize the most changes one relay step claims and publishes together
   * @param pollInterval how often an idle relay looks for changes other instances left (its own
   *     commits wake it at once)
   * @param staleAfter a pending change older than this makes health DEGRADED
   * @param startupTimeout how long start-up waits for the backlog to drain before taking traffic
   * @param linger after a commit wakes the relay, how long it lets more commits gather before it
   *     claims (0 to 500 ms, at most the poll interval): fewer, larger batches under load, for at
   *     most this much more delay before other instances and the boards hear of a change
   */
  public record Outbox(
      @DefaultValue("500") int batchSize,
      @DefaultValue("500ms") Duration pollInterval,
      @DefaultValue("30s") Duration staleAfter,
      @DefaultValue("30s") Duration startupTimeout,
      @DefaultValue("10ms") Duration linger) {

    /** Checks the linger against the poll interval. */
    public Outbox {
      if (linger.isNegative() || linger.compareTo(pollInterval) > 0) {
        throw new IllegalArgumentException(
            "mallquest.outbox.linger must be between 0 and mallquest.outbox.poll-interval ("
                + pollInterval.toMillis()
                + " ms), was "
                + linger.toMillis()
                + " ms");
      }
    }
  }

  /**
   * {@code mallquest.import.*}: {@code POST /api/v1/shoppers/import}, which streams its body and so
   * is not under {@code max-request-bytes}.
   *
   * @param maxBytes the largest import body; a larger one gets 413 (at once if its Content-Length
   *     says so, else when the reading passes it)
   * @param maxLineBytes the longest line; a longer one is rejected as a row
   * @param batchSize rows per insert statement and transaction
   * @param progressEveryRows an INFO log line each time this many more rows were read
   * @param maxErrorsListed rejected rows listed in the answer at most (all are counted)
   */
  public record Import(
      @DefaultValue("1GB") DataSize maxBytes,
      @DefaultValue("8KB") DataSize maxLineBytes,
      @DefaultValue("1000") int batchSize,
      @DefaultValue("100000") long progressEveryRows,
      @DefaultValue("1000") int maxErrorsListed) {}

  /**
   * {@code mallquest.rules.*}: see {@link EarningRules} for their meaning.
   *
   * @param silverSpend lifetime spend (major units) for Silver
   * @param goldSpend lifetime spend for Gold
   * @param platinumSpend lifetime spend for Platinum
   * @param bronzeMultiplier coin multiplier for Bronze
   * @param silverMultiplier coin multiplier for Silver
   * @param goldMultiplier coin multiplier for Gold
   * @param platinumMultiplier coin multiplier for Platinum
   * @param levelBaseXp the level curve's base
   * @param levelExponent the level curve's exponent
   * @param streakBonusBase check-in coins on day 1
   * @param streakBonusStep extra coins per further day
   * @param streakBonusCap most coins on an ordinary day
   * @param streakMilestoneDays every this many days, the milestone bonus
   * @param streakMilestoneBonus coins on a milestone day
   * @param caps the abuse caps on purchase coins ({@code mallquest.rules.caps.*})
   * @param companionMilestones level -> companion species id granted when a shopper reaches it
   * @param companionCheckInXp companion-xp the active companion earns per check-in
   */
  public record Rules(
      @DefaultValue("500") BigDecimal silverSpend,
      @DefaultValue("2000") BigDecimal goldSpend,
      @DefaultValue("10000") BigDecimal platinumSpend,
      @DefaultValue("1.0") BigDecimal bronzeMultiplier,
      @DefaultValue("1.1") BigDecimal silverMultiplier,
      @DefaultValue("1.25") BigDecimal goldMultiplier,
      @DefaultValue("1.5") BigDecimal platinumMultiplier,
      @DefaultValue("100") long levelBaseXp,
      @DefaultValue("1.5") double levelExponent,
      @DefaultValue("5") long streakBonusBase,
      @DefaultValue("5") long streakBonusStep,
      @DefaultValue("50") long streakBonusCap,
      @DefaultValue("7") int streakMilestoneDays,
      @DefaultValue("100") long streakMilestoneBonus,
      @DefaultValue Caps caps,
      Map<Integer, String> companionMilestones,
      @DefaultValue("10") long companionCheckInXp) {

    /** The milestones, never null. */
    public Map<Integer, String> companionMilestonesOrEmpty() {
      return companionMilestones == null ? Map.of() : Map.copyOf(companionMilestones);
    }

    /** The domain's rules, validated. */
    public EarningRules toEarningRules() {
      Map<VipTier, BigDecimal> thresholds = new EnumMap<>(VipTier.class);
      thresholds.put(VipTier.BRONZE, BigDecimal.ZERO);
      thresholds.put(VipTier.SILVER, silverSpend);
      thresholds.put(VipTier.GOLD, goldSpend);
      thresholds.put(VipTier.PLATINUM, platinumSpend);
      Map<VipTier, BigDecimal> multipliers = new EnumMap<>(VipTier.class);
      multipliers.put(VipTier.BRONZE, bronzeMultiplier);
      multipliers.put(VipTier.SILVER, silverMultiplier);
      multipliers.put(VipTier.GOLD, goldMultiplier);
      multipliers.put(VipTier.PLATINUM, platinumMultiplier);
      return new EarningRules(
          thresholds,
          multipliers,
          levelBaseXp,
          levelExponent,
          streakBonusBase,
          streakBonusStep,
          streakBonusCap,
          streakMilestoneDays,
          streakMilestoneBonus);
    }
  }

  /**
   * {@code mallquest.rules.caps.*}: absent or 0 means no cap.
   *
   * @param dailyPurchaseCoins most coins a shopper earns from purchases per mall-local day
   * @param purchasesPerStorePerHour most purchases per shopper and store within an hour that earn
   *     coins
   */
  public record Caps(
      @DefaultValue("0") long dailyPurchaseCoins, @DefaultValue("0") int purchasesPerStorePerHour) {

    /** The domain's caps, validated. */
    public PurchaseCaps toPurchaseCaps() {
      return new PurchaseCaps(dailyPurchaseCoins, purchasesPerStorePerHour);
    }
  }

  /**
   * {@code mallquest.security.*}.
   *
   * @param adminKey the operators' ADMIN key; if empty, one is generated at first start and logged
   *     once
   * @param keyTtl lifetime of API keys created without {@code expiresAt}; empty: they never expire
   * @param rateLimit per-key request limits
   * @param contentSecurityPolicy the Content-Security-Policy header of every response
   */
  public record Security(
      String adminKey,
      Duration keyTtl,
      @DefaultValue RateLimit rateLimit,
      @DefaultValue(
              "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self';"
                  + " form-action 'self'; frame-ancestors 'none'")
          String contentSecurityPolicy) {}

  /**
   * {@code mallquest.security.rate-limit.*}: a token bucket per API key, shared by every instance
   * through Redis when {@code mallquest.redis.url} is set (ADR 0022), else on each instance.
   *
   * @param requestsPerMinute requests a minute per key (also the burst) unless the key has its own
   *     limit; high by default, since one APP key serves every shopper of the app
   * @param maxTrackedKeys most keys whose buckets are kept in memory (least recently used go first)
   * @param clusterWide whether the buckets live in Redis (when Redis is configured); false: each
   *     instance counts alone, as before ADR 0022
   * @param redisTimeout the longest a request waits for the shared bucket before this instance
   *     falls back to its own buckets
   * @param retryInterval while falling back, how often one request tries Redis again
   * @param maxLease the most tokens of a key's shared bucket an instance takes in one round trip
   *     and spends itself (ADR 0027); 1: every decision is a round trip to Redis
   * @param leaseTime the longest an instance holds leased tokens before what is left goes back
   */
  public record RateLimit(
      @DefaultValue("60000") int requestsPerMinute,
      @DefaultValue("100000") long maxTrackedKeys,
      @DefaultValue("true") boolean clusterWide,
      @DefaultValue("50ms") Duration redisTimeout,
      @DefaultValue("1s") Duration retryInterval,
      @DefaultValue("64") int maxLease,
      @DefaultValue("100ms") Duration leaseTime) {

    /** Refuses bad values at start-up. */
    public RateLimit {
      if (requestsPerMinute < 1) {
        throw new IllegalArgumentException(
            "mallquest.security.rate-limit.requests-per-minute must be positive, was "
                + requestsPerMinute);
      }
      if (maxTrackedKeys < 1) {
        throw new IllegalArgumentException(
            "mallquest.security.rate-limit.max-tracked-keys must be positive, was "
                + maxTrackedKeys);
      }
      if (redisTimeout == null
          || redisTimeout.isNegative()
          || redisTimeout.isZero()
          || redisTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException(
            "mallquest.security.rate-limit.redis-timeout must be more than 0 and at most 10s, was "
                + redisTimeout);
      }
      if (retryInterval == null || retryInterval.compareTo(Duration.ofMillis(10)) < 0) {
        throw new IllegalArgumentException(
            "mallquest.security.rate-limit.retry-interval must be at least 10ms, was "
                + retryInterval);
      }
      if (maxLease < 1 || maxLease > 10_000) {
        throw new IllegalArgumentException(
            "mallquest.security.rate-limit.max-lease must be 1 to 10000, was " + maxLease);
      }
      if (leaseTime == null
          || leaseTime.compareTo(Duration.ofMillis(1)) < 0
          || leaseTime.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException(
            "mallquest.security.rate-limit.lease-time must be 1ms to 10s, was " + leaseTime);
      }
    }
  }

  /**
   * {@code mallquest.idempotency.*}.
   *
   * @param retention how long a response is replayed for the same Idempotency-Key
   * @param inFlightTimeout after this, a request that never finished (its instance died) no longer
   *     blocks its key
   * @param purgeInterval how often expired entries are deleted
   */
  public record Idempotency(
      @DefaultValue("24h") Duration retention,
      @DefaultValue("60s") Duration inFlightTimeout,
      @DefaultValue("1h") Duration purgeInterval) {}

  /**
   * {@code mallquest.redis.*}.
   *
   * @param url e.g. {@code redis://127.0.0.1:6379}; with {@code cluster}, the seed nodes separated
   *     by commas, e.g. {@code redis://10.0.0.1:7000,redis://10.0.0.2:7000,redis://10.0.0.3:7000};
   *     empty: no Redis tier
   * @param cluster whether {@code url} names a Redis Cluster (ADR 0021; default false: one Redis)
   * @param namespace the key prefix shared by all instances of one deployment; the database's
   *     installation id and cache epoch are appended (ADR 0016)
   * @param commandTimeout Redis command timeout on the request path
   * @param bindingCheckInterval how often an instance checks that its database is still the one its
   *     Redis keys are bound to (ADR 0016)
   * @param streamMaxLength the approximate length each invalidation stream is trimmed to (at least
   *     100): an instance that falls further behind than this clears its memory tier, so size it to
   *     a few seconds of writes at peak (docs/CAPACITY.md)
   */
  public record Redis(
      String url,
      @DefaultValue("false") boolean cluster,
      @DefaultValue("mallquest") String namespace,
      @DefaultValue("50ms") Duration commandTimeout,
      @DefaultValue("10s") Duration bindingCheckInterval,
      @DefaultValue("10000") long streamMaxLength) {

    /** Checks the stream length at start-up. */
    public Redis {
      if (streamMaxLength < 100) {
        throw new IllegalArgumentException(
            "mallquest.redis.stream-max-length must be at least 100, was " + streamMaxLength);
      }
    }
  }

  /**
   * {@code mallquest.cache.*}.
   *
   * @param shoppers the shopper-profile cache
   * @param stores the store cache
   * @param missions the mission catalog cache (one entry)
   */
  public record Cache(
      @DefaultValue CacheTier shoppers,
      @DefaultValue CacheTier stores,
      @DefaultValue CacheTier missions) {}

  /**
   * One cache's settings.
   *
   * @param memoryLimit entries in memory (default 1000, as the original)
   * @param memoryTtl memory-tier TTL
   * @param redisTtl Redis TTL (default 3600 s, as the original)
   * @param negativeTtl how long an unknown id is remembered
   * @param degradedTtl the oldest memory entry served while Redis is down
   */
  public record CacheTier(
      @DefaultValue("1000") long memoryLimit,
      @DefaultValue("10m") Duration memoryTtl,
      @DefaultValue("3600s") Duration redisTtl,
      @DefaultValue("30s") Duration negativeTtl,
      @DefaultValue("5s") Duration degradedTtl) {}
}
