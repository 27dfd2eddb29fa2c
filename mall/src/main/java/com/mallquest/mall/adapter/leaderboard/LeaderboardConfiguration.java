package com.mallquest.mall.adapter.leaderboard;

import com.mallquest.mall.adapter.cache.CacheBinding;
import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.leaderboard.LeaderboardPublisher;
import com.mallquest.mall.application.leaderboard.Leaderboards;
import com.mallquest.mall.application.port.ChangePublisher;
import com.mallquest.mall.application.port.LeaderboardCache;
import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.config.MallQuestProperties;
import com.mallquest.mall.domain.LeaderboardPeriod;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.ShopperId;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Leaderboards: from the database always, and from Redis sorted sets when {@code
 * mallquest.redis.url} is set (same URL and namespace as the caches, bound to the database like
 * them, a connection of their own).
 */
@Configuration(proxyBeanMethods = false)
public class LeaderboardConfiguration {

  /** Rebuilds waiting beyond this are dropped (the next read asks again). */
  private static final int QUEUE_CAPACITY = 10_000;

  /** The background thread that rebuilds boards; stopped with the context. */
  static final class Worker implements AutoCloseable {
    private final ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE_CAPACITY),
            r -> {
              Thread t = new Thread(r, "leaderboards");
              t.setDaemon(true);
              return t;
            });

    void execute(Runnable task) {
      pool.execute(task);
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  @Bean(destroyMethod = "close")
  Worker leaderboardWorker() {
    return new Worker();
  }

  @Bean(destroyMethod = "close")
  AutoCloseableCache leaderboardCache(MallQuestProperties properties, CacheBinding binding) {
    MallQuestProperties.Redis redis = properties.redis();
    if (redis.url() == null || redis.url().isBlank()) {
      return new AutoCloseableCache(new DatabaseOnly());
    }
    // Bound to the database like the caches (ADR 0016); off if the database changes under it.
    RedisLeaderboardCache cache =
        new RedisLeaderboardCache(
            redis.url(),
            redis.cluster(),
            binding.namespace(redis.namespace()),
            redis.commandTimeout());
    binding.onMismatch(cache::close);
    return new AutoCloseableCache(cache);
  }

  /**
   * The cache as a port, for the reconciliation check; closed by {@link #leaderboardCache}'s
   * holder.
   */
  @Bean(destroyMethod = "")
  LeaderboardCache leaderboardCachePort(AutoCloseableCache cache) {
    return cache.cache();
  }

  @Bean
  Leaderboards leaderboards(
      LeaderboardRepository repository,
      AutoCloseableCache cache,
      ShopperRepository shoppers,
      MallSettings settings,
      Clock clock,
      Worker worker) {
    return new Leaderboards(repository, cache.cache(), shoppers, settings, clock, worker::execute);
  }

  /** Publishes the outbox's leaderboard changes (ADR 0015). */
  @Bean
  ChangePublisher leaderboardPublisher(
      LeaderboardRepository repository,
      AutoCloseableCache cache,
      MallSettings settings,
      Clock clock) {
    return new LeaderboardPublisher(repository, cache.cache(), settings, clock);
  }

  /** Holds the cache so the context closes its Redis connection. */
  record AutoCloseableCache(LeaderboardCache cache) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      if (cache instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  /** No Redis configured: every read goes to the database. */
  static final class DatabaseOnly implements LeaderboardCache {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public State state(LeaderboardPeriod period, LocalDate start) {
      return State.UNAVAILABLE;
    }

    @Override
    public Optional<List<LeaderboardScore>> top(
        LeaderboardPeriod period, LocalDate start, int limit) {
      return Optional.empty();
    }

    @Override
    public Optional<Standing> standing(
        LeaderboardPeriod period, LocalDate start, ShopperId shopperId, int neighbours) {
      return Optional.empty();
    }

    @Override
    public void put(
        LeaderboardPeriod period,
        LocalDate start,
        ShopperId shopperId,
        Optional<LeaderboardScore> score,
        long version) {
      // Nothing to keep up to date.
    }

    @Override
    public boolean putAll(List<Update> updates) {
      return true;
    }

    @Override
    public void clear(LeaderboardPeriod period, LocalDate start) {
      // Nothing to clear.
    }

    @Override
    public void markReady(LeaderboardPeriod period, LocalDate start) {
      // Never ready: there is no board.
    }

    @Override
    public void invalidateAll() {
      // Nothing to invalidate.
    }
  }
}
