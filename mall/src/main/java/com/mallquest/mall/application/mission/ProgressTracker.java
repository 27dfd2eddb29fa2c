package com.mallquest.mall.application.mission;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.application.port.MissionRepository;
import com.mallquest.mall.application.port.MissionRepository.Progress;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.GoalKind;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.Mission;
import com.mallquest.mall.domain.MissionReward;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.WindowPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves mission progress for a purchase or a check-in, and pays the reward of every mission that
 * completes. Runs inside the caller's transaction, after the caller locked the shopper's row and
 * applied the purchase or check-in: the lock serializes one shopper's updates, so reading the
 * progress and writing it back cannot lose an update, and a period completes at most once (the
 * unique key of {@code mission_completions} is the backstop). Everything commits or rolls back with
 * the purchase or check-in.
 */
public final class ProgressTracker {

  private static final Logger log = LoggerFactory.getLogger(ProgressTracker.class);

  /**
   * What the tracking did.
   *
   * @param shopper the shopper after any rewards (the given one if none was paid)
   * @param events {@code mission_progress} and {@code mission_completed} events, plus level-ups
   *     from reward xp and companion events
   */
  public record Tracked(Shopper shopper, List<DomainEvent> events) {

    /** Copies the events. */
    public Tracked {
      events = List.copyOf(events);
    }
  }

  private final MissionCache missions;
  private final MissionRepository progress;
  private final ShopperRepository shoppers;
  private final MallSettings settings;
  private final CompanionEffects companions;

  /** With its ports; {@code companions} grants reward companions and feeds the active one. */
  public ProgressTracker(
      MissionCache missions,
      MissionRepository progress,
      ShopperRepository shoppers,
      MallSettings settings,
      CompanionEffects companions) {
    this.missions = Objects.requireNonNull(missions, "missions");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.shoppers = Objects.requireNonNull(shoppers, "shoppers");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.companions = Objects.requireNonNull(companions, "companions");
  }

  /**
   * A new (not replayed) purchase was applied to the locked shopper.
   *
   * @param shopper the shopper as committed by the purchase
   * @param store where
   * @param purchase the recorded purchase
   * @param now the purchase's time
   */
  public Tracked purchaseRecorded(Shopper shopper, Store store, Purchase purchase, Instant now) {
    List<DomainEvent> events = new ArrayList<>();
    Shopper current = shopper;
    for (Mission mission : runningFor(shopper)) {
      Optional<WindowPeriod> open = purchasePeriodAt(mission, now);
      if (open.isEmpty()) {
        continue;
      }
      WindowPeriod period = open.get();
      current =
          advance(
              current,
              mission,
              period,
              now,
              events,
              before -> {
                boolean firstAtStore =
                    mission.goal().kind() == GoalKind.DISTINCT_STORES
                        && progress.addStoreVisited(
                            mission.id(), shopper.id(), period.start(), store.id());
                return mission
                    .goal()
                    .afterPurchase(before, store, purchase.amountMinor(), firstAtStore);
              });
    }
    events.addAll(companions.purchaseRecorded(current, purchase, now));
    return new Tracked(current, events);
  }

  /**
   * Whether {@link #purchaseRecorded} would change nothing and answer no event for a shopper who,
   * after the purchase, is {@code after} and has no companion: no running mission open now for
   * their tier counts purchases, and no companion milestone is within their level. Such a purchase
   * is its one statement (ADR 0033).
   */
  public boolean quietOnPurchase(Shopper after, Instant now) {
    return runningFor(after).stream().allMatch(m -> purchasePeriodAt(m, now).isEmpty())
        && companions.quietOnPurchase(after);
  }

