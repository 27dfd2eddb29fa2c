package com.mallquest.mall.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderboardPeriodTest {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @Test
  void week_startsMondayMidnightInTheMallZone() {
    // Sunday 2026-11-29 20:00 UTC is already Monday 2026-11-30 05:00 in Tokyo.
    Instant now = Instant.parse("2026-11-29T20:00:00Z");
    assertThat(LeaderboardPeriod.WEEK.startDate(now, TOKYO)).isEqualTo(LocalDate.of(2026, 11, 30));
    assertThat(LeaderboardPeriod.WEEK.start(now, TOKYO))
        .isEqualTo(Instant.parse("2026-11-29T15:00:00Z"));
    assertThat(LeaderboardPeriod.WEEK.startDate(now, ZoneId.of("UTC")))
        .isEqualTo(LocalDate.of(2026, 11, 23));
  }

  @Test
  void month_startsOnTheFirstInTheMallZone() {
    Instant now = Instant.parse("2026-11-30T16:00:00Z"); // 2026-12-01 01:00 in Tokyo
    assertThat(LeaderboardPeriod.MONTH.start(now, TOKYO))
        .isEqualTo(Instant.parse("2026-11-30T15:00:00Z"));
    assertThat(LeaderboardPeriod.MONTH.start(now, ZoneId.of("UTC")))
        .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
  }

  @Test
  void allTime_startsAtTheEpoch() {
    assertThat(LeaderboardPeriod.ALL_TIME.start(Instant.parse("2026-11-30T16:00:00Z"), TOKYO))
        .isEqualTo(Instant.EPOCH);
  }

  @Test
  void of_parsesSlugsAndRejectsOthers() {
    assertThat(LeaderboardPeriod.of("all-time")).isEqualTo(LeaderboardPeriod.ALL_TIME);
    assertThat(LeaderboardPeriod.of("WEEK")).isEqualTo(LeaderboardPeriod.WEEK);
    assertThatThrownBy(() -> LeaderboardPeriod.of("year"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("year");
  }

  @Test
  void ranking_higherXpFirst_thenEarlierReached_thenSmallerId() {
    Instant t = Instant.parse("2026-11-20T10:00:00Z");
    LeaderboardScore top = new LeaderboardScore(ShopperId.of("z"), 500, t.plusSeconds(60));
    LeaderboardScore early = new LeaderboardScore(ShopperId.of("y"), 300, t);
    LeaderboardScore tieA = new LeaderboardScore(ShopperId.of("a"), 300, t.plusSeconds(1));
    LeaderboardScore tieB = new LeaderboardScore(ShopperId.of("b"), 300, t.plusSeconds(1));
    List<LeaderboardScore> scores = new ArrayList<>(List.of(tieB, tieA, early, top));
    scores.sort(LeaderboardScore.RANKING);
    assertThat(scores).containsExactly(top, early, tieA, tieB);
  }
}
