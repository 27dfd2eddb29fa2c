package com.mallquest.smartcache.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Counts the Redis keys of caches for the statistics ({@code redisKeys}), with {@code SCAN} so
 * Redis is never blocked. Bounded: past {@link #MAX_PAGES} pages of {@value
 * LiveRedisTier#SCAN_COUNT} keys it stops and reports what it counted (a lower bound). Tombstones
 * count as keys.
 */
public final class RedisKeyCounter {

  static final int MAX_PAGES = 1000;

  private RedisKeyCounter() {}

  /**
   * Keys {@code <namespace>:<cache>:*} per cache of {@code caches}; every count is -1 if Redis did
   * not answer.
   */
  public static Map<String, Long> count(RedisLink link, String namespace, Set<String> caches) {
    Map<String, Long> counts = new HashMap<>();
    caches.forEach(c -> counts.put(c, 0L));
    String prefix = namespace + ":";
    byte[] pattern =
        ((caches.size() == 1 ? prefix + caches.iterator().next() + ":" : prefix) + "*")
            .getBytes(StandardCharsets.UTF_8);
    Reply<Void> answered =
        link.scan(
            pattern,
            LiveRedisTier.SCAN_COUNT,
            MAX_PAGES,
            keys -> {
              for (byte[] key : keys) {
                String k = new String(key, StandardCharsets.UTF_8);
                int end = k.indexOf(':', prefix.length());
                if (end > 0) {
                  counts.computeIfPresent(k.substring(prefix.length(), end), (c, n) -> n + 1);
                }
              }
              return true;
            });
    if (!answered.isOk()) {
      caches.forEach(c -> counts.put(c, -1L));
    }
    return counts;
  }
}
