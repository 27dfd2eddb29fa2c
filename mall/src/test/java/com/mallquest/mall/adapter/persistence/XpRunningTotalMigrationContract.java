package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.ShopperId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Migration V12 (ADR 0031) on a ledger written before it: every row gets the shopper's running
 * total in (time, id) order, whatever order the rows were written in, and every shopper the time of
 * their newest row. Its subclasses open the database at V11.
 */
abstract class XpRunningTotalMigrationContract extends DatabaseContract {

  private static final Instant T5 = T0.plusSeconds(5);
  private static final Instant T10 = T0.plusSeconds(10);

  private void shopperAtV11(String id, long xp) {
    database
        .jdbc()
        .sql(
            "INSERT INTO shoppers (id, display_name, display_name_key, language, time_zone, coins, xp,"
                + " level, vip_tier, lifetime_spend_minor, login_streak, created_at, version)"
                + " VALUES (:id, 'N', 'n', 'en', 'UTC', 0, :xp, 1, 'BRONZE', 0, 0, :at, 0)")
        .param("id", id)
        .param("xp", xp)
        .param("at", SqlValues.utc(T0))
        .update();
  }

  private void xpRowAtV11(String shopper, long delta, String reference, Instant at) {
    database
        .jdbc()
        .sql(
            "INSERT INTO xp_ledger (shopper_id, delta, reason, reference, created_at)"
                + " VALUES (:shopper, :delta, 'PURCHASE', :reference, :at)")
        .param("shopper", shopper)
        .param("delta", delta)
        .param("reference", reference)
        .param("at", SqlValues.utc(at))
        .update();
  }

  @Test
  void v12_runningTotalsInTimeOrder_newestTimes_andScoresFromThem() {
    shopperAtV11("a", 13);
    shopperAtV11("b", 0);
    // Written out of time order, two rows at the same time.
    xpRowAtV11("a", 5, "first-at-10", T10);
    xpRowAtV11("a", 7, "at-0", T0);
    xpRowAtV11("a", 3, "second-at-10", T10);
    xpRowAtV11("a", -2, "at-5", T5);

    database.flyway().migrate();

    assertThat(
            database
                .jdbc()
                .sql(
                    "SELECT reference, xp_after FROM xp_ledger WHERE shopper_id = 'a'"
                        + " ORDER BY created_at, id")
                .query((rs, n) -> rs.getString("reference") + "=" + rs.getLong("xp_after"))
                .list())
        .containsExactly("at-0=7", "at-5=5", "first-at-10=10", "second-at-10=13");
    assertThat(xpAt("a")).isEqualTo(T10);
    assertThat(xpAt("b")).isNull();

    JdbcLeaderboardRepository boards = new JdbcLeaderboardRepository(database.dataSource());
    List<LeaderboardRepository.Versioned> scores =
        boards.scoresOf(ShopperId.of("a"), List.of(Instant.EPOCH, T5, T5.plusNanos(1_000)));
    assertThat(scores)
        .extracting(v -> v.score().map(LeaderboardScore::xp))
        .containsExactly(Optional.of(13L), Optional.of(6L), Optional.of(8L));
    assertThat(boards.scoreOf(ShopperId.of("b"), Instant.EPOCH))
        .isEqualTo(new LeaderboardRepository.Versioned(Optional.empty(), 0));
  }

  private Instant xpAt(String shopper) {
    OffsetDateTime at =
        database
            .jdbc()
            .sql("SELECT xp_at FROM shoppers WHERE id = :id")
            .param("id", shopper)
            .query((rs, n) -> rs.getObject("xp_at", OffsetDateTime.class))
            .list()
            .get(0);
    return at == null ? null : at.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }
}
