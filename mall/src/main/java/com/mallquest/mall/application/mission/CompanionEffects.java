package com.mallquest.mall.application.mission;

import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Shopper;
import java.time.Instant;
import java.util.List;

/**
 * What purchases, check-ins and missions do to a shopper's companions, inside the caller's
 * transaction (the shopper's row is locked). Companions live beside the shopper's row, which none
 * of these change: each method returns the events it caused, in order.
 */
public interface CompanionEffects {

  /** No companions: every method changes nothing. */
  CompanionEffects NONE =
      new CompanionEffects() {
        @Override
        public List<DomainEvent> purchaseRecorded(Shopper shopper, Purchase purchase, Instant now) {
          return List.of();
        }

        @Override
        public boolean quietOnPurchase(Shopper after) {
          return true;
        }

        @Override
        public List<DomainEvent> checkedIn(Shopper shopper, Instant now) {
          return List.of();
        }

        @Override
        public List<DomainEvent> grant(
            Shopper shopper, String speciesId, String source, String key, Instant now) {
          return List.of();
        }
      };

  /** The purchase's xp feeds the active companion; a level milestone may grant one. */
  List<DomainEvent> purchaseRecorded(Shopper shopper, Purchase purchase, Instant now);

  /**
   * Whether {@link #purchaseRecorded} changes nothing for a shopper without a companion who, after
   * the purchase, is {@code after}: no milestone is within their level (ADR 0033).
   */
  boolean quietOnPurchase(Shopper after);

  /** A check-in feeds the active companion. */
  List<DomainEvent> checkedIn(Shopper shopper, Instant now);

  /**
   * Gives the shopper a companion of the species, once per {@code key}.
   *
   * @param source how: {@code mission} or {@code milestone}
   * @param key unique per shopper for this grant, e.g. the mission period's reward reference
   */
  List<DomainEvent> grant(
      Shopper shopper, String speciesId, String source, String key, Instant now);
}
