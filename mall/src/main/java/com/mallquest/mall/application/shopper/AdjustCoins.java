package com.mallquest.mall.application.shopper;

import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.CoinAdjustment;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * An administrator's coin correction: one transaction that locks the shopper's row, changes the
 * balance with guarded SQL ({@code coins = coins + ?} only while the result stays {@code >= 0}) and
 * appends a ledger row with reason {@link LedgerReason#ADJUSTMENT}; the new profile goes to the
 * outbox in the same transaction ({@link Changes}). Retries are made safe by the Idempotency-Key
 * layer, which the endpoint requires.
 */
public final class AdjustCoins {

  /**
   * What happened.
   *
   * @param entry the ledger row
   * @param shopper the profile after it
   */
  public record Result(LedgerEntry entry, Shopper shopper) {}

  private final ShopperRepository shoppers;
  private final Changes changes;
  private final Transactions transactions;
  private final Clock clock;

  /** With its ports. */
  public AdjustCoins(
      ShopperRepository shoppers, Changes changes, Transactions transactions, Clock clock) {
    this.shoppers = shoppers;
    this.changes = changes;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * Applies the adjustment.
   *
   * @throws InvalidInputException if the delta or the reason is not valid
   * @throws NotFoundException if there is no such shopper
   * @throws ConflictException if the balance would go below zero (nothing changed)
   */
  public Result adjust(String shopperId, long deltaCoins, String reason) {
    ShopperId id = InvalidInputException.parseAs("shopperId", ShopperId::of, shopperId);
    CoinAdjustment adjustment = new CoinAdjustment(id, deltaCoins, reason);
    Result result =
        transactions.inTransaction(
            () -> {
              Shopper before =
                  shoppers
                      .lockById(id)
                      .orElseThrow(() -> new NotFoundException("shopper", id.value()));
              Instant now = clock.instant();
              BalanceChange.Applied applied =
                  shoppers
                      .applyCoins(
                          BalanceChange.coins(
                              id,
                              adjustment.deltaCoins(),
                              LedgerReason.ADJUSTMENT,
                              adjustment.reason(),
                              now))
                      .orElseThrow(
                          () ->
                              new ConflictException(
                                  "An adjustment of "
                                      + adjustment.deltaCoins()
                                      + " coins would take the balance of "
                                      + before.coins()
                                      + " below zero"));
              Shopper after = applied.shopper();
              LedgerEntry entry = applied.coinEntry().orElseThrow();
              changes.shopper(after, false, List.of());
              return new Result(entry, after);
            });
    return result;
  }
}
