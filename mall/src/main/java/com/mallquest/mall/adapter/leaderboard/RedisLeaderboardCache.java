package com.mallquest.mall.adapter.leaderboard;

import com.mallquest.mall.application.port.LeaderboardCache;
import com.mallquest.mall.domain.LeaderboardPeriod;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.ShopperId;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaderboards in Redis sorted sets, on a Lettuce connection of their own with a short command
 * timeout; commands are rejected at once while disconnected, so an outage costs no request more
 * than the timeout.
 *
 * <p>Layout, per period and start date ({@code <ns>:lb:<period>:<yyyy-mm-dd>}): the sorted set
 * itself; {@code ...:v}, a hash shopper id to {@code <version>|<member>}; {@code ...:ready}, the
 * marker a finished rebuild sets. A flush or eviction removes the marker with the rest, so a board
 * without it is rebuilt from the database. Week and month boards expire some weeks after their
 * period.
 *
 * <p>Encoding, so Redis's own order is the tie rule: the score is {@code -xp} (exact in a double up
 * to 2^53 xp), ascending; members of equal score are ordered by their bytes, and the member is
 * {@code <reachedAt in epoch microseconds, 20 digits>:<shopper id>}, so an earlier time comes first
 * and then the smaller id (ids are ASCII).
 *
 * <p>Updates are a Lua script that, per entry, removes the shopper's old member and adds the new
 * one unless the hash holds a higher version: a late update never overwrites a newer one. The relay
 * sends a whole batch of updates as one script call ({@link #putAll}); one that fails stays in the
 * outbox and is sent again. A rebuild's single write that fails marks every board stale; the next
 * read rebuilds it.
 *
 * <p><b>Redis Cluster</b> ({@code cluster}, ADR 0021): the client is Lettuce's cluster client, and
 * each board's key carries a hash tag ({@code <ns>:lb:{<ns>:<period>:<yyyy-mm-dd>}}, then {@code
 * :v} and {@code :ready}), so a board's three keys share a slot and its scripts run there. A batch
 * that touches several boards is sent as one script call per board (updates are versioned, so a
 * batch resent after a partial failure changes nothing twice). A topology change (a failover: the
 * promoted replica may lack the last updates) marks every board stale, so each is rebuilt from the
 * database on its next read.
 */
