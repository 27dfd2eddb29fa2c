package com.mallquest.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * Checks that no coin was lost or doubled: for every shopper, the balance after the run minus the
 * balance before equals the coins the service said it credited (purchase {@code coinsEarned} of
 * non-replayed purchases, check-in {@code coinsAwarded}). A shopper with an operation whose outcome
 * is unknown (transport error or 5xx: it may or may not have committed) is reported as uncertain
 * and not checked. Thread-safe.
 */
public final class CoinAudit {

  /**
   * A shopper whose balance does not add up.
   *
   * @param shopper the shopper's index
   * @param expected balance before plus coins credited
   * @param actual the balance now
   */
  public record Mismatch(int shopper, long expected, long actual) {}

  /**
   * The outcome.
   *
   * @param checked shoppers with credited operations that were checked
   * @param uncertain shoppers skipped because an operation's outcome is unknown
   * @param coinsCredited coins the responses reported, over the checked shoppers
   * @param coinsFound the balance changes found, over the checked shoppers
   * @param mismatches the shoppers that do not add up (at most 20 listed)
   * @param mismatchCount how many do not add up
   * @param unreadable shoppers whose balance could not be read afterwards
   */
  public record Result(
      int checked,
      int uncertain,
      long coinsCredited,
      long coinsFound,
      List<Mismatch> mismatches,
      int mismatchCount,
      int unreadable) {

    /** Zero lost, zero doubled, every balance read. */
    public boolean ok() {
      return mismatchCount == 0 && unreadable == 0;
    }

    /** Coins credited but missing from balances (positive) or found twice (negative). */
    public long lost() {
      return coinsCredited - coinsFound;
    }
  }

  private final AtomicLongArray before;
  private final AtomicLongArray credited;
  private final AtomicIntegerArray touched;
  private final AtomicIntegerArray uncertain;

  /**
   * An audit of shoppers {@code 0 .. n-1}, all with balance 0 before (until {@link #before} says
   * otherwise).
   */
  public CoinAudit(int n) {
    this.before = new AtomicLongArray(n);
    this.credited = new AtomicLongArray(n);
    this.touched = new AtomicIntegerArray(n);
    this.uncertain = new AtomicIntegerArray(n);
  }

  /** The balance of {@code shopper} before the run. */
  public void before(int shopper, long coins) {
    before.set(shopper, coins);
  }

  /** The service reported {@code coins} credited to {@code shopper}. */
  public void credited(int shopper, long coins) {
    credited.addAndGet(shopper, coins);
    touched.set(shopper, 1);
  }

  /** An operation on {@code shopper} may or may not have committed. */
  public void uncertain(int shopper) {
    uncertain.set(shopper, 1);
    touched.set(shopper, 1);
  }

  /** The shoppers to read afterwards. */
  public List<Integer> touchedShoppers() {
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < touched.length(); i++) {
      if (touched.get(i) == 1 && uncertain.get(i) == 0) {
        list.add(i);
      }
    }
    return list;
  }

  /** Compares with the balances {@code balanceOf} reads now (empty if unreadable). */
  public Result verify(IntFunction<OptionalLong> balanceOf) {
    int checked = 0;
    int uncertainCount = 0;
    int unreadable = 0;
    long creditedSum = 0;
    long foundSum = 0;
    int mismatchCount = 0;
    List<Mismatch> mismatches = new ArrayList<>();
    for (int i = 0; i < touched.length(); i++) {
      if (touched.get(i) == 0) {
        continue;
      }
      if (uncertain.get(i) == 1) {
        uncertainCount++;
        continue;
      }
      OptionalLong now = balanceOf.apply(i);
      if (now.isEmpty()) {
        unreadable++;
        continue;
      }
      checked++;
      long expected = before.get(i) + credited.get(i);
      creditedSum += credited.get(i);
      foundSum += now.getAsLong() - before.get(i);
      if (now.getAsLong() != expected) {
        mismatchCount++;
        if (mismatches.size() < 20) {
          mismatches.add(new Mismatch(i, expected, now.getAsLong()));
        }
      }
    }
    return new Result(
        checked,
        uncertainCount,
        creditedSum,
        foundSum,
        List.copyOf(mismatches),
        mismatchCount,
        unreadable);
  }
}
