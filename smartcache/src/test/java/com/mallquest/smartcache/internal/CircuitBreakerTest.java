package com.mallquest.smartcache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(1), ticker);

  @Test
  void onFailure_belowThreshold_staysClosed() {
    breaker.onFailure();
    breaker.onFailure();
    assertThat(breaker.isClosed()).isTrue();
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void onFailure_successInBetween_countsConsecutiveFailuresOnly() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    assertThat(breaker.isClosed()).isTrue();
  }

  @Test
  void onFailure_atThreshold_opensAndRefusesCallsUntilTheOpenDurationPassed() {
    trip();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    nanos.addAndGet(Duration.ofMillis(999).toNanos());
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void tryAcquire_openDurationPassed_letsExactlyOneProbeThrough() {
    trip();
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());

    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void probe_succeeds_closes() {
    trip();
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    breaker.tryAcquire();

    breaker.onSuccess();

    assertThat(breaker.isClosed()).isTrue();
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void probe_fails_opensAgainForAnotherPeriod() {
    trip();
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    breaker.tryAcquire();

    breaker.onFailure();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void forceOpen_closed_opensAtOnce() {
    breaker.forceOpen();
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void constructor_badArguments_throwWithTheValue() {
    assertThatThrownBy(() -> new CircuitBreaker(0, Duration.ofSeconds(1), ticker))
        .hasMessageContaining("0");
    assertThatThrownBy(() -> new CircuitBreaker(1, Duration.ZERO, ticker))
        .hasMessageContaining("PT0S");
  }

  private void trip() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onFailure();
  }
}
