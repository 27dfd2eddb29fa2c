package com.mallquest.smartcache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coarse clock: follows {@code System.nanoTime()} from behind, sleeps while nothing reads it
 * (ADR 0035), and its thread ends on close.
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

  @Test
  void tick_withoutReads_sleepsAfterIdleTicks_andTheNextReadIsExactAndWakesIt() {
    CoarseTicker clock = CoarseTicker.unstarted("smartcache-clock-driven");
    for (int i = 1; i < CoarseTicker.IDLE_TICKS; i++) {
      assertThat(clock.tick()).as("tick %d without a read", i).isTrue();
    }
    assertThat(clock.tick()).as("the last unread tick puts the clock to sleep").isFalse();
    assertThat(clock.asleep()).isTrue();
    assertThat(clock.tick()).as("an asleep clock does not tick").isFalse();

    long before = System.nanoTime();
    long read = clock.read();
    long after = System.nanoTime();

    assertThat(read).as("a read of an asleep clock is exact").isBetween(before, after);
    assertThat(clock.asleep()).isFalse();
    assertThat(clock.read()).as("the woken clock holds that read's time").isEqualTo(read);
    assertThat(clock.tick()).as("the woken clock ticks again").isTrue();
    assertThat(clock.read()).isBetween(read, System.nanoTime());
    clock.close();
  }

  @Test
  void tick_withAReadBetweenTicks_neverSleeps() {
    CoarseTicker clock = CoarseTicker.unstarted("smartcache-clock-driven");
    for (int i = 0; i < 3 * CoarseTicker.IDLE_TICKS; i++) {
      if (i % (CoarseTicker.IDLE_TICKS - 1) == 0) {
        clock.read();
      }
      assertThat(clock.tick()).as("tick %d", i).isTrue();
    }
    assertThat(clock.asleep()).isFalse();
    clock.close();
  }

  @Test
  void running_unread_parksItsThread_andAReadWakesIt() {
    Thread thread = ticker.thread();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> thread.getState() == Thread.State.WAITING && ticker.asleep());

    long before = System.nanoTime();
    long read = ticker.read();
    assertThat(read).isBetween(before, System.nanoTime());

    // Reading keeps it awake: the thread ticks again (parked for a period, not indefinitely).
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(1))
        .until(
            () -> {
              ticker.read();
              return thread.getState() == Thread.State.TIMED_WAITING;
            });
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ticker.read() > read);
  }

  @Test
  void close_whileAsleep_endsTheThread() throws InterruptedException {
    Thread thread = ticker.thread();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(ticker::asleep);

    ticker.close();
    thread.join(Duration.ofSeconds(5).toMillis());

    assertThat(thread.isAlive()).isFalse();
    long before = System.nanoTime();
    assertThat(ticker.read()).isBetween(before, System.nanoTime());
  }
}
