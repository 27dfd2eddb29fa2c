package com.mallquest.mall.domain;

import static com.mallquest.mall.domain.Fixtures.RULES;
import static com.mallquest.mall.domain.Fixtures.at;
import static com.mallquest.mall.domain.Fixtures.shopper;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShopperCheckInTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId KIRITIMATI = ZoneId.of("Pacific/Kiritimati"); // UTC+14
  private static final ZoneId PAGO_PAGO = ZoneId.of("Pacific/Pago_Pago"); // UTC-11

  @Test
  void checkIn_first_streakOneBonusFive() {
    Shopper shopper = shopper(NEW_YORK);

    CheckInOutcome outcome = shopper.checkIn(at("2024-03-01T09:00", NEW_YORK), RULES);

    assertThat(outcome.alreadyCheckedIn()).isFalse();
    assertThat(outcome.streak()).isEqualTo(1);
    assertThat(outcome.coinsAwarded()).isEqualTo(5);
    assertThat(outcome.localDate()).isEqualTo(LocalDate.parse("2024-03-01"));
    assertThat(outcome.events()).containsExactly(new DomainEvent.CheckedIn(1, 5));
    Shopper after = outcome.shopper();
    assertThat(after.coins()).isEqualTo(5);
    assertThat(after.loginStreak()).isEqualTo(1);
    assertThat(after.lastCheckIn()).contains(LocalDate.parse("2024-03-01"));
    assertThat(after.version()).isEqualTo(shopper.version());
    assertThat(after.xp()).isZero();
  }

  @Test
  void checkIn_consecutiveDaysOneToFourteen_awardsScheduleAndKeepsStreak() {
    Shopper shopper = shopper(NEW_YORK);
    List<Long> awarded = new ArrayList<>();
    List<Integer> streaks = new ArrayList<>();

    for (int day = 1; day <= 14; day++) {
      CheckInOutcome outcome = shopper.checkIn(at(date(day) + "T08:15", NEW_YORK), RULES);
      awarded.add(outcome.coinsAwarded());
      streaks.add(outcome.streak());
      shopper = outcome.shopper();
    }

    assertThat(awarded)
        .containsExactly(5L, 10L, 15L, 20L, 25L, 30L, 100L, 40L, 45L, 50L, 50L, 50L, 50L, 100L);
    assertThat(streaks).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    assertThat(shopper.coins()).isEqualTo(awarded.stream().mapToLong(Long::longValue).sum());
    assertThat(shopper.loginStreak()).isEqualTo(14);
  }

  @Test
  void checkIn_missedDay_resetsStreakToOne() {
    Shopper shopper =
        checkInDays(shopper(NEW_YORK), NEW_YORK, "2024-03-01", "2024-03-02", "2024-03-03");

    CheckInOutcome outcome = shopper.checkIn(at("2024-03-05T10:00", NEW_YORK), RULES);

    assertThat(outcome.streak()).isEqualTo(1);
    assertThat(outcome.coinsAwarded()).isEqualTo(5);
    assertThat(outcome.shopper().loginStreak()).isEqualTo(1);
    assertThat(outcome.shopper().coins()).isEqualTo(5 + 10 + 15 + 5);
  }

  @Test
  void checkIn_sameDateTwice_alreadyCheckedInNothingChanges() {
    Shopper first = shopper(NEW_YORK).checkIn(at("2024-03-01T00:00", NEW_YORK), RULES).shopper();

    CheckInOutcome again = first.checkIn(at("2024-03-01T23:59:59", NEW_YORK), RULES);

    assertThat(again.alreadyCheckedIn()).isTrue();
    assertThat(again.shopper()).isSameAs(first);
    assertThat(again.coinsAwarded()).isZero();
    assertThat(again.streak()).isEqualTo(1);
    assertThat(again.events()).isEmpty();
    assertThat(again.localDate()).isEqualTo(LocalDate.parse("2024-03-01"));
  }

  @Test
  void checkIn_oneSecondApartAcrossLocalMidnight_countsTwoDates() {
    Shopper first = shopper(BERLIN).checkIn(at("2024-03-01T23:59:59", BERLIN), RULES).shopper();

    CheckInOutcome next = first.checkIn(at("2024-03-02T00:00:00", BERLIN), RULES);

    assertThat(next.alreadyCheckedIn()).isFalse();
    assertThat(next.streak()).isEqualTo(2);
    assertThat(next.localDate()).isEqualTo(LocalDate.parse("2024-03-02"));
  }

  @Test
  void checkIn_usesShopperZoneNotUtc() {
    // 03:00 UTC on the 2nd is still the 1st in New York.
    Shopper first =
        shopper(NEW_YORK).checkIn(Instant.parse("2024-03-01T14:00:00Z"), RULES).shopper();

    CheckInOutcome outcome = first.checkIn(Instant.parse("2024-03-02T03:00:00Z"), RULES);

    assertThat(outcome.alreadyCheckedIn()).isTrue();
    assertThat(outcome.localDate()).isEqualTo(LocalDate.parse("2024-03-01"));
  }

  /** Spring-forward and fall-back days: 23 and 25 hours long, one check-in each. */
  @ParameterizedTest(name = "{0} on {1} ({2}h day)")
  @CsvSource({
    "America/New_York, 2024-03-10, 23",
    "America/New_York, 2024-11-03, 25",
    "Europe/Berlin, 2024-03-31, 23",
    "Europe/Berlin, 2024-10-27, 25",
  })
  void checkIn_daylightSavingTransitionDay_oncePerLocalDate(
      String zoneId, LocalDate transition, long hours) {
    ZoneId zone = ZoneId.of(zoneId);
    LocalDate dayBefore = transition.minusDays(1);
    LocalDate dayAfter = transition.plusDays(1);
    assertThat(Duration.between(transition.atStartOfDay(zone), dayAfter.atStartOfDay(zone)))
        .isEqualTo(Duration.ofHours(hours));
    Shopper shopper = shopper(zone).checkIn(at(dayBefore + "T23:30", zone), RULES).shopper();

    CheckInOutcome early = shopper.checkIn(at(transition + "T00:30", zone), RULES);
    CheckInOutcome late = early.shopper().checkIn(at(transition + "T23:30", zone), RULES);
    CheckInOutcome next = late.shopper().checkIn(at(dayAfter + "T00:30", zone), RULES);

    assertThat(early.alreadyCheckedIn()).isFalse();
    assertThat(early.streak()).isEqualTo(2);
    assertThat(late.alreadyCheckedIn()).isTrue();
    assertThat(late.localDate()).isEqualTo(transition);
    assertThat(next.alreadyCheckedIn()).isFalse();
    assertThat(next.streak()).isEqualTo(3);
    assertThat(next.shopper().coins()).isEqualTo(5 + 10 + 15);
  }

  @Test
  void checkIn_repeatedHourOnFallBack_bothInstantsSameDate() {
    ZonedDateTime firstPass = ZonedDateTime.of(LocalDateTime.parse("2024-11-03T01:30"), NEW_YORK);
    ZonedDateTime secondPass = firstPass.withLaterOffsetAtOverlap();
    assertThat(Duration.between(firstPass, secondPass)).isEqualTo(Duration.ofHours(1));
    Shopper shopper = shopper(NEW_YORK).checkIn(firstPass.toInstant(), RULES).shopper();

    CheckInOutcome again = shopper.checkIn(secondPass.toInstant(), RULES);

    assertThat(again.alreadyCheckedIn()).isTrue();
  }

  @Test
  void checkIn_skippedHourOnSpringForward_countsForThatDate() {
    // 02:30 does not exist on 2024-03-10 in New York; the instant one hour after 01:30 is 03:30.
    Instant inGap = at("2024-03-10T01:30", NEW_YORK).plus(Duration.ofHours(1));

    CheckInOutcome outcome = shopper(NEW_YORK).checkIn(inGap, RULES);

    assertThat(outcome.localDate()).isEqualTo(LocalDate.parse("2024-03-10"));
  }

  @Test
  void checkIn_movedEastAcrossDateLine_nextLocalDateContinuesStreakOnce() {
    // 20:00 on the 1st in Pago Pago is 21:00 on the 2nd in Kiritimati: the same instant.
    Instant evening = at("2024-01-01T20:00", PAGO_PAGO);
    Shopper shopper = shopper(PAGO_PAGO).checkIn(evening, RULES).shopper();
    Shopper moved = inZone(shopper, KIRITIMATI);

    CheckInOutcome east = moved.checkIn(evening.plusSeconds(60), RULES);
    CheckInOutcome eastAgain = east.shopper().checkIn(evening.plusSeconds(120), RULES);

    assertThat(east.alreadyCheckedIn()).isFalse();
    assertThat(east.localDate()).isEqualTo(LocalDate.parse("2024-01-02"));
    assertThat(east.streak()).isEqualTo(2);
    assertThat(eastAgain.alreadyCheckedIn()).isTrue();
  }

  @Test
  void checkIn_movedWestAcrossDateLine_earlierLocalDateCountsAsCheckedIn() {
    // 10:00 on the 2nd in Kiritimati is 09:00 on the 1st in Pago Pago.
    Instant morning = at("2024-01-02T10:00", KIRITIMATI);
    Shopper shopper = shopper(KIRITIMATI).checkIn(morning, RULES).shopper();
    Shopper moved = inZone(shopper, PAGO_PAGO);

    CheckInOutcome sameInstant = moved.checkIn(morning.plusSeconds(60), RULES);
    CheckInOutcome sameDateInPagoPago = moved.checkIn(at("2024-01-02T12:00", PAGO_PAGO), RULES);
    CheckInOutcome nextDate = moved.checkIn(at("2024-01-03T08:00", PAGO_PAGO), RULES);

    assertThat(sameInstant.alreadyCheckedIn()).isTrue();
    assertThat(sameInstant.localDate()).isEqualTo(LocalDate.parse("2024-01-01"));
    assertThat(sameInstant.shopper()).isSameAs(moved);
    assertThat(sameInstant.coinsAwarded()).isZero();
    assertThat(sameDateInPagoPago.alreadyCheckedIn()).isTrue();
    assertThat(nextDate.alreadyCheckedIn()).isFalse();
    assertThat(nextDate.streak()).isEqualTo(2);
  }

  @Test
  void checkIn_flippingZonesEveryRequest_neverAwardsADateTwice() {
    Shopper shopper = shopper(PAGO_PAGO);
    Instant start = at("2024-01-01T00:00", PAGO_PAGO);
    int awards = 0;
    LocalDate lastAwarded = null;
    for (int hour = 0; hour < 24 * 10; hour++) {
      ZoneId zone = hour % 2 == 0 ? KIRITIMATI : PAGO_PAGO;
      shopper = inZone(shopper, zone);
      CheckInOutcome outcome = shopper.checkIn(start.plus(Duration.ofHours(hour)), RULES);
      if (!outcome.alreadyCheckedIn()) {
        awards++;
        assertThat(lastAwarded == null || outcome.localDate().isAfter(lastAwarded)).isTrue();
        lastAwarded = outcome.localDate();
      }
      shopper = outcome.shopper();
    }

    // Ten days of real time: a shopper who stays in Kiritimati gets 11 dates (it starts a day
    // ahead); flipping gets no more than that.
    assertThat(awards).isLessThanOrEqualTo(11);
    assertThat(shopper.loginStreak()).isEqualTo(awards);
  }

  @Test
  void checkIn_zoneChangedBeforeFirstCheckIn_startsStreakAtOne() {
    Shopper shopper =
        shopper(NEW_YORK).withProfile(Optional.empty(), Optional.empty(), Optional.of(KIRITIMATI));

    CheckInOutcome outcome = shopper.checkIn(at("2024-02-01T00:00", KIRITIMATI), RULES);

    assertThat(outcome.streak()).isEqualTo(1);
  }

  @Test
  void checkIn_seventhDay_awardsMilestoneAndEvent() {
    Shopper shopper = shopper(NEW_YORK);
    for (int day = 1; day <= 6; day++) {
      shopper = shopper.checkIn(at(date(day) + "T12:00", NEW_YORK), RULES).shopper();
    }

    CheckInOutcome seventh = shopper.checkIn(at(date(7) + "T12:00", NEW_YORK), RULES);

    assertThat(seventh.events()).containsExactly(new DomainEvent.CheckedIn(7, 100));
  }

  @Test
  void checkIn_keepsPurchaseProgressUntouched() {
    Shopper shopper =
        shopper(NEW_YORK).applyPurchase(Fixtures.usd(60_000), Fixtures.store("1"), RULES).shopper();

    Shopper after = shopper.checkIn(at("2024-03-01T12:00", NEW_YORK), RULES).shopper();

    assertThat(after.xp()).isEqualTo(shopper.xp());
    assertThat(after.level()).isEqualTo(shopper.level());
    assertThat(after.vipTier()).isEqualTo(shopper.vipTier());
    assertThat(after.lifetimeSpendMinor()).isEqualTo(shopper.lifetimeSpendMinor());
    assertThat(after.coins()).isEqualTo(shopper.coins() + 5);
  }

  private static Shopper inZone(Shopper shopper, ZoneId zone) {
    return shopper.withProfile(Optional.empty(), Optional.empty(), Optional.of(zone));
  }

  private static Shopper checkInDays(Shopper shopper, ZoneId zone, String... dates) {
    for (String date : dates) {
      shopper = shopper.checkIn(at(date + "T12:00", zone), RULES).shopper();
    }
    return shopper;
  }

  private static LocalDate date(int dayOfMarch) {
    return LocalDate.of(2024, 3, dayOfMarch);
  }
}
