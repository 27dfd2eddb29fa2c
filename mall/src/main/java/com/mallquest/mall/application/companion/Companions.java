package com.mallquest.mall.application.companion;

import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.mission.CompanionEffects;
import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.CompanionSpecies;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.IdempotencyKeys;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shoppers' companions: bought with coins, granted by missions and level milestones, fed by
 * purchases and check-ins. Every write runs under the shopper's row lock: the purchase and the
 * check-in hold it already ({@link CompanionEffects}); buying and activating take it here.
 */
public final class Companions implements CompanionEffects {

  private static final Logger log = LoggerFactory.getLogger(Companions.class);
  private static final String MILESTONE_PREFIX = "milestone:";

  /**
   * The answer to a purchase of a companion.
   *
   * @param companion the companion bought (the original on a replay)
   * @param shopper the shopper after it
   * @param events acquisition event (none on a replay)
   * @param replayed true if this Idempotency-Key bought it before and nothing changed now
   */
  public record Bought(Companion companion, Shopper shopper, List<DomainEvent> events, boolean replayed) {}

  private final CompanionRepository companions;
  private final ShopperRepository shoppers;
  private final ShopperCache cache;
  private final Transactions transactions;
  private final Changes changes;
  private final Clock clock;
  private final Map<Integer, String> milestones;
  private final long checkInXp;

  /**
   * With its ports and rules.
   *
   * @param milestones level -> species granted on reaching it
   * @param checkInXp companion-xp per check-in
   */
  public Companions(CompanionRepository companions, ShopperRepository shoppers, ShopperCache cache, Changes changes, Transactions transactions, Clock clock, Map<Integer, String> milestones,
      long checkInXp) {
    this.companions = Objects.requireNonNull(companions, "companions");
    this.shoppers = Objects.requireNonNull(shoppers, "shoppers");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.changes = Objects.requireNonNull(changes, "changes");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.milestones = new TreeMap<>(milestones);
    if (checkInXp < 0) {
      throw new IllegalArgumentException("companion check-in xp must not be negative, was " + checkInXp);
    }
    this.checkInXp = checkInXp;
  }

  @Override
  public Shopper purchaseRecorded(Shopper shopper, Purchase purchase, Instant now, List<DomainEvent> events) {
    feed(shopper.id(), purchase.xpEarned(), events);
    grantMilestones(shopper, now, events);
    return shopper;
  }

  @Override
  public Shopper checkedIn(Shopper shopper, Instant now, List<DomainEvent> events) {
    feed(shopper.id(), checkInXp, events);
    return shopper;
  }

  @Override
  public Shopper grant(Shopper shopper, String speciesId, String source, String key, Instant now,
      List<DomainEvent> events) {
    if (companions.findSpecies(speciesId).isEmpty()) {
      log.warn("companion not granted: species {} does not exist (shopper={}, source={})", speciesId,
          shopper.id().value(), source);
      return shopper;
    }
    add(shopper.id(), speciesId, source, key, now).ifPresent(c ->
        events.add(new DomainEvent.CompanionAcquired(c.id(), speciesId, source)));
    return shopper;
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
    Bought bought = transactions.inTransaction(() -> {
      Shopper shopper = shoppers.lockById(id).orElseThrow(() -> new NotFoundException("shopper", id.value()));
      Optional<Companion> earlier = companions.findByKey(id, key);
      if (earlier.isPresent()) {
        if (!earlier.get().speciesId().equals(speciesId)) {
          throw new ConflictException("Idempotency-Key " + idempotencyKey + " bought another species");
        }
        return new Bought(earlier.get(), shopper, List.of(), true);
      }
      CompanionSpecies species = companions.findSpecies(speciesId)
          .orElseThrow(() -> new NotFoundException("companion species", speciesId));
      long price = species.price()
          .orElseThrow(() -> new ConflictException("companion species " + speciesId + " is not for sale"));
      Instant now = clock.instant();
      Companion companion = add(id, speciesId, "purchase", key, now).orElseThrow();
      // After the companion's row, whose id the ledger names; too few coins roll both back.
      Shopper debited = shoppers.applyCoins(BalanceChange.coins(id, -price, LedgerReason.COMPANION_PURCHASE,
              "companion:" + companion.id(), now))
          .orElseThrow(() -> new ConflictException("not enough coins: price=" + price + ", balance=" + shopper.coins()))
          .shopper();
      List<DomainEvent> events = List.of(new DomainEvent.CompanionAcquired(companion.id(), speciesId, "purchase"));
      changes.shopper(debited, false, events);
      return new Bought(companion, debited, events, false);
    });
    if (!bought.replayed()) {
      log.info("companion bought shopper={} species={} companion={}", id.value(), speciesId,
          bought.companion().id());
    }
    return bought;
  }

