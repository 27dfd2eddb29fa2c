package com.mallquest.smartcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.smartcache.RedisTestSupport;
import com.mallquest.smartcache.SmartCacheManager;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances (two cache managers, each with its own SmartCacheManager, as two JVMs would have)
 * on the shared Redis: what one puts, removes or clears, the other sees.
 */
class JCacheRedisIT {

  private final String namespace =
      "t-jcache-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
  private String url;
  private SmartCachingProvider providerA;
  private SmartCachingProvider providerB;
  private Cache<String, String> onA;
  private Cache<String, String> onB;

  @BeforeEach
  void start() {
    url = RedisTestSupport.requireRedis();
    providerA = new SmartCachingProvider();
    providerB = new SmartCachingProvider();
    onA = cache(providerA);
    onB = cache(providerB);
  }

  private Cache<String, String> cache(SmartCachingProvider provider) {
    Properties p = new Properties();
    p.setProperty(SmartJCacheManager.REDIS_URI, url);
    p.setProperty(SmartJCacheManager.NAMESPACE, namespace);
    CacheManager manager =
        provider.getCacheManager(URI.create("smartcache://it"), getClass().getClassLoader(), p);
    Cache<String, String> cache =
        manager.createCache(
            "com.example.Sessions",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    SmartCacheManager smart = manager.unwrap(SmartCacheManager.class);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(smart::redisAvailable);
    return cache;
  }

  @AfterEach
  void stop() {
    if (providerA != null) {
      providerA.close();
      providerB.close();
      RedisTestSupport.deleteNamespace(url, namespace);
    }
  }

  @Test
  void put_onA_isReadOnBFromRedis() {
    onA.put("s1", "alice");

    assertThat(onB.get("s1")).isEqualTo("alice");
    assertThat(onB.containsKey("s1")).as("now held on B too").isTrue();
  }

  @Test
  void put_onB_afterAHeldTheKey_AServesTheNewValue() {
    onA.put("s1", "alice");
    assertThat(onB.get("s1")).isEqualTo("alice");

    onB.put("s1", "bob");

    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "bob".equals(onA.get("s1")));
  }

  @Test
  void remove_onA_isGoneOnB() {
    onA.putAll(Map.of("s1", "alice", "s2", "bob"));
    assertThat(onB.get("s1")).isEqualTo("alice");
    assertThat(onB.get("s2")).isEqualTo("bob");

    onA.remove("s1");
    onA.clear();

    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> onB.get("s1") == null && onB.get("s2") == null);
  }
}
