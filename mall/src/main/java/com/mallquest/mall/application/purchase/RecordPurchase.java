package com.mallquest.mall.application.purchase;

import com.mallquest.mall.application.shopper.ShopperBlocks;
import com.mallquest.mall.domain.ShopperBlockedException;
import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.mission.ProgressTracker;
import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.LedgerRepository;
import com.mallquest.mall.application.port.PurchaseRepository;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.StoreCache;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.application.port.XpLedgerRepository;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.Earning;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.Money;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.PurchaseCaps;
import com.mallquest.mall.domain.PurchaseOutcome;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a purchase and credits its coins and xp, exactly once per {@code (storeId, receiptId)}.
 *
 * <p>One transaction: lock the shopper's row, insert the purchase unless its receipt exists (the
 * unique key decides; a retry replays the original result and credits nothing), add coins, xp and
 * spend atomically in SQL, append the ledger row. The abuse caps ({@link PurchaseCapGuard}) may hold back coins before the
 * insert; mission progress and companions ({@link ProgressTracker}) move after it, in the same
 * transaction. Coin and xp ledger rows are appended in the same transaction.
 * The new profile, the leaderboard change and the events go to the outbox in the same transaction
 * ({@link Changes}); this instance's cache hears of the profile right after the commit.
 */
public final class RecordPurchase {

  private static final Logger log = LoggerFactory.getLogger(RecordPurchase.class);

  /**
   * A purchase as a terminal reports it.
   *
   * @param shopperId who bought
   * @param storeId where
   * @param receiptId the store's receipt number, unique per store
   * @param amountMinor the amount in minor units (cents)
   * @param currency the ISO 4217 code; must be the mall's
   */
  public record Command(String shopperId, String storeId, String receiptId, long amountMinor, String currency) {}

  /**
   * What happened.
   *
   * @param purchase the recorded purchase (the original one on a replay)
   * @param shopper the shopper's profile after it
   * @param events level and tier changes, caps reached, mission progress and companion events (none on a replay)
   * @param replayed whether this receipt was recorded before and nothing was credited now
   */
  public record Result(Purchase purchase, Shopper shopper, List<DomainEvent> events, boolean replayed) {}

  private final ShopperRepository shoppers;
  private final StoreCache stores;
  private final PurchaseRepository purchases;
  private final LedgerRepository ledger;
  private final XpLedgerRepository xpLedger;
  private final Changes changes;
  private final Transactions transactions;
  private final MallSettings settings;
  private final Clock clock;
  private final PurchaseCapGuard caps;
  private final ProgressTracker progress;
  private final ShopperBlocks blocks;

  /** With its ports, the abuse caps and the mission/companion tracker. */
  public RecordPurchase(
      ShopperRepository shoppers, StoreCache stores, PurchaseRepository purchases, LedgerRepository ledger,
      XpLedgerRepository xpLedger, Changes changes, Transactions transactions,
      MallSettings settings, Clock clock, PurchaseCapGuard caps, ProgressTracker progress,
      ShopperBlocks blocks) {
    this.shoppers = shoppers;
    this.stores = stores;
    this.purchases = purchases;
    this.ledger = ledger;
    this.xpLedger = xpLedger;
    this.changes = changes;
    this.transactions = transactions;
    this.settings = settings;
    this.clock = clock;
    this.caps = caps;
    this.progress = progress;
    this.blocks = blocks;
  }

  /**
   * Records the purchase.
   *
   * @throws NotFoundException if the shopper or the store does not exist
   * @throws ShopperBlockedException if the shopper is blocked (nothing is recorded)
   * @throws ConflictException if the store is inactive, or the receipt was used for another purchase
   */
  public Result record(Command command) {
    ShopperId shopperId = InvalidInputException.parseAs("shopperId", ShopperId::of, command.shopperId());
    StoreId storeId = InvalidInputException.parseAs("storeId", StoreId::of, command.storeId());
    String receiptId = Purchase.validateReceiptId(command.receiptId());
    Money amount = Money.of(command.amountMinor(), command.currency(), settings.currency());
    // Group commit: one transaction for many shoppers' purchases; the shopper's id keeps one shopper's
    // purchases on one writer (ADR 0023).
    Result result = transactions.inSharedTransaction(shopperId.value(),
        () -> recordInTransaction(shopperId, storeId, receiptId, amount));
    if (!result.replayed()) {
      log.info("purchase recorded purchase={} store={} shopper={} amountMinor={} coins={} xp={}", result.purchase().id(),
          storeId.value(), shopperId.value(), amount.minor(), result.purchase().coinsEarned(),
          result.purchase().xpEarned());
    }
    return result;
  }

  private Result recordInTransaction(ShopperId shopperId, StoreId storeId, String receiptId, Money amount) {
    // In the transaction: its connection, no second one from the pool for the check.
    blocks.requireNotBlocked(shopperId);
    // Through the cache: a store changes rarely, and its cached copy follows a change within the
    // coherence bound (ADR 0015); a purchase reads it on every request.
    Store store = stores.get(storeId).orElseThrow(() -> new NotFoundException("store", storeId.value()));
    Shopper shopper = shoppers.lockById(shopperId)
        .orElseThrow(() -> new NotFoundException("shopper", shopperId.value()));
    PurchaseOutcome outcome = shopper.applyPurchase(amount, store, settings.rules());
    Instant now = clock.instant();
    PurchaseCaps.Capped capped = caps.cap(shopperId, storeId, outcome.earning().coins(), now);
    Earning earning = new Earning(capped.coins(), outcome.earning().xp());
    Purchase purchase = Purchase.create(shopperId, storeId, receiptId, amount, earning, now);
    // The receipt's unique key decides: a receipt recorded before (a retry, serialized behind this
    // shopper's lock, or another shopper's claim) makes the insert do nothing, and the original is replayed.
    if (!purchases.insert(purchase)) {
      Purchase earlier = purchases.findByReceipt(storeId, receiptId)
          .orElseThrow(() -> new ConflictException("receipt " + receiptId + " is being recorded; retry"));
      return replay(earlier, shopper, amount);
    }
    Shopper committed = shoppers.applyPurchase(shopperId, earning.coins(), earning.xp(),
        amount.minor(), outcome.shopper().level(), outcome.shopper().vipTier());
    if (earning.coins() != 0) {
      ledger.append(LedgerEntry.unsaved(shopperId, earning.coins(), committed.coins(), LedgerReason.PURCHASE,
          "purchase:" + purchase.id(), now));
    }
    xpLedger.append(shopperId, earning.xp(), LedgerReason.PURCHASE, "purchase:" + purchase.id(), now);
    ProgressTracker.Tracked tracked = progress.purchaseRecorded(committed, store, purchase, now);
    List<DomainEvent> events = new ArrayList<>(outcome.events());
    events.addAll(capped.events());
    events.addAll(tracked.events());
    // The purchase's own event goes to consumers (webhooks) only: the answer carries the purchase itself.
    changes.shopper(tracked.shopper(), true, Changes.with(DomainEvent.PurchaseRecorded.of(purchase), events));
    return new Result(purchase, tracked.shopper(), events, false);
  }

  private static Result replay(Purchase earlier, Shopper shopper, Money amount) {
    boolean same = earlier.shopperId().equals(shopper.id()) && earlier.amountMinor() == amount.minor()
        && earlier.currency().equals(amount.currency().getCurrencyCode());
    if (!same) {
      throw new ConflictException("receipt " + earlier.receiptId() + " of store " + earlier.storeId().value()
          + " was recorded for another purchase");
    }
    return new Result(earlier, shopper, List.of(), true);
  }
}
