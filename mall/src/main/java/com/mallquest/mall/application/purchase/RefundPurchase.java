package com.mallquest.mall.application.purchase;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.PurchaseRepository;
import com.mallquest.mall.application.port.RefundRepository;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Refund;
import com.mallquest.mall.domain.RefundOutcome;
import com.mallquest.mall.domain.Shopper;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Refunds a purchase, at most once: takes back its coins and xp (never below zero; the coins
 * already spent are recorded as the shortfall), takes its amount off the lifetime spend, and
 * recalculates level and tier.
 *
 * <p>One transaction: lock the shopper's row (the same first lock a purchase takes), look for an
 * earlier refund of the purchase (a retry replays it and changes nothing), insert the refund (the
 * primary key on the purchase id is the backstop), update the balances with guarded SQL, append the
 * coin and xp ledger rows. The change goes to the outbox in the same transaction ({@link Changes}).
 */
public final class RefundPurchase {

  /**
   * What happened.
   *
   * @param refund the refund (the original one on a replay)
   * @param shopper the shopper's profile after it
   * @param events a tier change, if the tier dropped (none on a replay)
   * @param replayed whether the purchase had been refunded before and nothing changed now
   */
  public record Result(
      Refund refund, Shopper shopper, List<DomainEvent> events, boolean replayed) {}

  private final ShopperRepository shoppers;
  private final PurchaseRepository purchases;
  private final RefundRepository refunds;
  private final Changes changes;
  private final Transactions transactions;
  private final MallSettings settings;
  private final Clock clock;

  /** With its ports. */
  public RefundPurchase(
      ShopperRepository shoppers,
      PurchaseRepository purchases,
      RefundRepository refunds,
      Changes changes,
      Transactions transactions,
      MallSettings settings,
      Clock clock) {
    this.shoppers = shoppers;
    this.purchases = purchases;
    this.refunds = refunds;
    this.changes = changes;
    this.transactions = transactions;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The purchase, for the caller's access check (its store never changes).
   *
   * @throws NotFoundException if there is no such purchase
   */
  public Purchase purchase(String purchaseId) {
    if (purchaseId == null || purchaseId.length() > 64) {
      throw new NotFoundException("purchase", String.valueOf(purchaseId));
    }
    return purchases
        .findById(purchaseId)
        .orElseThrow(() -> new NotFoundException("purchase", purchaseId));
  }

  /**
   * Refunds the purchase.
   *
   * @throws NotFoundException if there is no such purchase
   */
  public Result refund(String purchaseId) {
    Purchase purchase = purchase(purchaseId);
    Result result = transactions.inTransaction(() -> refundInTransaction(purchase));
    if (!result.replayed()) {}
    return result;
  }

  private Result refundInTransaction(Purchase purchase) {
    Shopper shopper =
        shoppers
            .lockById(purchase.shopperId())
            .orElseThrow(() -> new NotFoundException("shopper", purchase.shopperId().value()));
    Optional<Refund> earlier = refunds.findByPurchase(purchase.id());
    if (earlier.isPresent()) {
      return new Result(earlier.get(), shopper, List.of(), true);
    }
    RefundOutcome outcome = shopper.applyRefund(purchase, settings.rules(), clock.instant());
    Refund refund = outcome.refund();
    if (!refunds.insert(refund)) {
      // Only reachable without the shopper lock; kept as the backstop the primary key gives.
      Refund concurrent =
          refunds
              .findByPurchase(purchase.id())
              .orElseThrow(
                  () -> new IllegalStateException("refund of " + purchase.id() + " vanished"));
      return new Result(concurrent, shopper, List.of(), true);
    }
    Shopper committed =
        shoppers
            .applyCoins(
                BalanceChange.coins(
                        shopper.id(),
                        -refund.coinsReversed(),
                        LedgerReason.REFUND,
                        "refund:" + purchase.id(),
                        refund.createdAt())
                    .withXp(-refund.xpReversed())
                    .withSpend(
                        outcome.shopper().lifetimeSpendMinor() - shopper.lifetimeSpendMinor())
                    .withLevelAndTier(outcome.shopper().level(), outcome.shopper().vipTier()))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "refund guard failed under the row lock: " + purchase.id()))
            .shopper();
    changes.shopper(
        committed, true, Changes.with(DomainEvent.PurchaseRefunded.of(refund), outcome.events()));
    return new Result(refund, committed, outcome.events(), false);
  }
}
