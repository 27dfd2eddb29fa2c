package com.mallquest.mall.application.purchase;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.mission.ProgressTracker;
import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.PurchaseRepository;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.StoreCache;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.Earning;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.Money;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.PurchaseCaps;
import com.mallquest.mall.domain.PurchaseOutcome;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperBlock;
import com.mallquest.mall.domain.ShopperBlockedException;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a purchase and credits its coins and xp, exactly once per {@code (storeId, receiptId)}.
 *
 * <p>One transaction: lock the shopper's row, insert the purchase unless its receipt exists (the
 * unique key decides; a retry replays the original result and credits nothing), add coins, xp and
 * spend atomically in SQL, append the ledger row. The abuse caps ({@link PurchaseCapGuard}) may
 * hold back coins before the insert; mission progress and companions ({@link ProgressTracker}) move
 * after it, in the same transaction. Coin and xp ledger rows are appended in the same transaction.
 * The new profile, the leaderboard change and the events go to the outbox in the same transaction
 * ({@link Changes}); this instance's cache hears of the profile right after the commit.
 *
 * <p>On PostgreSQL the transaction is usually one statement (ADR 0026, 0028); a purchase alone on
 * its group-commit writer with nothing else to write (no purchase mission running, no companion
 * milestone in reach, no companion) runs that statement outside a transaction, so it commits by
 * itself (ADR 0033).
 */
public final class RecordPurchase {

  private static final Logger log = LoggerFactory.getLogger(RecordPurchase.class);

  /**
   * A purchase as a terminal reports it, checked when it is made: a command is always valid.
   *
   * @param shopperId who bought
   * @param storeId where
   * @param receiptId the store's receipt number, unique per store (1-64 of {@code
   *     [A-Za-z0-9_.:/-]})
   * @param amount what was paid, in the mall's currency
   */
  public record Command(ShopperId shopperId, StoreId storeId, String receiptId, Money amount) {

    /** Checks the fields. */
    public Command {
      Objects.requireNonNull(shopperId, "shopperId");
      Objects.requireNonNull(storeId, "storeId");
      Purchase.validateReceiptId(receiptId);
      Objects.requireNonNull(amount, "amount");
    }

    /**
     * Parses what a client sent, field by field in this order; the first wrong field is named.
     *
     * @param mallCurrency the mall's one currency: an amount in another is refused
     * @throws InvalidInputException naming the field that is not valid
     */
    public static Command parse(
        String shopperId,
        String storeId,
        String receiptId,
        long amountMinor,
        String currency,
        Currency mallCurrency) {
      ShopperId shopper = InvalidInputException.parseAs("shopperId", ShopperId::of, shopperId);
      StoreId store = InvalidInputException.parseAs("storeId", StoreId::of, storeId);
      String receipt = Purchase.validateReceiptId(receiptId);
      return new Command(shopper, store, receipt, Money.of(amountMinor, currency, mallCurrency));
    }
  }

  /**
   * What happened.
   *
   * @param purchase the recorded purchase (the original one on a replay)
   * @param shopper the shopper's profile after it
   * @param events level and tier changes, caps reached, mission progress and companion events (none
   *     on a replay)
   * @param replayed whether this receipt was recorded before and nothing was credited now
   */
  public record Result(
      Purchase purchase, Shopper shopper, List<DomainEvent> events, boolean replayed) {}

  private final ShopperRepository shoppers;
  private final ShopperCache shopperCache;
  private final StoreCache stores;
  private final PurchaseRepository purchases;
  private final Changes changes;
  private final Transactions transactions;
  private final MallSettings settings;
  private final Clock clock;
  private final PurchaseCapGuard caps;
  private final ProgressTracker progress;

  /**
   * With its ports, the abuse caps and the mission/companion tracker.
   *
   * @param shopperCache where a purchase first looks for the shopper as last seen (its memory tier:
   *     no round trip), to record it in one statement when the row has not moved on
   */
  public RecordPurchase(
      ShopperRepository shoppers,
      ShopperCache shopperCache,
      StoreCache stores,
      PurchaseRepository purchases,
      Changes changes,
      Transactions transactions,
      MallSettings settings,
      Clock clock,
      PurchaseCapGuard caps,
      ProgressTracker progress) {
    this.shoppers = shoppers;
    this.shopperCache = shopperCache;
    this.stores = stores;
    this.purchases = purchases;
    this.changes = changes;
    this.transactions = transactions;
    this.settings = settings;
    this.clock = clock;
    this.caps = caps;
    this.progress = progress;
  }

