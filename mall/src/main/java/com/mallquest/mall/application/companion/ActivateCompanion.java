package com.mallquest.mall.application.companion;

import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.ShopperId;
import java.util.Objects;

/**
 * A shopper picks their active companion (the one purchases and check-ins feed), under the row
 * lock.
 */
public final class ActivateCompanion {

  private final CompanionRepository companions;
  private final ShopperRepository shoppers;
  private final Transactions transactions;

  /** With its ports. */
  public ActivateCompanion(
      CompanionRepository companions, ShopperRepository shoppers, Transactions transactions) {
    this.companions = Objects.requireNonNull(companions, "companions");
    this.shoppers = Objects.requireNonNull(shoppers, "shoppers");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  /**
   * Makes a companion the shopper's active one.
   *
   * @throws NotFoundException if the shopper has no such companion
   */
  public Companion activate(String shopperId, String companionId) {
    ShopperId id = InvalidInputException.parseAs("id", ShopperId::of, shopperId);
    return transactions.inTransaction(
        () -> {
          shoppers.lockById(id).orElseThrow(() -> new NotFoundException("shopper", id.value()));
          Companion companion =
              companions.findByShopper(id).stream()
                  .filter(c -> c.id().equals(companionId))
                  .findFirst()
                  .orElseThrow(() -> new NotFoundException("companion", companionId));
          companions.activate(id, companionId);
          return new Companion(
              companion.id(),
              id,
              companion.speciesId(),
              companion.xp(),
              companion.stage(),
              true,
              companion.source(),
              companion.acquiredAt());
        });
  }
}
