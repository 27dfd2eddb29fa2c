package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * One interleaving of an old load and a newer change of the same key: the load reads the source
 * before the change commits and finishes before, during or after the change reaches the cache. The
 * newer state must win in every tier. Shared by {@link VersionGuardTest} (memory only) and {@link
 * VersionGuardIT} (with Redis, on one instance and across two).
 */
final class VersionGuardScenario {

  /** When the change happens relative to the old load. */
  enum Order {
    /** The change reaches the cache before the load starts: the load reads the new row. */
    CHANGE_BEFORE_LOAD,
    /**
     * The load reads the old row, the change commits and reaches the cache, then the load finishes.
     */
    CHANGE_DURING_LOAD,
    /** The load finishes (old row cached), then the change reaches the cache. */
    CHANGE_AFTER_LOAD
  }

  /** How the old load reads. */
  enum Path {
    GET,
    GET_ALL
  }

  /** The newer change. */
  enum Change {
    WRITE,
    DELETE
  }

  static final long KEY = 5;

  /** A source whose loads can be held after they read the row (an old load in flight). */
  static final class GatedSource implements SourceOfRecord<Long, Shopper> {
    final TestSource rows = new TestSource();
    volatile CountDownLatch readDone;
    volatile CountDownLatch release;

    void arm() {
      readDone = new CountDownLatch(1);
      release = new CountDownLatch(1);
    }

    private void hold() {
      CountDownLatch r = release;
      if (r != null) {
        readDone.countDown();
        SmartCacheContract.await(r);
      }
    }

    @Override
    public Optional<Versioned<Shopper>> load(Long key) {
      Optional<Versioned<Shopper>> row = rows.current(key);
      hold();
      return row;
    }

    @Override
    public Map<Long, Versioned<Shopper>> loadAll(Collection<? extends Long> keys) {
      Map<Long, Versioned<Shopper>> read = rows.loadAll(keys);
      hold();
      return read;
    }
  }

  /**
   * Runs the scenario. {@code loader} does the old load; {@code changer} gets the change (the same
   * cache, or another instance's). {@code changeInRedis} waits until the change reached Redis (null
   * without Redis), for a change that cannot finish before the load is released (on the same
   * instance its memory part waits for the load's lock). {@code delivered} waits until the loader's
   * instance applied the change.
   */
  static void run(
      GatedSource source,
      SmartCache<Long, Shopper> loader,
      SmartCache<Long, Shopper> changer,
      Order order,
      Path path,
      Change change,
      Runnable changeInRedis,
      Runnable delivered,
      Consumer<Optional<Versioned<Shopper>>> redisCheck)
      throws Exception {
    Versioned<Shopper> old = source.rows.put(KEY, "old", 1);
    Optional<Versioned<Shopper>> expected;
    switch (order) {
      case CHANGE_BEFORE_LOAD -> {
        expected = change(source, changer, change);
        delivered.run();
        assertThat(load(loader, path)).isEqualTo(expected);
      }
      case CHANGE_AFTER_LOAD -> {
        assertThat(load(loader, path)).contains(old);
        expected = change(source, changer, change);
        delivered.run();
      }
      case CHANGE_DURING_LOAD -> {
        source.arm();
        CompletableFuture<Optional<Versioned<Shopper>>> loading =
            CompletableFuture.supplyAsync(() -> load(loader, path));
        assertThat(source.readDone.await(10, TimeUnit.SECONDS))
            .as("the load read the old row")
            .isTrue();
        CompletableFuture<Optional<Versioned<Shopper>>> changing = new CompletableFuture<>();
        Thread changeThread = new Thread(() -> changing.complete(change(source, changer, change)));
        changeThread.start();
        if (path == Path.GET && changer == loader) {
          // The change's memory part waits for the load's lock: let it get that far.
          if (changeInRedis != null) {
            changeInRedis.run();
          }
          awaitUntil(
              "the change waits for the load",
              () ->
                  changing.isDone()
                      || changeThread.getState() == Thread.State.BLOCKED
                      || changeThread.getState() == Thread.State.WAITING);
        } else {
          changing.get(10, TimeUnit.SECONDS);
        }
        CountDownLatch release = source.release;
        source.release = null;
        release.countDown();
        Optional<Versioned<Shopper>> loaded = loading.get(10, TimeUnit.SECONDS);
        expected = changing.get(10, TimeUnit.SECONDS);
        assertThat(loaded)
            .as("the old load returns what it read, or the newer row it found in memory")
            .isIn(Optional.of(old), expected);
        delivered.run();
      }
      default -> throw new IllegalStateException(order.toString());
    }

    Optional<Versioned<Shopper>> cached = loader.getIfPresent(KEY);
    assertThat(cached)
        .as("the loader's memory tier never keeps the old row")
        .isNotEqualTo(Optional.of(old));
    if (cached.isPresent()) {
      assertThat(cached).isEqualTo(expected);
    }
    assertThat(loader.get(KEY)).as("read on the loader's instance").isEqualTo(expected);
    assertThat(changer.get(KEY)).as("read on the changer's instance").isEqualTo(expected);
    redisCheck.accept(expected);
  }

  private static Optional<Versioned<Shopper>> load(SmartCache<Long, Shopper> cache, Path path) {
    return path == Path.GET
        ? cache.get(KEY)
        : Optional.ofNullable(cache.getAll(List.of(KEY, KEY + 1)).get(KEY));
  }

  private static Optional<Versioned<Shopper>> change(
      GatedSource source, SmartCache<Long, Shopper> cache, Change change) {
    if (change == Change.WRITE) {
      Versioned<Shopper> newer = source.rows.update(KEY, 100).orElseThrow();
      cache.written(KEY, newer);
      return Optional.of(newer);
    }
    source.rows.delete(KEY);
    cache.invalidate(KEY);
    return Optional.empty();
  }

  static void awaitUntil(String what, java.util.concurrent.Callable<Boolean> condition) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(condition);
  }

  private VersionGuardScenario() {}
}
