package com.mallquest.smartcache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coarse clock: follows {@code System.nanoTime()} from behind, and its thread ends on close.
 */
class CoarseTickerTest {

  private final CoarseTicker ticker = CoarseTicker.start("smartcache-clock-test");

  @AfterEach
  void close() {
    ticker.close();
  }

  @Test
  void read_whileRunning_advances() {
    long first = ticker.read();

    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ticker.read() > first);
  }

  @Test
  void read_whileRunning_isNeverAheadOfNanoTime() {
    for (int i = 0; i < 100_000; i++) {
      long coarse = ticker.read();
      assertThat(coarse).isLessThanOrEqualTo(System.nanoTime());
    }
  }

  @Test
  void close_stopsTheThreadAndLaterReadsAreExact() throws InterruptedException {
    Thread thread = ticker.thread();
    assertThat(thread.isAlive()).isTrue();
    assertThat(thread.isDaemon()).isTrue();

    ticker.close();
    thread.join(Duration.ofSeconds(5).toMillis());

    assertThat(thread.isAlive()).isFalse();
    long before = System.nanoTime();
    long read = ticker.read();
    long after = System.nanoTime();
    assertThat(read).as("a stopped clock falls back to System.nanoTime()").isBetween(before, after);
  }

  @Test
  void close_twice_isHarmless() {
    ticker.close();
    ticker.close();

    assertThat(ticker.thread().isAlive()).isFalse();
  }
}
