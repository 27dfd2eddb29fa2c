package com.mallquest.mall.domain;

import java.time.Instant;

/**
 * An operator's block on a shopper: while it stands, the shopper earns nothing (purchases and
 * check-ins are refused) and cannot redeem.
 *
 * @param shopperId the blocked shopper
 * @param reason why, as the operator wrote it (1-200 characters, no control characters)
 * @param blockedAt when
 * @param blockedBy the id of the API key that blocked
 */
public record ShopperBlock(
    ShopperId shopperId, String reason, Instant blockedAt, String blockedBy) {

  /** Longest reason. */
  public static final int MAX_REASON = 200;

  /**
   * @throws InvalidInputException if the reason breaks the rules above
   */
  public ShopperBlock {
    Checks.notNull(shopperId, "shopperId");
    reason = reason(reason);
    Checks.notNull(blockedAt, "blockedAt");
    Checks.notNull(blockedBy, "blockedBy");
  }

  /**
   * An operator's reason (for a block, an unblock or an adjustment), stripped.
   *
   * @throws InvalidInputException naming {@code reason} if it is missing, blank, too long or has
   *     control characters
   */
  public static String reason(String reason) {
    return Checks.text(reason, "reason", MAX_REASON);
  }
}
