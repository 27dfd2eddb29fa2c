package com.mallquest.mall.application.mission;

import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Shopper;
import java.time.Instant;
import java.util.List;

/**
 * What purchases, check-ins and missions do to a shopper's companions, inside the caller's
 * transaction (the shopper's row is locked). Each method appends its events and returns the shopper
 * after it.
 */
public interface CompanionEffects {

  /** No companions: every method changes nothing. */
  CompanionEffects NONE = new CompanionEffects() {
    @Override
    public Shopper purchaseRecorded(Shopper shopper, Purchase purchase, Instant now, List<DomainEvent> events) {
      return shopper;
    }

    @Override
    public Shopper checkedIn(Shopper shopper, Instant now, List<DomainEvent> events) {
      return shopper;
    }

    @Override
    public Shopper grant(Shopper shopper, String speciesId, String source, String key, Instant now,
        List<DomainEvent> events) {
      return shopper;
    }
  };

  /** The purchase's xp feeds the active companion; a level milestone may grant one. */
  Shopper purchaseRecorded(Shopper shopper, Purchase purchase, Instant now, List<DomainEvent> events);

  /** A check-in feeds the active companion. */
  Shopper checkedIn(Shopper shopper, Instant now, List<DomainEvent> events);

  /**
   * Gives the shopper a companion of the species, once per {@code key}.
   *
   * @param source how: {@code mission} or {@code milestone}
   * @param key unique per shopper for this grant, e.g. the mission period's reward reference
   */
  Shopper grant(Shopper shopper, String speciesId, String source, String key, Instant now, List<DomainEvent> events);
}