  /**
   * Makes a companion the shopper's active one.
   *
   * @throws NotFoundException if the shopper has no such companion
   */
  public Companion activate(String shopperId, String companionId) {
    ShopperId id = InvalidInputException.parseAs("id", ShopperId::of, shopperId);
    return transactions.inTransaction(() -> {
      shoppers.lockById(id).orElseThrow(() -> new NotFoundException("shopper", id.value()));
      Companion companion = companions.findByShopper(id).stream().filter(c -> c.id().equals(companionId))
          .findFirst().orElseThrow(() -> new NotFoundException("companion", companionId));
      companions.activate(id, companionId);
      return new Companion(companion.id(), id, companion.speciesId(), companion.xp(), companion.stage(), true,
          companion.source(), companion.acquiredAt());
    });
  }

  /**
   * A shopper's companions.
   *
   * @param shopper the shopper (for the language)
   * @param companions oldest first
   */
  public record Listed(Shopper shopper, List<Companion> companions) {}

  /**
   * The shopper's companions, oldest first.
   *
   * @throws NotFoundException if there is no such shopper
   */
  public Listed list(String shopperId) {
    ShopperId id = InvalidInputException.parseAs("id", ShopperId::of, shopperId);
    Shopper shopper = cache.get(id).orElseThrow(() -> new NotFoundException("shopper", id.value()));
    return new Listed(shopper, companions.findByShopper(id));
  }

  private void feed(ShopperId shopperId, long xp, List<DomainEvent> events) {
    if (xp <= 0) {
      return;
    }
    Optional<Companion> active = companions.findActive(shopperId);
    if (active.isEmpty()) {
      return;
    }
    CompanionSpecies species = companions.findSpecies(active.get().speciesId()).orElseThrow();
    Companion.Growth growth = active.get().gain(xp, species);
    companions.addXp(active.get().id(), xp, growth.companion().stage());
    growth.evolved().ifPresent(events::add);
  }

  private void grantMilestones(Shopper shopper, Instant now, List<DomainEvent> events) {
    List<Map.Entry<Integer, String>> reached = new ArrayList<>();
    milestones.forEach((level, species) -> {
      if (shopper.level() >= level) {
        reached.add(Map.entry(level, species));
      }
    });
    if (reached.isEmpty()) {
      return;
    }
    Set<String> granted = companions.keysStartingWith(shopper.id(), MILESTONE_PREFIX);
    for (Map.Entry<Integer, String> milestone : reached) {
      String key = MILESTONE_PREFIX + milestone.getKey();
      if (!granted.contains(key)) {
        grant(shopper, milestone.getValue(), "milestone", key, now, events);
      }
    }
  }

  /** Inserts a companion, active if it is the shopper's first; empty if the key was used. */
  private Optional<Companion> add(ShopperId shopperId, String speciesId, String source, String key, Instant now) {
    boolean first = companions.findActive(shopperId).isEmpty();
    Companion companion = new Companion(UUID.randomUUID().toString(), shopperId, speciesId, 0, 0, first, source, now);
    return companions.insert(companion, key) ? Optional.of(companion) : Optional.empty();
  }
}
