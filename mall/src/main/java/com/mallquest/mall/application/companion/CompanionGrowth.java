package com.mallquest.mall.application.companion;

import com.mallquest.mall.application.mission.CompanionEffects;
import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What purchases, check-ins and missions do to companions ({@link CompanionEffects}): the active
 * one is fed, level milestones and mission rewards grant one. Runs in the caller's transaction,
 * under the shopper's row lock the purchase or check-in holds.
 */
public final class CompanionGrowth implements CompanionEffects {

  private static final Logger log = LoggerFactory.getLogger(CompanionGrowth.class);
  private static final String MILESTONE_PREFIX = "milestone:";

  private final CompanionRepository companions;
  private final Map<Integer, String> milestones;
  private final long checkInXp;

  /**
   * With its port and rules.
   *
   * @param milestones level -> species granted on reaching it
   * @param checkInXp companion-xp per check-in
   */
  public CompanionGrowth(
      CompanionRepository companions, Map<Integer, String> milestones, long checkInXp) {
    this.companions = Objects.requireNonNull(companions, "companions");
    this.milestones = new TreeMap<>(milestones);
    if (checkInXp < 0) {
      throw new IllegalArgumentException(
          "companion check-in xp must not be negative, was " + checkInXp);
    }
    this.checkInXp = checkInXp;
  }

  @Override
  public List<DomainEvent> purchaseRecorded(Shopper shopper, Purchase purchase, Instant now) {
    List<DomainEvent> events = new ArrayList<>(feed(shopper.id(), purchase.xpEarned()));
    events.addAll(grantMilestones(shopper, now));
    return events;
  }

  @Override
  public boolean quietOnPurchase(Shopper after) {
    // grantMilestones reads and may grant once a milestone is within the level.
    return milestones.keySet().stream().allMatch(level -> after.level() < level);
  }

  @Override
  public List<DomainEvent> checkedIn(Shopper shopper, Instant now) {
    return feed(shopper.id(), checkInXp);
  }

  @Override
  public List<DomainEvent> grant(
      Shopper shopper, String speciesId, String source, String key, Instant now) {
    if (companions.findSpecies(speciesId).isEmpty()) {
      log.warn(
          "companion not granted: species {} does not exist (shopper={}, source={})",
          speciesId,
          shopper.id().value(),
          source);
      return List.of();
    }
    return NewCompanions.add(companions, shopper.id(), speciesId, source, key, now)
        .<List<DomainEvent>>map(
            c -> List.of(new DomainEvent.CompanionAcquired(c.id(), speciesId, source)))
        .orElse(List.of());
  }

  private List<DomainEvent> feed(ShopperId shopperId, long xp) {
    if (xp <= 0) {
      return List.of();
    }
    // One statement feeds the active companion, if any, and reads its species; a second only when
    // it evolves.
    Optional<CompanionRepository.Fed> fed = companions.feedActive(shopperId, xp);
    if (fed.isEmpty()) {
      return List.of();
    }
    Companion before = fed.get().before();
    Companion.Growth growth = before.gain(xp, fed.get().species());
    if (growth.companion().stage() != before.stage()) {
      companions.setStage(before.id(), growth.companion().stage());
    }
    return growth.evolved().<List<DomainEvent>>map(List::of).orElse(List.of());
  }

  private List<DomainEvent> grantMilestones(Shopper shopper, Instant now) {
    List<Map.Entry<Integer, String>> reached = new ArrayList<>();
    milestones.forEach(
        (level, species) -> {
          if (shopper.level() >= level) {
            reached.add(Map.entry(level, species));
          }
        });
    if (reached.isEmpty()) {
      return List.of();
    }
    Set<String> granted = companions.keysStartingWith(shopper.id(), MILESTONE_PREFIX);
    List<DomainEvent> events = new ArrayList<>();
    for (Map.Entry<Integer, String> milestone : reached) {
      String key = MILESTONE_PREFIX + milestone.getKey();
      if (!granted.contains(key)) {
        events.addAll(grant(shopper, milestone.getValue(), "milestone", key, now));
      }
    }
    return events;
  }
}
