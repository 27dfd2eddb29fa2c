package com.mallquest.mall.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A shopper and their progress: coin balance, xp and level, VIP tier, check-in streak. Immutable;
 * every operation returns a new {@code Shopper} with the same {@code version}, which the database
 * increments when it stores the change.
 *
 * <p>Purchases: {@link #applyPurchase(Money, Store, EarningRules)}. Daily check-in: {@link
 * #checkIn(Instant, EarningRules)}, which counts calendar dates in the shopper's own time zone.
 *
 * @param id the shopper's id
 * @param displayName 1-100 characters after stripping, no control characters; stored stripped
 * @param language a well-formed BCP 47 language tag, stored normalized ({@code "pt-br"} becomes
 *     {@code "pt-BR"}); at most 64 characters
 * @param timeZone the zone whose calendar dates count for check-ins
 * @param coins the coin balance, {@code >= 0}; always equals the sum of the shopper's ledger
 * @param xp total experience, {@code >= 0}
 * @param level {@code >= 1}
 * @param vipTier the current VIP tier
 * @param lifetimeSpendMinor all purchases in minor units of the mall currency, {@code >= 0}
 * @param loginStreak consecutive check-in days ending at {@code lastCheckInDate}, {@code >= 0}
 * @param lastCheckInDate the local date of the last check-in; {@code null} if never (see {@link
 *     #lastCheckIn()})
 * @param createdAt when the shopper registered
 * @param version the row version the database gave this state, {@code >= 0}
 */
public record Shopper(
    ShopperId id,
    String displayName,
    String language,
    ZoneId timeZone,
    long coins,
    long xp,
    int level,
    VipTier vipTier,
    long lifetimeSpendMinor,
    int loginStreak,
    LocalDate lastCheckInDate,
    Instant createdAt,
    long version) {

  /** Language of a shopper who registers without one. */
  public static final String DEFAULT_LANGUAGE = "en";

  private static final int MAX_ZONE_LENGTH = 64;

  /**
   * @throws InvalidInputException naming the field that breaks the rules above
   */
  public Shopper {
    Checks.notNull(id, "id");
    displayName = Checks.text(displayName, "displayName", 100);
    language = Languages.normalize(language, "language");
    Checks.notNull(timeZone, "timeZone");
    Checks.nonNegative(coins, "coins");
    Checks.nonNegative(xp, "xp");
    if (level < 1) {
      throw new InvalidInputException("level", "level must be at least 1, was " + level);
    }
    Checks.notNull(vipTier, "vipTier");
    Checks.nonNegative(lifetimeSpendMinor, "lifetimeSpendMinor");
    Checks.nonNegative(loginStreak, "loginStreak");
    Checks.notNull(createdAt, "createdAt");
    Checks.nonNegative(version, "version");
  }

  /**
   * A new shopper: 0 coins, 0 xp, level 1, Bronze, no streak, version 0.
   *
   * @param id the new shopper's id
   * @param displayName the name to show; {@code null} means the id's value
   * @param language a BCP 47 tag; {@code null} means {@value #DEFAULT_LANGUAGE}
   * @param timeZone the shopper's zone; {@code null} means {@code mallZone}
   * @param mallZone the mall's own zone
   * @param now the registration time
   * @throws InvalidInputException if a given value breaks the rules of this record
   */
  public static Shopper register(
      ShopperId id,
      String displayName,
      String language,
      ZoneId timeZone,
      ZoneId mallZone,
      Instant now) {
    Checks.notNull(id, "id");
    Objects.requireNonNull(mallZone, "mallZone");
    return new Shopper(
        id,
        displayName == null ? id.value() : displayName,
        language == null ? DEFAULT_LANGUAGE : language,
        timeZone == null ? mallZone : timeZone,
        0,
        0,
        1,
        VipTier.BRONZE,
        0,
        0,
        null,
        now,
        0);
  }

  /**
   * Parses an IANA time zone id such as {@code "Europe/Berlin"}; fixed offsets such as {@code
   * "UTC"} or {@code "+05:30"} are accepted as well.
   *
   * @throws InvalidInputException (field {@code "timeZone"}) if the id is unknown or malformed
   */
  public static ZoneId parseZone(String zoneId) {
    Checks.notNull(zoneId, "timeZone");
    if (zoneId.length() <= MAX_ZONE_LENGTH) {
      try {
        return ZoneId.of(zoneId);
      } catch (DateTimeException e) {
        // Unknown region or malformed id: reported below with the value.
      }
    }
    throw new InvalidInputException(
        "timeZone",
        "timeZone must be an IANA time zone id like Europe/Berlin, was " + Checks.show(zoneId));
  }

  /** The date of the last check-in, if the shopper ever checked in. */
  public Optional<LocalDate> lastCheckIn() {
    return Optional.ofNullable(lastCheckInDate);
  }

  /**
   * This shopper with the given profile fields replaced; empty means unchanged. Changing the time
   * zone takes effect at the next check-in (see {@link #checkIn(Instant, EarningRules)}).
   *
   * @throws InvalidInputException if a new value breaks the rules of this record
   */
  public Shopper withProfile(
      Optional<String> displayName, Optional<String> language, Optional<ZoneId> timeZone) {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(timeZone, "timeZone");
    return copy()
        .displayName(displayName.orElse(this.displayName))
        .language(language.orElse(this.language))
        .timeZone(timeZone.orElse(this.timeZone))
        .build();
  }

  /**
   * Credits a purchase: coins and xp from {@link EarningRules#earn(Money, Store, VipTier)} at the
   * tier held <em>before</em> the purchase, lifetime spend increased, then level and tier
   * recalculated. A purchase never lowers the level or the tier, even if the rules changed since
   * they were reached. The events are a {@link DomainEvent.LevelUp} and a {@link
   * DomainEvent.TierChanged} when those rose.
   *
   * @throws ConflictException if the store is inactive, or the balance would overflow
   * @throws InvalidInputException (field {@code "amountMinor"}) if the amount is not in {@code (0,
   *     10_000_000_000]} minor units
   */
  public PurchaseOutcome applyPurchase(Money amount, Store store, EarningRules rules) {
    Checks.notNull(amount, "amount");
    Checks.notNull(store, "store");
    Objects.requireNonNull(rules, "rules");
    if (!store.active()) {
      throw new ConflictException("store is inactive: storeId=" + store.id().value());
    }
    Purchase.validateAmountMinor(amount.minor());
    Earning earning = rules.earn(amount, store, vipTier);
    long newCoins = add(coins, earning.coins(), "coins");
    long newXp = add(xp, earning.xp(), "xp");
    long newSpend = add(lifetimeSpendMinor, amount.minor(), "lifetimeSpendMinor");
    LevelGain gain = levelAfterGain(newXp, rules);
    VipTier computedTier = rules.tierFor(newSpend, amount.currency());
    VipTier newTier = computedTier.compareTo(vipTier) > 0 ? computedTier : vipTier;
    List<DomainEvent> events = new ArrayList<>(2);
    gain.levelUp().ifPresent(events::add);
    if (newTier != vipTier) {
      events.add(new DomainEvent.TierChanged(vipTier, newTier));
    }
    Shopper updated =
        copy()
            .coins(newCoins)
            .xp(newXp)
            .level(gain.level())
            .vipTier(newTier)
            .lifetimeSpendMinor(newSpend)
            .build();
    return new PurchaseOutcome(updated, earning, events);
  }

  /**
   * The daily check-in. The local date is {@code now} in the shopper's <em>current</em> time zone.
   *
   * <ul>
   *   <li>Never checked in, or the last check-in was two or more dates ago: streak 1.
   *   <li>The last check-in was the previous date: streak + 1.
   *   <li>The last check-in was this date: {@code alreadyCheckedIn}, nothing changes, 0 coins.
   *   <li>The last check-in is <em>after</em> this date, which happens when the shopper moved their
   *       time zone west (e.g. from Pacific/Kiritimati, UTC+14, to Pacific/Pago_Pago, UTC-11): also
   *       {@code alreadyCheckedIn}. The gap is never negative and a date is never awarded twice.
   * </ul>
   *
   * <p>So the dates awarded are strictly increasing, and no award is for a date later than today
   * anywhere on Earth: switching zones back and forth can move a check-in at most about a day
   * earlier once, never repeatedly. Moving west costs the shopper the dates up to their last
   * check-in, but the streak continues on the date after it. Daylight saving time needs nothing
   * special: dates, not 24-hour periods, are counted, so 23- and 25-hour days hold exactly one
   * check-in each.
   *
   * @param now the current time (the caller's clock)
   * @param rules the bonus schedule, {@link EarningRules#streakBonus(int)}
   * @throws ConflictException if the balance would overflow
   */
  public CheckInOutcome checkIn(Instant now, EarningRules rules) {
    Checks.notNull(now, "now");
    Objects.requireNonNull(rules, "rules");
    LocalDate today = LocalDate.ofInstant(now, timeZone);
    if (lastCheckInDate != null && !today.isAfter(lastCheckInDate)) {
      return new CheckInOutcome(this, loginStreak, 0, true, today, List.of());
    }
    int streak =
        lastCheckInDate != null && lastCheckInDate.plusDays(1).equals(today)
            ? Math.addExact(loginStreak, 1)
            : 1;
    long bonus = rules.streakBonus(streak);
    Shopper updated =
        copy().coins(add(coins, bonus, "coins")).loginStreak(streak).lastCheckInDate(today).build();
    return new CheckInOutcome(
        updated, streak, bonus, false, today, List.of(new DomainEvent.CheckedIn(streak, bonus)));
  }

  /**
   * Reverses a purchase of this shopper: takes back its coins and xp and its amount from the
   * lifetime spend, then recalculates level (from the remaining xp) and tier (from the remaining
   * spend) with {@code rules}. Unlike a purchase, a refund may lower both. The balance never goes
   * below zero: what the shopper has already spent is not taken back but reported as the shortfall.
   *
   * @param purchase the purchase to reverse; must be this shopper's
   * @param rules the level and tier rules
   * @param now the time of the refund
   * @throws InvalidInputException (field {@code "purchaseId"}) if the purchase is another shopper's
   */
  public RefundOutcome applyRefund(Purchase purchase, EarningRules rules, Instant now) {
    Checks.notNull(purchase, "purchase");
    Objects.requireNonNull(rules, "rules");
    Checks.notNull(now, "now");
    if (!purchase.shopperId().equals(id)) {
      throw new InvalidInputException(
          "purchaseId", "purchase " + purchase.id() + " is not shopper " + id.value() + "'s");
    }
    long coinsReversed = Math.min(coins, purchase.coinsEarned());
    long xpReversed = Math.min(xp, purchase.xpEarned());
    long newXp = xp - xpReversed;
    long newSpend = Math.max(0, lifetimeSpendMinor - purchase.amountMinor());
    int newLevel = rules.levelForXp(newXp);
    VipTier newTier = rules.tierFor(newSpend, Currency.getInstance(purchase.currency()));
    Shopper updated =
        copy()
            .coins(coins - coinsReversed)
            .xp(newXp)
            .level(newLevel)
            .vipTier(newTier)
            .lifetimeSpendMinor(newSpend)
            .build();
    Refund refund =
        new Refund(
            purchase.id(),
            id,
            purchase.storeId(),
            purchase.amountMinor(),
            coinsReversed,
            purchase.coinsEarned() - coinsReversed,
            xpReversed,
            now);
    List<DomainEvent> events =
        newTier == vipTier ? List.of() : List.of(new DomainEvent.TierChanged(vipTier, newTier));
    return new RefundOutcome(updated, refund, events);
  }

  /**
   * The level rule of every gain of xp (a purchase, a mission reward): the level the rules' curve
   * gives {@code totalXp}, but never lower than the level held, even if the rules changed since it
   * was reached; with a {@link DomainEvent.LevelUp} when it rose. (A refund is not a gain: it
   * recomputes the level from the remaining xp and may lower it.)
   *
   * @param totalXp the shopper's xp after the gain
   * @param rules the level curve
   */
  public LevelGain levelAfterGain(long totalXp, EarningRules rules) {
    Objects.requireNonNull(rules, "rules");
    int newLevel = Math.max(level, rules.levelForXp(totalXp));
    return new LevelGain(
        newLevel,
        newLevel > level
            ? Optional.of(new DomainEvent.LevelUp(level, newLevel))
            : Optional.empty());
  }

  /**
   * The level after a gain of xp, by {@link #levelAfterGain(long, EarningRules)}.
   *
   * @param level the new level, never lower than before
   * @param levelUp the event, present when the level rose
   */
  public record LevelGain(int level, Optional<DomainEvent.LevelUp> levelUp) {

    /**
     * @throws NullPointerException if {@code levelUp} is null
     */
    public LevelGain {
      Objects.requireNonNull(levelUp, "levelUp");
    }
  }

  private Copy copy() {
    return new Copy(this);
  }

  /** A copy of a shopper with some fields replaced: each operation names only what it changes. */
  private static final class Copy {
    private final Shopper from;
    private String displayName;
    private String language;
    private ZoneId timeZone;
    private long coins;
    private long xp;
    private int level;
    private VipTier vipTier;
    private long lifetimeSpendMinor;
    private int loginStreak;
    private LocalDate lastCheckInDate;

    Copy(Shopper from) {
      this.from = from;
      this.displayName = from.displayName;
      this.language = from.language;
      this.timeZone = from.timeZone;
      this.coins = from.coins;
      this.xp = from.xp;
      this.level = from.level;
      this.vipTier = from.vipTier;
      this.lifetimeSpendMinor = from.lifetimeSpendMinor;
      this.loginStreak = from.loginStreak;
      this.lastCheckInDate = from.lastCheckInDate;
    }

    Copy displayName(String value) {
      displayName = value;
      return this;
    }

    Copy language(String value) {
      language = value;
      return this;
    }

    Copy timeZone(ZoneId value) {
      timeZone = value;
      return this;
    }

    Copy coins(long value) {
      coins = value;
      return this;
    }

    Copy xp(long value) {
      xp = value;
      return this;
    }

    Copy level(int value) {
      level = value;
      return this;
    }

    Copy vipTier(VipTier value) {
      vipTier = value;
      return this;
    }

    Copy lifetimeSpendMinor(long value) {
      lifetimeSpendMinor = value;
      return this;
    }

    Copy loginStreak(int value) {
      loginStreak = value;
      return this;
    }

    Copy lastCheckInDate(LocalDate value) {
      lastCheckInDate = value;
      return this;
    }

    /** The new shopper; id, creation time and version stay those of the original. */
    Shopper build() {
      return new Shopper(
          from.id,
          displayName,
          language,
          timeZone,
          coins,
          xp,
          level,
          vipTier,
          lifetimeSpendMinor,
          loginStreak,
          lastCheckInDate,
          from.createdAt,
          from.version);
    }
  }

  private static long add(long balance, long delta, String field) {
    try {
      return Math.addExact(balance, delta);
    } catch (ArithmeticException e) {
      throw new ConflictException(field + " would overflow: " + balance + " + " + delta);
    }
  }
}