  /**
   * Records the purchase.
   *
   * @throws NotFoundException if the shopper or the store does not exist
   * @throws ShopperBlockedException if the shopper is blocked (nothing is recorded)
   * @throws ConflictException if the store is inactive, or the receipt was used for another
   *     purchase
   */
  public Result record(Command command) {
    ShopperId shopperId = command.shopperId();
    StoreId storeId = command.storeId();
    String receiptId = command.receiptId();
    Money amount = command.amount();
    if (!amount.currency().equals(settings.currency())) {
      throw new InvalidInputException(
          "currency",
          "currency must be the mall currency "
              + settings.currency().getCurrencyCode()
              + ", was "
              + amount.currency().getCurrencyCode());
    }
    // Group commit: one transaction for many shoppers' purchases; the shopper's id keeps one
    // shopper's purchases on one writer (ADR 0023). A purchase alone on its writer may first try
    // its one statement, committing by itself (ADR 0033).
    Result result =
        purchases.recordsUnlocked()
            ? transactions.inSharedTransaction(
                shopperId.value(),
                () -> recordAlone(shopperId, storeId, receiptId, amount),
                () -> recordInTransaction(shopperId, storeId, receiptId, amount))
            : transactions.inSharedTransaction(
                shopperId.value(),
                () -> recordInTransaction(shopperId, storeId, receiptId, amount));
    if (!result.replayed()) {
      log.info(
          "purchase recorded purchase={} store={} shopper={} amountMinor={} coins={} xp={}",
          result.purchase().id(),
          storeId.value(),
          shopperId.value(),
          amount.minor(),
          result.purchase().coinsEarned(),
          result.purchase().xpEarned());
    }
    return result;
  }

  /**
   * The purchase as one statement that commits by itself, outside any transaction (ADR 0033): for
   * the shopper as this instance last saw them, if nothing but that statement would write (no
   * running mission counts the purchase, no companion milestone is within reach, and, checked by
   * the database, no companion to feed). Empty, having changed nothing, when any of that does not
   * hold or the database declines as in {@link #recordInTransaction}'s first try; the purchase then
   * runs in a transaction.
   */
  private Optional<Result> recordAlone(
      ShopperId shopperId, StoreId storeId, String receiptId, Money amount) {
    return creditAsSeen(shopperId, storeId, receiptId, amount, Hold.NONE_ALONE);
  }

  /**
   * The purchase priced from the shopper as this instance's memory last saw them, at an active
   * store, for the database to record or decline ({@code hold} says how); empty, having changed
   * nothing, without such a copy or store, or when declined.
   */
  private Optional<Result> creditAsSeen(
      ShopperId shopperId, StoreId storeId, String receiptId, Money amount, Hold hold) {
    Optional<Shopper> seen = shopperCache.peek(shopperId);
    if (seen.isEmpty()) {
      return Optional.empty();
    }
    Optional<Store> store = stores.get(storeId);
    if (store.isEmpty() || !store.get().active()) {
      return Optional.empty();
    }
    return credit(seen.get(), store.get(), receiptId, amount, hold);
  }

  private Result recordInTransaction(
      ShopperId shopperId, StoreId storeId, String receiptId, Money amount) {
    // The shopper as this instance last saw them, if its memory holds them: the database checks
    // the version and the block and locks the row in the purchase's one statement, or declines,
    // changing nothing, and the purchase takes the locking path below (ADR 0028). Any refusal is
    // the locking path's, in its order. Where the database cannot (H2), nothing is priced twice.
    if (purchases.recordsUnlocked()) {
      Optional<Result> done = creditAsSeen(shopperId, storeId, receiptId, amount, Hold.NONE);
      if (done.isPresent()) {
        return done.get();
      }
    }
    // One statement locks the shopper's row and reads their block; the refusals keep their order:
    // a blocked shopper, then an unknown store, then an unknown shopper.
    Optional<ShopperRepository.Locked> locked = shoppers.lockWithBlock(shopperId);
    Optional<ShopperBlock> block = locked.flatMap(ShopperRepository.Locked::block);
    if (block.isPresent()) {
      throw new ShopperBlockedException(block.get());
    }
    // Through the cache: a store changes rarely, and its cached copy follows a change within the
    // coherence bound (ADR 0015); a purchase reads it on every request.
    Store store =
        stores.get(storeId).orElseThrow(() -> new NotFoundException("store", storeId.value()));
    Shopper shopper =
        locked.orElseThrow(() -> new NotFoundException("shopper", shopperId.value())).shopper();
    return credit(shopper, store, receiptId, amount, Hold.LOCKED)
        .orElseThrow(() -> new IllegalStateException("a locked purchase is never declined"));
  }

