package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memory-hit fast path: a hit allocates nothing (the entry's {@code Optional} is served), and
 * skipping the version-floor lookup while nothing changed never serves a value a later change
 * replaced or removed.
 */
class MemoryHitTest {

  private final TestSource source = new TestSource();
  private final SmartCacheManager manager = SmartCacheManager.builder().build();
  private final SmartCache<Long, Shopper> cache =
      manager.createCache(
          CacheConfig.builder("hits", Shopper.class, KeyCodec.longs(), source).build());

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void get_memoryHit_servesTheSameOptionalEachTime() {
    source.put(1, "ada", 10);
    var first = cache.get(1L);
    assertThat(first).isPresent();
    assertThat(cache.get(1L)).isSameAs(cache.get(1L));
    assertThat(cache.get(1L).orElseThrow().value().coins()).isEqualTo(10);
    assertThat(source.loads.get()).isEqualTo(1);
  }

  @Test
  void get_afterWrittenOfAnotherKey_stillServesAndReadsNothingFromTheSource() {
    source.put(1, "ada", 10);
    source.put(2, "bob", 20);
    cache.get(1L);
    cache.written(2L, source.update(2, 5).orElseThrow());
    assertThat(cache.get(1L).orElseThrow().value().coins()).isEqualTo(10);
    assertThat(cache.get(2L).orElseThrow().value().coins()).isEqualTo(25);
    assertThat(source.loads.get()).isEqualTo(1);
  }

  @Test
  void get_afterInvalidate_loadsTheNewValue() {
    source.put(1, "ada", 10);
    cache.get(1L);
    source.update(1, 7);
    cache.invalidate(1L);
    assertThat(cache.get(1L).orElseThrow().value().coins()).isEqualTo(17);
    source.delete(1);
    cache.invalidate(1L);
    assertThat(cache.get(1L)).isEmpty();
  }

  @Test
  void get_afterInvalidateAll_loadsAgain() {
    source.put(1, "ada", 10);
    cache.get(1L);
    source.update(1, 1);
    cache.invalidateAll();
    assertThat(cache.get(1L).orElseThrow().value().coins()).isEqualTo(11);
    assertThat(source.loads.get()).isEqualTo(2);
  }
}
