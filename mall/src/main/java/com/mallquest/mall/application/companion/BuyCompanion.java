package com.mallquest.mall.application.companion;

import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.CompanionSpecies;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.IdempotencyKeys;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shopper buys a companion with coins, under the shopper's row lock: the coins are debited
 * atomically (never below zero) with a {@link LedgerReason#COMPANION_PURCHASE} ledger row.
 */
public final class BuyCompanion {

  private static final Logger log = LoggerFactory.getLogger(BuyCompanion.class);

  /**
   * The answer to a purchase of a companion.
   *
   * @param companion the companion bought (the original on a replay)
   * @param shopper the shopper after it
   * @param events acquisition event (none on a replay)
   * @param replayed true if this Idempotency-Key bought it before and nothing changed now
   */
  public record Bought(
      Companion companion, Shopper shopper, List<DomainEvent> events, boolean replayed) {}

  private final CompanionRepository companions;
  private final ShopperRepository shoppers;
  private final Transactions transactions;
  private final Changes changes;
  private final Clock clock;

  /** With its ports. */
  public BuyCompanion(
      CompanionRepository companions,
      ShopperRepository shoppers,
      Changes changes,
      Transactions transactions,
      Clock clock) {
    this.companions = Objects.requireNonNull(companions, "companions");
    this.shoppers = Objects.requireNonNull(shoppers, "shoppers");
    this.changes = Objects.requireNonNull(changes, "changes");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Buys a companion of the species with coins, once per Idempotency-Key.
   *
   * @throws NotFoundException if the shopper or species does not exist
   * @throws ConflictException if the species is not for sale, the balance is too low, or the key
   *     bought another species
   */
  public Bought buy(String shopperId, String speciesId, String idempotencyKey) {
    ShopperId id = InvalidInputException.parseAs("id", ShopperId::of, shopperId);
    if (speciesId == null) {
      throw new InvalidInputException("speciesId", "speciesId is required");
    }
    IdempotencyKeys.require(idempotencyKey);
    String key = "purchase:" + idempotencyKey;
    Bought bought =
        transactions.inTransaction(
            () -> {
              Shopper shopper =
                  shoppers
                      .lockById(id)
                      .orElseThrow(() -> new NotFoundException("shopper", id.value()));
              Optional<Companion> earlier = companions.findByKey(id, key);
              if (earlier.isPresent()) {
                if (!earlier.get().speciesId().equals(speciesId)) {
                  throw new ConflictException(
                      "Idempotency-Key " + idempotencyKey + " bought another species");
                }
                return new Bought(earlier.get(), shopper, List.of(), true);
              }
              CompanionSpecies species =
                  companions
                      .findSpecies(speciesId)
                      .orElseThrow(() -> new NotFoundException("companion species", speciesId));
              long price =
                  species
                      .price()
                      .orElseThrow(
                          () ->
                              new ConflictException(
                                  "companion species " + speciesId + " is not for sale"));
              Instant now = clock.instant();
              Companion companion =
                  NewCompanions.add(companions, id, speciesId, "purchase", key, now).orElseThrow();
              // After the companion's row, whose id the ledger names; too few coins roll both back.
              Shopper debited =
                  shoppers
                      .applyCoins(
                          BalanceChange.coins(
                              id,
                              -price,
                              LedgerReason.COMPANION_PURCHASE,
                              "companion:" + companion.id(),
                              now))
                      .orElseThrow(
                          () ->
                              new ConflictException(
                                  "not enough coins: price="
                                      + price
                                      + ", balance="
                                      + shopper.coins()))
                      .shopper();
              List<DomainEvent> events =
                  List.of(new DomainEvent.CompanionAcquired(companion.id(), speciesId, "purchase"));
              changes.shopper(debited, false, events);
              return new Bought(companion, debited, events, false);
            });
    if (!bought.replayed()) {
      log.info(
          "companion bought shopper={} species={} companion={}",
          id.value(),
          speciesId,
          bought.companion().id());
    }
    return bought;
  }
}