  /**
   * A new check-in was applied to the locked shopper.
   *
   * @param shopper the shopper as committed by the check-in
   * @param streak the streak including it
   * @param checkInDate the shopper-local date checked in for
   * @param now the check-in's time
   */
  public Tracked checkedIn(Shopper shopper, int streak, LocalDate checkInDate, Instant now) {
    List<DomainEvent> events = new ArrayList<>();
    Shopper current = shopper;
    for (Mission mission : runningFor(shopper)) {
      Optional<WindowPeriod> open = periodAt(mission, now);
      if (mission.goal().kind() != GoalKind.CHECKIN_STREAK || open.isEmpty()) {
        continue;
      }
      WindowPeriod period = open.get();
      LocalDate periodFirstDate = LocalDate.ofInstant(period.start(), settings.zone());
      current =
          advance(
              current,
              mission,
              period,
              now,
              events,
              before -> mission.goal().afterCheckIn(before, streak, checkInDate, periodFirstDate));
    }
    events.addAll(companions.checkedIn(current, now));
    return new Tracked(current, events);
  }

  /** The active missions the shopper's tier admits. */
  private List<Mission> runningFor(Shopper shopper) {
    return missions.catalog().active().stream().filter(m -> m.admits(shopper.vipTier())).toList();
  }

  /** The mission's period open now, if it counts purchases. */
  private Optional<WindowPeriod> purchasePeriodAt(Mission mission, Instant now) {
    return mission.goal().kind().countsPurchases() ? periodAt(mission, now) : Optional.empty();
  }

  private Optional<WindowPeriod> periodAt(Mission mission, Instant now) {
    return mission.window().periodAt(now, settings.zone());
  }

  private Shopper advance(
      Shopper shopper,
      Mission mission,
      WindowPeriod period,
      Instant now,
      List<DomainEvent> events,
      LongUnaryOperator step) {
    if (!period.contains(now)) {
      return shopper;
    }
    Progress before =
        progress
            .progress(mission.id(), shopper.id(), period.start())
            .orElse(new Progress(0, false));
    if (before.completed()) {
      return shopper;
    }
    long after = step.applyAsLong(before.value());
    if (after == before.value()) {
      return shopper;
    }
    boolean reached = mission.goal().reachedBy(after);
    boolean completesNow =
        reached && progress.insertCompletion(mission.id(), shopper.id(), period.start(), now);
    progress.saveProgress(
        mission.id(), shopper.id(), period.start(), new Progress(after, reached), now);
    events.add(new DomainEvent.MissionProgressed(mission.id(), after, mission.goal().target()));
    return completesNow ? payReward(shopper, mission, period, now, events) : shopper;
  }

  private Shopper payReward(
      Shopper shopper,
      Mission mission,
      WindowPeriod period,
      Instant now,
      List<DomainEvent> events) {
    MissionReward reward = mission.reward();
    Shopper after =
        creditMissionReward(
            shopper, reward.coins(), reward.xp(), mission.rewardReference(period), now, events);
    events.add(
        new DomainEvent.MissionCompleted(
            mission.id(),
            period.start(),
            reward.coins(),
            reward.xp(),
            reward.companionSpeciesId()));
    log.info(
        "mission completed mission={} shopper={} windowStart={} coins={} xp={}",
        mission.id(),
        shopper.id().value(),
        period.start(),
        reward.coins(),
        reward.xp());
    if (reward.companionSpecies().isPresent()) {
      events.addAll(
          companions.grant(
              after,
              reward.companionSpecies().get(),
              "mission",
              mission.rewardReference(period),
              now));
    }
    return after;
  }

  /**
   * The one place mission coins and xp are credited: one atomic update of the shopper row (coins,
   * xp, level by {@link Shopper#levelAfterGain}: never lowered), one {@link
   * LedgerReason#MISSION_REWARD} ledger row for the coins, one xp ledger row for the xp (the
   * leaderboards' source).
   */
  private Shopper creditMissionReward(
      Shopper shopper,
      long coins,
      long xp,
      String reference,
      Instant now,
      List<DomainEvent> events) {
    if (coins == 0 && xp == 0) {
      return shopper;
    }
    Shopper.LevelGain gain =
        shopper.levelAfterGain(Math.addExact(shopper.xp(), xp), settings.rules());
    Shopper committed =
        shoppers
            .applyCoins(
                BalanceChange.coins(
                        shopper.id(), coins, LedgerReason.MISSION_REWARD, reference, now)
                    .withXp(xp)
                    .withLevel(gain.level()))
            .orElseThrow(() -> new NotFoundException("shopper", shopper.id().value()))
            .shopper();
    gain.levelUp().ifPresent(events::add);
    return committed;
  }
}