final class RedisLeaderboardCache implements LeaderboardCache, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisLeaderboardCache.class);

  private static final String PUT_SCRIPT =
      """
      local cur = redis.call('HGET', KEYS[2], ARGV[1])
      if cur then
        local sep = string.find(cur, '|', 1, true)
        if tonumber(string.sub(cur, 1, sep - 1)) > tonumber(ARGV[2]) then return 0 end
        local old = string.sub(cur, sep + 1)
        if old ~= '' then redis.call('ZREM', KEYS[1], old) end
      end
      if ARGV[3] == '' then
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. '|')
      else
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. '|' .. ARGV[4])
      end
      if tonumber(ARGV[5]) > 0 then
        redis.call('EXPIRE', KEYS[1], ARGV[5])
        redis.call('EXPIRE', KEYS[2], ARGV[5])
      end
      return 1
      """;

  /**
   * A batch of {@link #PUT_SCRIPT}s in one call. KEYS: board and version hash of each board the
   * batch touches; ARGV: each board's TTL in seconds (0: none), then five per update: the board's
   * 1-based index, shopper id, version, score ('' to remove) and member. Returns how many applied.
   */
  private static final String PUT_ALL_SCRIPT =
      """
      local boards = #KEYS / 2
      local applied = 0
      for i = boards + 1, #ARGV, 5 do
        local b = tonumber(ARGV[i])
        local zset, hash = KEYS[2 * b - 1], KEYS[2 * b]
        local id, ver, score, member = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
        local cur = redis.call('HGET', hash, id)
        local newer = false
        if cur then
          local sep = string.find(cur, '|', 1, true)
          if tonumber(string.sub(cur, 1, sep - 1)) > tonumber(ver) then
            newer = true
          else
            local old = string.sub(cur, sep + 1)
            if old ~= '' then redis.call('ZREM', zset, old) end
          end
        end
        if not newer then
          if score == '' then
            redis.call('HSET', hash, id, ver .. '|')
          else
            redis.call('ZADD', zset, score, member)
            redis.call('HSET', hash, id, ver .. '|' .. member)
          end
          applied = applied + 1
        end
      end
      for b = 1, boards do
        local ttl = tonumber(ARGV[b])
        if ttl > 0 then
          redis.call('EXPIRE', KEYS[2 * b - 1], ttl)
          redis.call('EXPIRE', KEYS[2 * b], ttl)
        end
      end
      return applied
      """;

  /**
   * What boards hold for some shoppers, for the reconciliation check. KEYS: marker, version hash
   * and sorted set of each board; ARGV: the shopper ids. Returns, per board, '1' followed by two
   * values per shopper (the hash entry {@code <version>|<member>} and the member's score, '' for
   * none), or '0' alone if the board is not ready.
   */
  private static final String HELD_SCRIPT =
      """
      local out = {}
      for b = 1, #KEYS / 3 do
        local marker, hash, zset = KEYS[3 * b - 2], KEYS[3 * b - 1], KEYS[3 * b]
        if redis.call('EXISTS', marker) == 1 then
          out[#out + 1] = '1'
          local held = redis.call('HMGET', hash, unpack(ARGV))
          for i = 1, #ARGV do
            local cur = held[i]
            if cur then
              local sep = string.find(cur, '|', 1, true)
              local member = sep and string.sub(cur, sep + 1) or ''
              local score = false
              if member ~= '' then score = redis.call('ZSCORE', zset, member) end
              out[#out + 1] = cur
              out[#out + 1] = score or ''
            else
              out[#out + 1] = ''
              out[#out + 1] = ''
            end
          end
        else
          out[#out + 1] = '0'
        end
      end
      return out
      """;

  private static final long RECONNECT_INTERVAL_MILLIS = 1_000;

  private final AbstractRedisClient client;
  private final boolean cluster;
  private final String namespace;
  private final Set<LeaderboardPeriod> stale = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastConnectAttempt = new AtomicLong();
  private volatile StatefulConnection<String, String> connection;
  private volatile RedisClusterCommands<String, String> commands;

  RedisLeaderboardCache(String url, String namespace, Duration commandTimeout) {
    this(url, false, namespace, commandTimeout);
  }

  RedisLeaderboardCache(String url, boolean cluster, String namespace, Duration commandTimeout) {
    this.cluster = cluster;
    this.namespace = namespace;
    if (cluster) {
      List<RedisURI> seeds = new ArrayList<>();
      for (String part : url.split(",")) {
        if (!part.isBlank()) {
          RedisURI uri = RedisURI.create(part.trim());
          uri.setTimeout(commandTimeout);
          seeds.add(uri);
        }
      }
      RedisClusterClient clusterClient = RedisClusterClient.create(seeds);
      clusterClient.setOptions(
          ClusterClientOptions.builder()
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .autoReconnect(true)
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enableAllAdaptiveRefreshTriggers()
                      .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                      .enablePeriodicRefresh(Duration.ofSeconds(5))
                      .build())
              .build());
      // A failover may have lost the last updates: rebuild every board from the database.
      clusterClient
          .getResources()
          .eventBus()
          .get()
          .filter(ClusterTopologyChangedEvent.class::isInstance)
          .subscribe(event -> topologyChanged());
      this.client = clusterClient;
    } else {
      RedisURI uri = RedisURI.create(url);
      uri.setTimeout(commandTimeout);
      RedisClient standalone = RedisClient.create(uri);
      standalone.setOptions(
          ClientOptions.builder()
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .autoReconnect(true)
              .build());
      this.client = standalone;
    }
  }

  private void topologyChanged() {
    if (stale.addAll(EnumSet.allOf(LeaderboardPeriod.class))) {
      log.warn(
          "leaderboards: the Redis Cluster topology changed (failover?): boards will be rebuilt from the database");
    }
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public State state(LeaderboardPeriod period, LocalDate start) {
    RedisClusterCommands<String, String> redis = commands();
    if (redis == null) {
      return State.UNAVAILABLE;
    }
    try {
      if (stale.contains(period)) {
        redis.del(marker(period, start));
        stale.remove(period);
        return State.MISSING;
      }
      return redis.exists(marker(period, start)) == 1 ? State.READY : State.MISSING;
    } catch (RuntimeException e) {
      return State.UNAVAILABLE;
    }
  }

  @Override
  public Optional<List<LeaderboardScore>> top(
      LeaderboardPeriod period, LocalDate start, int limit) {
    RedisClusterCommands<String, String> redis = readyCommands(period, start);
    if (redis == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(scores(redis.zrangeWithScores(board(period, start), 0, limit - 1L)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Standing> standing(
      LeaderboardPeriod period, LocalDate start, ShopperId shopperId, int neighbours) {
    RedisClusterCommands<String, String> redis = readyCommands(period, start);
    if (redis == null) {
      return Optional.empty();
    }
    try {
      String entry = redis.hget(versions(period, start), shopperId.value());
      String member = entry == null ? "" : entry.substring(entry.indexOf('|') + 1);
      Long rank = member.isEmpty() ? null : redis.zrank(board(period, start), member);
      if (rank == null) {
        return Optional.of(new Standing(0, Optional.empty(), List.of(), List.of()));
      }
      Double score = redis.zscore(board(period, start), member);
      if (score == null) {
        return Optional.empty();
      }
      List<LeaderboardScore> above =
          neighbours == 0 || rank == 0
              ? List.of()
              : scores(
                  redis.zrangeWithScores(
                      board(period, start), Math.max(0, rank - neighbours), rank - 1));
      List<LeaderboardScore> below =
          neighbours == 0
              ? List.of()
              : scores(redis.zrangeWithScores(board(period, start), rank + 1, rank + neighbours));
      return Optional.of(new Standing(rank + 1, Optional.of(decode(member, score)), above, below));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public void put(
      LeaderboardPeriod period,
      LocalDate start,
      ShopperId shopperId,
      Optional<LeaderboardScore> score,
      long version) {
    RedisClusterCommands<String, String> redis = commands();
    if (redis == null) {
      invalidateAll();
      return;
    }
    try {
      redis.eval(
          PUT_SCRIPT,
          ScriptOutputType.INTEGER,
          new String[] {board(period, start), versions(period, start)},
          shopperId.value(),
          Long.toString(version),
          score.map(s -> Double.toString(-(double) s.xp())).orElse(""),
          score.map(RedisLeaderboardCache::member).orElse(""),
          Long.toString(ttlSeconds(period)));
    } catch (RuntimeException e) {
      invalidateAll();
    }
  }

  @Override
  public boolean putAll(List<Update> updates) {
    if (updates.isEmpty()) {
      return true;
    }
    RedisClusterCommands<String, String> redis = commands();
    if (redis == null) {
      return false;
    }
    try {
      if (cluster) {
        // A script's keys must share a slot: one call per board.
        Map<String, List<Update>> byBoard = new LinkedHashMap<>();
        updates.forEach(
            u ->
                byBoard
                    .computeIfAbsent(board(u.period(), u.start()), b -> new ArrayList<>())
                    .add(u));
        for (List<Update> batch : byBoard.values()) {
          putBatch(redis, batch);
        }
      } else {
        putBatch(redis, updates);
      }
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "leaderboards: {} updates not written ({}); they stay in the outbox",
          updates.size(),
          e.getClass().getSimpleName());
      return false;
    }
  }

  private void putBatch(RedisClusterCommands<String, String> redis, List<Update> updates) {
    Map<String, Integer> boards = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    List<String> ttls = new ArrayList<>();
    List<String> entries = new ArrayList<>(updates.size() * 5);
    for (Update u : updates) {
      Integer index = boards.get(board(u.period(), u.start()));
      if (index == null) {
        index = boards.size() + 1;
        boards.put(board(u.period(), u.start()), index);
        keys.add(board(u.period(), u.start()));
        keys.add(versions(u.period(), u.start()));
        ttls.add(Long.toString(ttlSeconds(u.period())));
      }
      entries.add(Integer.toString(index));
      entries.add(u.shopperId().value());
      entries.add(Long.toString(u.version()));
      entries.add(u.score().map(s -> Double.toString(-(double) s.xp())).orElse(""));
      entries.add(u.score().map(RedisLeaderboardCache::member).orElse(""));
    }
    List<String> args = new ArrayList<>(ttls.size() + entries.size());
    args.addAll(ttls);
    args.addAll(entries);
    redis.eval(
        PUT_ALL_SCRIPT,
        ScriptOutputType.INTEGER,
        keys.toArray(new String[0]),
        args.toArray(new String[0]));
  }

  @Override
  public Optional<Map<LeaderboardPeriod, Map<ShopperId, Held>>> held(
      Map<LeaderboardPeriod, LocalDate> boards, Collection<ShopperId> shopperIds) {
    RedisClusterCommands<String, String> redis = commands();
    if (redis == null) {
      return Optional.empty();
    }
    List<String> ids = shopperIds.stream().map(ShopperId::value).distinct().toList();
    List<LeaderboardPeriod> periods =
        boards.keySet().stream().filter(p -> !stale.contains(p)).toList();
    Map<LeaderboardPeriod, Map<ShopperId, Held>> result = new EnumMap<>(LeaderboardPeriod.class);
    if (ids.isEmpty() || periods.isEmpty()) {
      return Optional.of(result);
    }
    List<Object> out = new ArrayList<>();
    try {
      // On a cluster one call per board (a script's keys share a slot); the answers concatenate.
      for (List<LeaderboardPeriod> call :
          cluster ? periods.stream().map(List::of).toList() : List.of(periods)) {
        List<String> keys = new ArrayList<>(call.size() * 3);
        for (LeaderboardPeriod p : call) {
          LocalDate start = boards.get(p);
          keys.add(marker(p, start));
          keys.add(versions(p, start));
          keys.add(board(p, start));
        }
        List<Object> part =
            redis.eval(
                HELD_SCRIPT,
                ScriptOutputType.MULTI,
                keys.toArray(new String[0]),
                ids.toArray(new String[0]));
        out.addAll(part);
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    int at = 0;
    for (LeaderboardPeriod p : periods) {
      if (!"1".equals(text(out.get(at++)))) {
        continue;
      }
      Map<ShopperId, Held> held = new LinkedHashMap<>();
      for (String id : ids) {
        held.put(new ShopperId(id), held(text(out.get(at)), text(out.get(at + 1))));
        at += 2;
      }
      result.put(p, held);
    }
    return Optional.of(result);
  }

  /** A hash entry {@code <version>|<member>} and the member's score ('' for none). */
  static Held held(String entry, String score) {
    int sep = entry.indexOf('|');
    if (entry.isEmpty() || sep < 0) {
      return Held.NONE;
    }
    long version = Long.parseLong(entry.substring(0, sep));
    return new Held(
        version,
        score.isEmpty()
            ? OptionalLong.empty()
            : OptionalLong.of(-(long) Double.parseDouble(score)));
  }

  private static String text(Object value) {
    return value instanceof byte[] bytes
        ? new String(bytes, StandardCharsets.UTF_8)
        : String.valueOf(value);
  }

  @Override
  public void clear(LeaderboardPeriod period, LocalDate start) {
    RedisClusterCommands<String, String> redis = commands();
    if (redis != null) {
      try {
        redis.del(marker(period, start), board(period, start), versions(period, start));
      } catch (RuntimeException e) {
        invalidateAll();
      }
    }
  }

  @Override
  public void markReady(LeaderboardPeriod period, LocalDate start) {
    RedisClusterCommands<String, String> redis = commands();
    if (redis == null || stale.contains(period)) {
      return;
    }
    try {
      long ttl = ttlSeconds(period);
      redis.set(marker(period, start), "1", ttl > 0 ? SetArgs.Builder.ex(ttl) : new SetArgs());
    } catch (RuntimeException e) {
      invalidateAll();
    }
  }

  @Override
  public void invalidateAll() {
    if (stale.addAll(EnumSet.allOf(LeaderboardPeriod.class))) {
      log.warn("leaderboard update lost: Redis boards will be rebuilt from the database");
    }
  }

  @Override
  public void close() {
    StatefulConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  /** The member for a score: reached time then id, so byte order is the tie rule. */
  static String member(LeaderboardScore score) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, score.reachedAt());
    if (micros < 0) {
      return String.format("%020d:%s", micros, score.shopperId().value());
    }
    // "%020d:%s" without java.util.Formatter, which was 4% of a purchase's CPU in the relay (JFR).
    String digits = Long.toString(micros);
    String id = score.shopperId().value();
    StringBuilder member = new StringBuilder(21 + id.length());
    member.append("0".repeat(20 - digits.length())).append(digits).append(':').append(id);
    return member.toString();
  }

  static LeaderboardScore decode(String member, double score) {
    int colon = member.indexOf(':');
    Instant reached =
        Instant.EPOCH.plus(Long.parseLong(member.substring(0, colon)), ChronoUnit.MICROS);
    return new LeaderboardScore(new ShopperId(member.substring(colon + 1)), -(long) score, reached);
  }

  private static List<LeaderboardScore> scores(List<ScoredValue<String>> values) {
    List<LeaderboardScore> scores = new ArrayList<>(values.size());
    for (ScoredValue<String> v : values) {
      scores.add(decode(v.getValue(), v.getScore()));
    }
    return scores;
  }

  private static long ttlSeconds(LeaderboardPeriod period) {
    return switch (period) {
      case ALL_TIME -> 0;
      case WEEK -> Duration.ofDays(21).toSeconds();
      case MONTH -> Duration.ofDays(93).toSeconds();
    };
  }

  private RedisClusterCommands<String, String> readyCommands(
      LeaderboardPeriod period, LocalDate start) {
    if (stale.contains(period)) {
      return null;
    }
    RedisClusterCommands<String, String> redis = commands();
    if (redis == null) {
      return null;
    }
    try {
      return redis.exists(marker(period, start)) == 1 ? redis : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The connection's commands, connecting if needed (at most once a second); null while down. */
  private RedisClusterCommands<String, String> commands() {
    StatefulConnection<String, String> c = connection;
    if (c != null) {
      return c.isOpen() ? commands : null;
    }
    long now = System.currentTimeMillis();
    long last = lastConnectAttempt.get();
    if (now - last < RECONNECT_INTERVAL_MILLIS || !lastConnectAttempt.compareAndSet(last, now)) {
      return null;
    }
    try {
      synchronized (this) {
        if (connection == null) {
          if (cluster) {
            StatefulRedisClusterConnection<String, String> c2 =
                ((RedisClusterClient) client).connect();
            commands = c2.sync();
            connection = c2;
          } else {
            StatefulRedisConnection<String, String> c2 = ((RedisClient) client).connect();
            commands = c2.sync();
            connection = c2;
          }
        }
      }
      return commands;
    } catch (RuntimeException e) {
      log.warn(
          "leaderboards: Redis not reachable ({}); serving from the database",
          e.getClass().getSimpleName());
      invalidateAll();
      return null;
    }
  }

  private String key(LeaderboardPeriod period, LocalDate start) {
    // On a cluster the board's name is also its hash tag: the board, its hash and its marker share
    // a slot.
    return cluster
        ? namespace + ":lb:{" + namespace + ":" + period.slug() + ":" + start + "}"
        : namespace + ":lb:" + period.slug() + ":" + start;
  }

  private String board(LeaderboardPeriod period, LocalDate start) {
    return key(period, start);
  }

  private String versions(LeaderboardPeriod period, LocalDate start) {
    return key(period, start) + ":v";
  }

  private String marker(LeaderboardPeriod period, LocalDate start) {
    return key(period, start) + ":ready";
  }
}
