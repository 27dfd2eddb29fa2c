package com.mallquest.smartcache.demo;

import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.CacheStats;
import com.mallquest.smartcache.KeyCodec;
import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.SmartCacheManager;
import com.mallquest.smartcache.SourceOfRecord;
import com.mallquest.smartcache.Versioned;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The original's memory-growth comparison, in Java: an unbounded {@code HashMap} of 10,000 users
 * (the old {@code defaultdict(dict)}) against a {@link SmartCache} with the original's limit of
 * 1000 in front of the database. Unlike the original, the cache is not the store: every user is
 * still readable after eviction.
 *
 * <p>Run {@link #main} from an IDE, with an optional Redis URI as argument ({@code
 * redis://127.0.0.1:6379}); {@link MemoryGrowthDemoTest} runs it in every build and checks the
 * figures.
 */
public final class MemoryGrowthDemo {

  static final int USERS = 10_000;
  static final int MEMORY_LIMIT = 1000;

  /** A user's data, as the original kept it. */
  public record UserData(
      String userId, String language, long coins, int level, long xp, String vipTier) {}

  /** The figures the demo prints. */
  public record Result(
      int unlimitedEntries,
      long memoryCacheSize,
      long memoryLimit,
      double efficiencyPercent,
      int readableUsers) {}

  private MemoryGrowthDemo() {}

  public static void main(String[] args) {
    run(System.out, args.length > 0 ? args[0] : null);
  }

  /**
   * Runs the comparison, printing to {@code out}; {@code redisUri} may be null (memory + database).
   */
  public static Result run(PrintStream out, String redisUri) {
    out.println("Memory Growth Comparison");
    out.println("==================================================");

    out.println();
    out.println("1. Simulating unlimited memory growth (old approach)...");
    Map<String, UserData> unlimited = new HashMap<>();
    for (int i = 0; i < USERS; i++) {
      UserData user = user(i);
      unlimited.put(user.userId(), user);
    }
    out.println("   Memory usage: " + unlimited.size() + " entries");
    out.println("   Unlimited memory growth - potential memory issues");

    out.println();
    out.println("2. Simulating controlled memory growth (new approach)...");
    Map<String, Versioned<UserData>> database = new ConcurrentHashMap<>();
    SourceOfRecord<String, UserData> users = id -> Optional.ofNullable(database.get(id));
    try (SmartCacheManager manager =
        SmartCacheManager.builder().redisUri(redisUri).namespace("demo").build()) {
      SmartCache<String, UserData> cache =
          manager.createCache(
              CacheConfig.builder("users", UserData.class, KeyCodec.strings(), users)
                  .memoryLimitEntries(MEMORY_LIMIT)
                  .build());
      for (int i = 0; i < USERS; i++) {
        UserData user = user(i);
        Versioned<UserData> row = Versioned.of(user, 0);
        database.put(user.userId(), row);
        cache.written(user.userId(), row);
      }
      int readable = 0;
      for (int i = 0; i < USERS; i++) {
        if (cache.get(user(i).userId()).map(Versioned::value).equals(Optional.of(user(i)))) {
          readable++;
        }
      }
      CacheStats stats = manager.getCacheStats().get("users");
      out.println("   Memory cache size: " + stats.memoryCacheSize());
      out.println("   Memory limit: " + stats.memoryLimit());
      out.println("   Controlled memory growth - no memory issues");
      out.println(
          "   Users still readable: "
              + readable
              + " of "
              + USERS
              + " (evicted ones from "
              + (stats.redisAvailable() ? "Redis or " : "")
              + "the database)");

      double efficiency = 100.0 * stats.memoryCacheSize() / unlimited.size();
      out.println();
      out.println("Performance Comparison:");
      out.println(
          String.format(Locale.ROOT, "   Memory efficiency: %.1f%% of unlimited", efficiency));
      return new Result(
          unlimited.size(), stats.memoryCacheSize(), stats.memoryLimit(), efficiency, readable);
    }
  }

  private static UserData user(int i) {
    return new UserData(
        "user_" + i,
        i % 3 == 0 ? "en" : "ar",
        i * 10L,
        1 + i % 50,
        i * 100L,
        i % 10 == 0 ? "Gold" : "Bronze");
  }
}