  /** What the caller holds of the shopper's row when it prices a purchase. */
  private enum Hold {
    /** This transaction locked the row and read {@code shopper} from it. */
    LOCKED,
    /** A copy as last seen, in a transaction: the database checks the version, or declines. */
    NONE,
    /** A copy as last seen, outside a transaction: the one statement commits by itself. */
    NONE_ALONE
  }

  /**
   * Prices the purchase for {@code shopper} as given, and records and credits it.
   *
   * @param hold whether {@code shopper} is the row this transaction locked; if not, the database
   *     may decline
   * @return the result; empty only if not {@link Hold#LOCKED} and the database declined, or, alone,
   *     if more than the one statement would write (nothing changed)
   */
  private Optional<Result> credit(
      Shopper shopper, Store store, String receiptId, Money amount, Hold hold) {
    ShopperId shopperId = shopper.id();
    StoreId storeId = store.id();
    PurchaseOutcome outcome = shopper.applyPurchase(amount, store, settings.rules());
    Instant now = clock.instant();
    boolean alone = hold == Hold.NONE_ALONE;
    if (alone && !progress.quietOnPurchase(outcome.shopper(), now)) {
      return Optional.empty();
    }
    PurchaseCaps.Capped capped = caps.cap(shopperId, storeId, outcome.earning().coins(), now);
    Earning earning = new Earning(capped.coins(), outcome.earning().xp());
    Purchase purchase = Purchase.create(shopperId, storeId, receiptId, amount, earning, now);
    List<DomainEvent> events = new ArrayList<>(outcome.events());
    events.addAll(capped.events());
    // The receipt's unique key decides: a receipt recorded before (a retry, serialized behind this
    // shopper's lock, or another shopper's claim) makes the insert do nothing, credits nothing, and
    // the original is replayed. Insert, credit and the outbox changes known now are one statement
    // on PostgreSQL (ADR 0026); the credit gives the locked row the next version. The purchase's
    // own event goes to consumers (webhooks) only: the answer carries the purchase itself.
    BalanceChange credit =
        BalanceChange.coins(
                shopperId, earning.coins(), LedgerReason.PURCHASE, "purchase:" + purchase.id(), now)
            .withXp(earning.xp())
            .withSpend(amount.minor())
            .withLevelAndTier(outcome.shopper().level(), outcome.shopper().vipTier());
    List<ChangeOutbox.Change> recorded =
        Changes.ofShopper(
            shopperId,
            shopper.version() + 1,
            true,
            Changes.with(DomainEvent.PurchaseRecorded.of(purchase), events));
    Optional<BalanceChange.Applied> credited =
        switch (hold) {
          case LOCKED -> purchases.insertAndCredit(purchase, credit, recorded);
          case NONE -> purchases.insertAndCreditIfAt(shopper.version(), purchase, credit, recorded);
          case NONE_ALONE ->
              purchases.insertAndCreditAloneIfAt(shopper.version(), purchase, credit, recorded);
        };
    if (credited.isEmpty() && hold != Hold.LOCKED) {
      return Optional.empty();
    }
    if (credited.isEmpty()) {
      Purchase earlier =
          purchases
              .findByReceipt(storeId, receiptId)
              .orElseThrow(
                  () ->
                      new ConflictException("receipt " + receiptId + " is being recorded; retry"));
      return Optional.of(replay(earlier, shopper, amount));
    }
    Shopper committed = credited.get().shopper();
    // Alone, the tracker was asked before the statement and would change nothing.
    ProgressTracker.Tracked tracked =
        alone
            ? new ProgressTracker.Tracked(committed, List.of())
            : progress.purchaseRecorded(committed, store, purchase, now);
    // Missions and companions may have moved (and paid a reward): what they changed follows.
    changes.since(committed, tracked.shopper(), tracked.events());
    events.addAll(tracked.events());
    return Optional.of(new Result(purchase, tracked.shopper(), events, false));
  }

  private static Result replay(Purchase earlier, Shopper shopper, Money amount) {
    boolean same =
        earlier.shopperId().equals(shopper.id())
            && earlier.amountMinor() == amount.minor()
            && earlier.currency().equals(amount.currency().getCurrencyCode());
    if (!same) {
      throw new ConflictException(
          "receipt "
              + earlier.receiptId()
              + " of store "
              + earlier.storeId().value()
              + " was recorded for another purchase");
    }
    return new Result(earlier, shopper, List.of(), true);
  }
}
