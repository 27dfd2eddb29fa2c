package com.mallquest.bench.sim;

import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.KeyCodec;
import com.mallquest.smartcache.MemoryTierSimulator;
import com.mallquest.smartcache.Versioned;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The three replacement policies the simulator compares. Every access is a get, then a put on a
 * miss; each returns the number of hits (misses include the first access to each key).
 */
public final class Policies {

  private Policies() {}

  /**
   * Plain LRU, as the original used: a {@link LinkedHashMap} in access order (a reference model
   * only).
   */
  public static long lru(long[] trace, int size) {
    Map<Long, Boolean> cache =
        new LinkedHashMap<>(size * 2, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > size;
          }
        };
    long hits = 0;
    for (long key : trace) {
      if (cache.get(key) != null) {
        hits++;
      } else {
        cache.put(key, Boolean.TRUE);
      }
    }
    return hits;
  }

  /**
   * Belady's OPT under the same rule as the others (every miss is put): on a miss with the cache
   * full, the resident key whose next use is farthest away leaves, then the new key is admitted.
   * (Letting the new key bypass the cache would score a few hits more; the README's reference
   * figures do not.) Next uses come from one backward pass; a key never used again gets a distinct
   * "infinite" time past the end.
   */
  public static long opt(long[] trace, int size) {
    int n = trace.length;
    int[] ids = new int[n];
    Map<Long, Integer> idOf = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Integer id = idOf.putIfAbsent(trace[i], idOf.size());
      ids[i] = id == null ? idOf.size() - 1 : id;
    }
    int distinct = idOf.size();
    int[] nextUse = new int[n];
    int[] lastSeen = new int[distinct];
    java.util.Arrays.fill(lastSeen, -1);
    for (int i = n - 1; i >= 0; i--) {
      int next = lastSeen[ids[i]];
      nextUse[i] = next >= 0 ? next : n + i;
      lastSeen[ids[i]] = i;
    }
    boolean[] resident = new boolean[distinct];
    int[] residentNext = new int[distinct];
    LongMaxHeap heap = new LongMaxHeap();
    int residents = 0;
    long hits = 0;
    for (int i = 0; i < n; i++) {
      int id = ids[i];
      if (resident[id]) {
        hits++;
      } else {
        while (residents >= size) {
          long top = heap.poll();
          int victim = (int) top;
          // Entries of earlier accesses are stale: only a resident key's latest next use counts.
          if (resident[victim] && residentNext[victim] == (int) (top >>> 32)) {
            resident[victim] = false;
            residents--;
          }
        }
        resident[id] = true;
        residents++;
      }
      residentNext[id] = nextUse[i];
      heap.add(((long) nextUse[i] << 32) | id);
    }
    return hits;
  }

  /**
   * SmartCache's memory tier: {@link MemoryTierSimulator#repeatable} of a default {@link
   * CacheConfig} with {@code memoryLimitEntries(size)}: Caffeine built as the cache builds it and
   * accessed as a read does ({@code getIfPresent}, then a keyed {@code compute} on a miss), with
   * its maintenance (eviction) on the calling thread so that a replay is repeatable. TTLs play no
   * part: the tier's Caffeine has no expiry (the cache checks TTLs on read), and the traces have no
   * time. Caffeine still admits a small random share of candidates as a hash-flooding defence, so
   * figures can vary in the last digit between runs.
   */
  public static long memoryTier(long[] trace, int size) {
    CacheConfig<Long, Long> config =
        CacheConfig.<Long, Long>builder(
                "sim", Long.class, KeyCodec.longs(), key -> Optional.of(Versioned.of(key, 0)))
            .memoryLimitEntries(size)
            .build();
    MemoryTierSimulator<Long> tier = MemoryTierSimulator.repeatable(config);
    long hits = 0;
    for (long key : trace) {
      if (tier.access(key)) {
        hits++;
      }
    }
    return hits;
  }

  /** A binary max-heap of longs. */
  private static final class LongMaxHeap {
    private long[] heap = new long[1024];
    private int size;

    void add(long v) {
      if (size == heap.length) {
        heap = java.util.Arrays.copyOf(heap, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (heap[parent] >= v) {
          break;
        }
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = v;
    }

    long poll() {
      long top = heap[0];
      long last = heap[--size];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && heap[child + 1] > heap[child]) {
          child++;
        }
        if (heap[child] <= last) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
      return top;
    }
  }
}
