package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.smartcache.VersionGuardScenario.Change;
import com.mallquest.smartcache.VersionGuardScenario.GatedSource;
import com.mallquest.smartcache.VersionGuardScenario.Order;
import com.mallquest.smartcache.VersionGuardScenario.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An old load against a newer change, in every order, with Redis: on one instance, and with the
 * load on instance B while the change is made on instance A. Neither memory nor Redis may end up
 * with the old row.
 */
class VersionGuardIT {

  private final String namespace = RedisTestSupport.uniqueNamespace("guard");
  private final GatedSource source = new GatedSource();
  private String url;
  private RedisTestSupport.Inspector redis;
  private SmartCacheManager a;
  private SmartCacheManager b;

  @BeforeEach
  void start() {
    url = RedisTestSupport.requireRedis();
    redis = new RedisTestSupport.Inspector(url);
    a =
        RedisTestSupport.awaitAvailable(
            SmartCacheManager.builder().redisUri(url).namespace(namespace).instanceId("A").build());
    b =
        RedisTestSupport.awaitAvailable(
            SmartCacheManager.builder().redisUri(url).namespace(namespace).instanceId("B").build());
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    redis.deleteNamespace(namespace);
    redis.close();
  }

  static Stream<Arguments> interleavings() {
    return Stream.of(Order.values())
        .flatMap(
            o ->
                Stream.of(Path.values())
                    .flatMap(
                        p ->
                            Stream.of(Change.values())
                                .flatMap(
                                    c ->
                                        Stream.of(true, false)
                                            .map(
                                                sameInstance ->
                                                    Arguments.of(o, p, c, sameInstance)))));
  }

  @ParameterizedTest(name = "{0}, {1}, {2}, same instance: {3}")
  @MethodSource("interleavings")
  void oldLoad_newerChange_newerWinsInMemoryAndRedis(
      Order order, Path path, Change change, boolean sameInstance) throws Exception {
    SmartCache<Long, Shopper> onA = a.createCache(config());
    SmartCache<Long, Shopper> onB = b.createCache(config());
    SmartCache<Long, Shopper> loader = sameInstance ? onA : onB;
    String key = namespace + ":shoppers:" + VersionGuardScenario.KEY;
    Runnable changeInRedis =
        () ->
            VersionGuardScenario.awaitUntil(
                "the change reached Redis",
                () -> {
                  String raw = redis.get(key);
                  return change == Change.WRITE
                      ? raw != null && raw.startsWith("1|V")
                      : raw != null && raw.contains("|T");
                });
    Runnable delivered =
        sameInstance
            ? () -> {}
            : () ->
                VersionGuardScenario.awaitUntil(
                    "B heard of the change", () -> onB.stats().invalidationsReceived() >= 1);

    VersionGuardScenario.run(
        source,
        loader,
        onA,
        order,
        path,
        change,
        changeInRedis,
        delivered,
        expected -> {
          String raw = redis.get(key);
          assertThat(raw).as("Redis never keeps the old row").doesNotStartWith("0|V");
          if (change == Change.WRITE) {
            assertThat(raw).startsWith("1|V");
          }
        });
  }

  private CacheConfig<Long, Shopper> config() {
    return CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source).build();
  }
}
