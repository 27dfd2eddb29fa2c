package com.mallquest.mall.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * A mission operators define: shoppers who reach its goal within a window period get its reward,
 * once per period.
 *
 * @param id 1-64 characters of {@code [A-Za-z0-9_-]}
 * @param title per language, up to {@value #MAX_TITLE} characters each
 * @param description per language, up to {@value #MAX_DESCRIPTION} characters each
 * @param goal what to reach
 * @param window when
 * @param eligibleTiers the VIP tiers that may take part; empty means every tier
 * @param reward what it pays
 * @param active whether it runs at all
 * @param version the row version, {@code >= 1} once stored; every change increments it
 */
public record Mission(
    String id,
    LocalizedText title,
    LocalizedText description,
    MissionGoal goal,
    MissionWindow window,
    Set<VipTier> eligibleTiers,
    MissionReward reward,
    boolean active,
    long version) {

  /** Longest title per language. */
  public static final int MAX_TITLE = 100;

  /** Longest description per language. */
  public static final int MAX_DESCRIPTION = 1000;

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public Mission {
    Checks.id(id, "id");
    Checks.notNull(title, "title");
    Checks.notNull(description, "description");
    Checks.notNull(goal, "goal");
    Checks.notNull(window, "window");
    Checks.notNull(eligibleTiers, "eligibleTiers");
    eligibleTiers = eligibleTiers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(eligibleTiers));
    Checks.notNull(reward, "reward");
    Checks.nonNegative(version, "version");
  }

  /** Whether a shopper of this tier may take part. */
  public boolean admits(VipTier tier) {
    return eligibleTiers.isEmpty() || eligibleTiers.contains(tier);
  }

  /**
   * The ledger reference of this mission's reward in the period starting at {@code periodStart}.
   */
  public String rewardReference(WindowPeriod period) {
    return "mission:" + id + ":" + period.start();
  }

  /** This mission with another version. */
  public Mission withVersion(long newVersion) {
    return new Mission(
        id, title, description, goal, window, eligibleTiers, reward, active, newVersion);
  }
}
