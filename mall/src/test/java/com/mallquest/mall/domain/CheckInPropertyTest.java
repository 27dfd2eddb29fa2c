package com.mallquest.mall.domain;

import static com.mallquest.mall.domain.Fixtures.RULES;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random check-ins by a shopper who keeps changing time zone: whatever the sequence, awarded dates
 * strictly increase, so no calendar date is paid twice and the number of awards stays within the
 * dates that exist anywhere on Earth over the period.
 */
class CheckInPropertyTest {

  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("Pacific/Kiritimati"),
          ZoneId.of("Pacific/Pago_Pago"),
          ZoneId.of("Etc/GMT+12"),
          ZoneId.of("America/New_York"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("Asia/Kolkata"),
          ZoneId.of("Australia/Lord_Howe"),
          ZoneId.of("UTC"));
  private static final ZoneOffset EARLIEST = ZoneOffset.ofHours(-12);
  private static final ZoneOffset LATEST = ZoneOffset.ofHours(14);

  /** One request: wait some minutes, maybe change zone, check in. */
  record Step(long minutesLater, ZoneId zone) {}

  @Property(tries = 500)
  void checkIn_anyZoneChanges_awardsEachDateAtMostOnceInOrder(
      @ForAll("steps") @Size(min = 1, max = 200) List<Step> steps) {
    Instant start = Instant.parse("2024-03-01T00:00:00Z");
    Instant now = start;
    Shopper shopper = Fixtures.shopper(ZONES.get(0));
    LocalDate lastAwarded = null;
    long coinsAwarded = 0;
    int awards = 0;

    for (Step step : steps) {
      now = now.plus(Duration.ofMinutes(step.minutesLater()));
      shopper = shopper.withProfile(Optional.empty(), Optional.empty(), Optional.of(step.zone()));
      CheckInOutcome outcome = shopper.checkIn(now, RULES);

      if (outcome.alreadyCheckedIn()) {
        assertThat(outcome.shopper()).isSameAs(shopper);
        assertThat(outcome.coinsAwarded()).isZero();
      } else {
        LocalDate date = outcome.localDate();
        assertThat(lastAwarded == null || date.isAfter(lastAwarded)).isTrue();
        int expectedStreak =
            lastAwarded != null && date.equals(lastAwarded.plusDays(1))
                ? shopper.loginStreak() + 1
                : 1;
        assertThat(outcome.streak()).isEqualTo(expectedStreak);
        assertThat(outcome.coinsAwarded()).isEqualTo(RULES.streakBonus(expectedStreak));
        lastAwarded = date;
        coinsAwarded += outcome.coinsAwarded();
        awards++;
      }
      shopper = outcome.shopper();
      assertThat(shopper.lastCheckIn()).isEqualTo(Optional.ofNullable(lastAwarded));
    }

    assertThat(shopper.coins()).isEqualTo(coinsAwarded);
    long datesOnEarth =
        ChronoUnit.DAYS.between(
                LocalDate.ofInstant(start, EARLIEST), LocalDate.ofInstant(now, LATEST))
            + 1;
    assertThat((long) awards).isLessThanOrEqualTo(datesOnEarth);
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Long> minutes =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 90),
            Arbitraries.longs().between(20 * 60, 28 * 60),
            Arbitraries.longs().between(0, 4 * 24 * 60));
    return Combinators.combine(minutes, Arbitraries.of(ZONES)).as(Step::new).list();
  }
}
