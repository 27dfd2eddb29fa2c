package com.mallquest.mall.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The shopper is blocked by an operator: nothing may be earned or redeemed (the web layer answers
 * 403).
 */
public class ShopperBlockedException extends DomainException {

  private static final long serialVersionUID = 1L;

  private final String shopperId;
  private final Instant blockedAt;

  /**
   * @param block the block that stands
   */
  public ShopperBlockedException(ShopperBlock block) {
    super(
        "Shopper "
            + Checks.show(block.shopperId().value())
            + " is blocked by an operator (since "
            + block.blockedAt()
            + "): it earns nothing and cannot redeem");
    this.shopperId = block.shopperId().value();
    this.blockedAt = Objects.requireNonNull(block.blockedAt(), "blockedAt");
  }

  /** The blocked shopper's id. */
  public String shopperId() {
    return shopperId;
  }

  /** When the block was placed. */
  public Instant blockedAt() {
    return blockedAt;
  }
}
