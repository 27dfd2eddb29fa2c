package com.mallquest.bench.load;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Zipf-distributed ranks {@code 0 .. n-1}: rank {@code k} is drawn with probability proportional to
 * {@code 1 / (k+1)^s}, so rank 0 is the most popular. {@code s = 0} is uniform. The cumulative
 * distribution is precomputed once ({@code n} doubles); a draw is one binary search. Thread-safe:
 * each caller passes its own random generator.
 */
public final class Zipf {

  private final double[] cumulative;
  private final double exponent;

  /** Ranks {@code 0 .. n-1} with exponent {@code s} (0 or more; 1 is classic Zipf). */
  public Zipf(int n, double s) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1: " + n);
    }
    if (!(s >= 0) || Double.isInfinite(s)) {
      throw new IllegalArgumentException("Zipf exponent must be a finite number >= 0: " + s);
    }
    this.exponent = s;
    this.cumulative = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1.0 / Math.pow(k + 1, s);
      cumulative[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cumulative[k] /= sum;
    }
    cumulative[n - 1] = 1.0;
  }

  /** The number of ranks. */
  public int size() {
    return cumulative.length;
  }

  /** The exponent. */
  public double exponent() {
    return exponent;
  }

  /** The probability of rank {@code k}. */
  public double probability(int k) {
    return k == 0 ? cumulative[0] : cumulative[k] - cumulative[k - 1];
  }

  /** A rank drawn with {@code random}. */
  public int next(RandomGenerator random) {
    double u = random.nextDouble();
    int i = Arrays.binarySearch(cumulative, u);
    int rank = i >= 0 ? i : -i - 1;
    return Math.min(rank, cumulative.length - 1);
  }

  /** {@code count} ranks drawn with {@code random} (for benchmarks: a precomputed index array). */
  public int[] sample(int count, RandomGenerator random) {
    int[] ranks = new int[count];
    for (int i = 0; i < count; i++) {
      ranks[i] = next(random);
    }
    return ranks;
  }
}
