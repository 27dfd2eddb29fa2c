package com.mallquest.mall.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Window periods: fixed, and daily / ISO-weekly / monthly in the mall's zone, across DST. */
class MissionWindowTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final List<ZoneId> ZONES =
      List.of(
          NEW_YORK,
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("UTC"),
          ZoneId.of("Asia/Kolkata"),
          ZoneId.of("Pacific/Kiritimati"),
          ZoneId.of("America/Sao_Paulo"));

  @Test
  void fixed_openOnlyFromStartInclusiveToEndExclusive() {
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    Instant end = Instant.parse("2026-12-01T00:00:00Z");
    MissionWindow window = MissionWindow.fixed(start, end);

    assertThat(window.periodAt(start.minusNanos(1000), NEW_YORK)).isEmpty();
    assertThat(window.periodAt(start, NEW_YORK)).contains(new WindowPeriod(start, end));
    assertThat(window.periodAt(end.minusNanos(1000), NEW_YORK))
        .contains(new WindowPeriod(start, end));
    assertThat(window.periodAt(end, NEW_YORK)).isEmpty();
  }

  @Test
  void daily_onSpringForwardDay_is23HoursFromLocalMidnight() {
    Instant noon = Fixtures.at("2026-03-08T12:00", NEW_YORK);

    WindowPeriod period =
        MissionWindow.recurring(WindowKind.DAILY).periodAt(noon, NEW_YORK).orElseThrow();

    assertThat(period.start()).isEqualTo(Fixtures.at("2026-03-08T00:00", NEW_YORK));
    assertThat(Duration.between(period.start(), period.end())).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void weekly_startsOnIsoMonday_evenOnASunday() {
    Instant sundayNight = Fixtures.at("2026-11-29T23:30", NEW_YORK);

    WindowPeriod period =
        MissionWindow.recurring(WindowKind.WEEKLY).periodAt(sundayNight, NEW_YORK).orElseThrow();

    assertThat(period.start()).isEqualTo(Fixtures.at("2026-11-23T00:00", NEW_YORK));
    assertThat(period.end()).isEqualTo(Fixtures.at("2026-11-30T00:00", NEW_YORK));
  }

  @Test
  void monthly_coversTheCalendarMonthInTheMallZone() {
    // 03:00 UTC on Dec 1st is still November 30th in New York.
    Instant instant = Instant.parse("2026-12-01T03:00:00Z");

    WindowPeriod period =
        MissionWindow.recurring(WindowKind.MONTHLY).periodAt(instant, NEW_YORK).orElseThrow();

    assertThat(period.start()).isEqualTo(Fixtures.at("2026-11-01T00:00", NEW_YORK));
    assertThat(period.end()).isEqualTo(Fixtures.at("2026-12-01T00:00", NEW_YORK));
  }

  @Test
  void construct_recurringWithDatesOrFixedWithoutOrder_isRefused() {
    Instant t = Instant.parse("2026-11-01T00:00:00Z");
    assertThatThrownBy(() -> new MissionWindow(WindowKind.DAILY, t, null))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> MissionWindow.fixed(t, t)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new MissionWindow(WindowKind.FIXED, null, t))
        .isInstanceOf(InvalidInputException.class);
  }

  @Property(tries = 500)
  void recurring_periodContainsNowStartsAtLocalMidnightAndTilesTime(
      @ForAll("instants") Instant now,
      @ForAll("zones") ZoneId zone,
      @ForAll("recurring") WindowKind kind) {
    MissionWindow window = MissionWindow.recurring(kind);

    WindowPeriod period = window.periodAt(now, zone).orElseThrow();

    assertThat(period.contains(now)).isTrue();
    ZonedDateTime start = period.start().atZone(zone);
    // Local midnight, or the first valid time after it on a day whose midnight DST skips.
    assertThat(start.toLocalTime()).isBeforeOrEqualTo(LocalTime.of(1, 0));
    switch (kind) {
      case WEEKLY -> assertThat(start.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
      case MONTHLY -> assertThat(start.getDayOfMonth()).isEqualTo(1);
      default -> {}
    }
    // The next period starts where this one ends, and the previous one ends where this one starts.
    assertThat(window.periodAt(period.end(), zone).orElseThrow().start()).isEqualTo(period.end());
    assertThat(window.periodAt(period.start().minusNanos(1), zone).orElseThrow().end())
        .isEqualTo(period.start());
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs()
        .between(
            Instant.parse("2000-01-01T00:00:00Z").getEpochSecond(),
            Instant.parse("2040-01-01T00:00:00Z").getEpochSecond())
        .map(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of(ZONES);
  }

  @Provide
  Arbitrary<WindowKind> recurring() {
    return Arbitraries.of(WindowKind.DAILY, WindowKind.WEEKLY, WindowKind.MONTHLY);
  }
}
