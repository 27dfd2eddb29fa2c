package com.mallquest.bench.load;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The share of each {@link Operation}, parsed from {@code read=70,purchase=15,checkin=10,other=5}.
 * Weights are non-negative integers; they need not add up to 100 (they are normalized); operations
 * left out get 0.
 *
 * @param weights the weight of each operation
 */
public record Mix(Map<Operation, Integer> weights) {

  /** The default: 70% profile reads, 15% purchases, 10% check-ins, 5% other reads. */
  public static final String DEFAULT = "read=70,purchase=15,checkin=10,other=5";

  /** Copies and checks the weights. */
  public Mix {
    EnumMap<Operation, Integer> copy = new EnumMap<>(Operation.class);
    int total = 0;
    for (Operation op : Operation.values()) {
      int w = weights.getOrDefault(op, 0);
      if (w < 0) {
        throw new IllegalArgumentException(
            "mix weight of " + op.label() + " must not be negative: " + w);
      }
      copy.put(op, w);
      total += w;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("mix weights must add up to more than 0");
    }
    weights = Map.copyOf(copy);
  }

  /**
   * Parses {@code name=weight} pairs separated by commas; names are {@code read}, {@code purchase},
   * {@code checkin}, {@code other}.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static Mix parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("mix must not be empty, e.g. " + DEFAULT);
    }
    EnumMap<Operation, Integer> weights = new EnumMap<>(Operation.class);
    for (String part : text.split(",")) {
      String[] kv = part.trim().split("=", -1);
      if (kv.length != 2) {
        throw new IllegalArgumentException("mix entry must be name=weight: '" + part.trim() + "'");
      }
      Operation op;
      try {
        op = Operation.valueOf(kv[0].trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown operation '" + kv[0].trim() + "' in mix; use read, purchase, checkin, other");
      }
      if (weights.containsKey(op)) {
        throw new IllegalArgumentException("operation '" + op.label() + "' appears twice in mix");
      }
      try {
        weights.put(op, Integer.parseInt(kv[1].trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "mix weight of " + op.label() + " is not an integer: '" + kv[1].trim() + "'");
      }
    }
    return new Mix(weights);
  }

  /** The sum of the weights. */
  public int total() {
    return weights.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The share of {@code op}, 0 to 1. */
  public double share(Operation op) {
    return (double) weights.get(op) / total();
  }

  /** The operation for a uniform draw {@code u} in [0, 1). */
  public Operation pick(double u) {
    double target = u * total();
    double acc = 0;
    Operation last = null;
    for (Operation op : Operation.values()) {
      int w = weights.get(op);
      if (w == 0) {
        continue;
      }
      acc += w;
      last = op;
      if (target < acc) {
        return op;
      }
    }
    return last;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Operation op : Operation.values()) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(op.label()).append('=').append(weights.get(op));
    }
    return b.toString();
  }
}
