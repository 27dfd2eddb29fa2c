package com.mallquest.mall.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.application.port.InstallationRepository;
import com.mallquest.mall.domain.Installation;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The binding of the caches' Redis keys to their database (ADR 0016), without a database. */
class CacheBindingTest {

  /** One installation row in memory; {@code failing} makes reads throw as a lost database would. */
  private static final class Row implements InstallationRepository {
    final AtomicReference<Installation> row = new AtomicReference<>();
    volatile boolean failing;

    @Override
    public Optional<Installation> find() {
      if (failing) {
        throw new IllegalStateException("database down");
      }
      return Optional.ofNullable(row.get());
    }

    @Override
    public Installation createIfAbsent(Installation candidate) {
      row.compareAndSet(null, candidate);
      return row.get();
    }

    @Override
    public Installation bumpCacheEpoch(long atLeast) {
      return row.updateAndGet(i -> new Installation(i.id(), Math.max(i.cacheEpoch() + 1, atLeast)));
    }
  }

  private final Row row = new Row();

  @Test
  void firstStartWritesTheRow_laterStartsBindToTheSameNamespace() {
    String first = new CacheBinding(row).namespace("mallquest");
    String second = new CacheBinding(row).namespace("mallquest");

    assertThat(first).isEqualTo(second).matches("mallquest-[0-9a-f]{12}-e0");
    assertThat(new CacheBinding(row).bound()).isEqualTo(row.row.get());
  }

  @Test
  void anotherDatabase_anotherNamespace() {
    Row other = new Row();
    assertThat(new CacheBinding(row).namespace("mallquest"))
        .isNotEqualTo(new CacheBinding(other).namespace("mallquest"));
  }

  @Test
  void configuredNamespaceTooLong_refusedAtStart() {
    CacheBinding binding = new CacheBinding(row);
    assertThat(binding.namespace("x".repeat(CacheBinding.MAX_CONFIGURED_NAMESPACE)))
        .hasSizeLessThanOrEqualTo(64);
    assertThatThrownBy(
            () -> binding.namespace("x".repeat(CacheBinding.MAX_CONFIGURED_NAMESPACE + 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mallquest.redis.namespace");
  }

  @Test
  void check_unchangedOrUnreadable_noMismatch_epochBumped_mismatchOnceAndActionsRunOnce() {
    CacheBinding binding = new CacheBinding(row);
    AtomicInteger detached = new AtomicInteger();
    binding.onMismatch(detached::incrementAndGet);

    binding.check();
    row.failing = true;
    binding.check();
    row.failing = false;
    assertThat(binding.mismatch()).isEmpty();
    assertThat(detached).hasValue(0);

    row.bumpCacheEpoch(1_796_000_000_000L);
    binding.check();
    binding.check();

    assertThat(binding.mismatch())
        .hasValueSatisfying(m -> assertThat(m).contains("epoch 0").contains("1796000000000"));
    assertThat(detached).hasValue(1);
    AtomicInteger late = new AtomicInteger();
    binding.onMismatch(late::incrementAndGet);
    assertThat(late).as("an action registered after the mismatch runs at once").hasValue(1);
  }
}
