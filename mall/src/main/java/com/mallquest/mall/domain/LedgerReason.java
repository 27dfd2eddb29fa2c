package com.mallquest.mall.domain;

/** Why a shopper's coin balance changed; stored with every {@link LedgerEntry}. */
public enum LedgerReason {
  /** Coins earned by a purchase; the reference is the purchase id. */
  PURCHASE,
  /** The daily check-in bonus; the reference is the local date checked in for. */
  CHECK_IN,
  /** A manual correction by an administrator; the reference says why. */
  ADJUSTMENT,
  /** A completed mission's reward; the reference is {@code mission:<id>:<window period start>}. */
  MISSION_REWARD,
  /** Coins spent on a companion; the reference is {@code companion:<companion id>}. */
  COMPANION_PURCHASE
}
