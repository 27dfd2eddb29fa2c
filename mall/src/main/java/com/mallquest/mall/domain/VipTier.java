package com.mallquest.mall.domain;

/**
 * VIP status, earned by lifetime spend (thresholds in {@link EarningRules}). Declared in ascending
 * order: a later constant is a higher tier.
 */
public enum VipTier {
  BRONZE("Bronze"),
  SILVER("Silver"),
  GOLD("Gold"),
  PLATINUM("Platinum");

  private final String displayName;

  VipTier(String displayName) {
    this.displayName = displayName;
  }

  /** The name to show a shopper, e.g. {@code "Gold"}. */
  public String displayName() {
    return displayName;
  }
}
