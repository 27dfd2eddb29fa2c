package com.mallquest.mall.application.shopper;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.mission.ProgressTracker;
import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.CheckInOutcome;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperBlockedException;
import com.mallquest.mall.domain.ShopperId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily check-in: one per shopper per local calendar day, with a streak bonus. The shopper's
 * row is locked for the decision, so two concurrent check-ins award once. Mission progress and the
 * active companion move in the same transaction ({@link ProgressTracker}).
 */
public final class CheckIn {

  private static final Logger log = LoggerFactory.getLogger(CheckIn.class);

  private final ShopperRepository shoppers;
  private final Changes changes;
  private final Transactions transactions;
  private final MallSettings settings;
  private final Clock clock;
  private final ProgressTracker progress;
  private final ShopperBlocks blocks;

  /** With its ports and the mission/companion tracker. */
  public CheckIn(
      ShopperRepository shoppers,
      Changes changes,
      Transactions transactions,
      MallSettings settings,
      Clock clock,
      ProgressTracker progress,
      ShopperBlocks blocks) {
    this.shoppers = shoppers;
    this.changes = changes;
    this.transactions = transactions;
    this.settings = settings;
    this.clock = clock;
    this.progress = progress;
    this.blocks = blocks;
  }

  /**
   * Checks the shopper in now.
   *
   * @throws NotFoundException if there is no such shopper
   * @throws ShopperBlockedException if the shopper is blocked (nothing is recorded)
   */
  public CheckInOutcome checkIn(String id) {
    ShopperId shopperId = ShopperId.of(id);
    blocks.requireNotBlocked(shopperId);
    CheckInOutcome outcome =
        transactions.inTransaction(
            () -> {
              Instant now = clock.instant();
              Shopper current =
                  shoppers
                      .lockById(shopperId)
                      .orElseThrow(() -> new NotFoundException("shopper", shopperId.value()));
              CheckInOutcome decided = current.checkIn(now, settings.rules());
              if (decided.alreadyCheckedIn()) {
                return decided;
              }
              Shopper committed =
                  shoppers
                      .applyCoins(
                          BalanceChange.coins(
                                  shopperId,
                                  decided.coinsAwarded(),
                                  LedgerReason.CHECK_IN,
                                  "check-in:" + decided.localDate(),
                                  now)
                              .withCheckIn(decided.streak(), decided.localDate()))
                      .orElseThrow(() -> new NotFoundException("shopper", shopperId.value()))
                      .shopper();
              ProgressTracker.Tracked tracked =
                  progress.checkedIn(committed, decided.streak(), decided.localDate(), now);
              List<DomainEvent> events = new ArrayList<>(decided.events());
              events.addAll(tracked.events());
              // A mission completed by this check-in may have paid xp (ProgressTracker wrote the xp
              // ledger).
              boolean xpChanged =
                  events.stream()
                      .anyMatch(e -> e instanceof DomainEvent.MissionCompleted m && m.xp() > 0);
              changes.shopper(tracked.shopper(), xpChanged, events);
              return new CheckInOutcome(
                  tracked.shopper(),
                  decided.streak(),
                  decided.coinsAwarded(),
                  false,
                  decided.localDate(),
                  events);
            });
    if (!outcome.alreadyCheckedIn()) {
      log.info(
          "check-in recorded shopper={} streak={} coins={}",
          shopperId.value(),
          outcome.streak(),
          outcome.coinsAwarded());
    }
    return outcome;
  }
}
