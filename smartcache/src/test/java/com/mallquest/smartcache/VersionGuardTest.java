package com.mallquest.smartcache;

import com.mallquest.smartcache.VersionGuardScenario.Change;
import com.mallquest.smartcache.VersionGuardScenario.GatedSource;
import com.mallquest.smartcache.VersionGuardScenario.Order;
import com.mallquest.smartcache.VersionGuardScenario.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An old load against a newer change, in every order, in the memory tier (no Redis). */
class VersionGuardTest {

  static Stream<Arguments> interleavings() {
    return Stream.of(Order.values())
        .flatMap(
            o ->
                Stream.of(Path.values())
                    .flatMap(p -> Stream.of(Change.values()).map(c -> Arguments.of(o, p, c))));
  }

  @ParameterizedTest(name = "{0}, {1}, {2}")
  @MethodSource("interleavings")
  void oldLoad_newerChange_newerWins(Order order, Path path, Change change) throws Exception {
    GatedSource source = new GatedSource();
    try (SmartCacheManager manager = SmartCacheManager.builder().build()) {
      SmartCache<Long, Shopper> cache =
          manager.createCache(
              CacheConfig.builder("shoppers", Shopper.class, KeyCodec.longs(), source).build());
      VersionGuardScenario.run(
          source, cache, cache, order, path, change, null, () -> {}, expected -> {});
    }
  }
}
