package com.mallquest.mall.adapter.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.domain.LeaderboardPeriod;
import com.mallquest.mall.domain.LeaderboardScore;
import com.mallquest.mall.domain.ShopperId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Redis's own order of (score, member bytes) is the tie rule; a Redis that is down answers nothing.
 */
class RedisLeaderboardEncodingTest {

  /** How Redis orders a sorted set: by score ascending, then by the member's bytes. */
  private static final Comparator<LeaderboardScore> REDIS_ORDER =
      Comparator.<LeaderboardScore>comparingDouble(s -> -(double) s.xp())
          .thenComparing(
              (a, b) ->
                  Arrays.compareUnsigned(
                      bytes(RedisLeaderboardCache.member(a)),
                      bytes(RedisLeaderboardCache.member(b))));

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void redisOrder_equalsTheTieRule_withManyTies() {
    Random random = new Random(42);
    String alphabet = "ABCXYZabcxyz0189-_";
    Instant base = Instant.parse("2026-11-20T10:00:00Z");
    List<LeaderboardScore> scores = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      StringBuilder id = new StringBuilder();
      for (int n = 1 + random.nextInt(6); n > 0; n--) {
        id.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      id.append(i % 7 == 0 ? "" : "-" + i);
      long xp = random.nextInt(5) == 0 ? (1L << 52) + random.nextInt(3) : 1 + random.nextInt(20);
      Instant reached = base.plusNanos(1_000L * random.nextInt(4)).plusSeconds(random.nextInt(3));
      scores.add(new LeaderboardScore(ShopperId.of(id.toString()), xp, reached));
    }
    List<LeaderboardScore> byRule = new ArrayList<>(scores);
    byRule.sort(LeaderboardScore.RANKING);
    List<LeaderboardScore> byRedis = new ArrayList<>(scores);
    byRedis.sort(REDIS_ORDER);

    assertThat(byRedis).isEqualTo(byRule);
  }

  @Test
  void member_decodesBackToTheScore() {
    LeaderboardScore score =
        new LeaderboardScore(
            ShopperId.of("ann_1"), (1L << 53) - 1, Instant.parse("2026-11-20T10:00:00.123456Z"));
    String member = RedisLeaderboardCache.member(score);
    assertThat(RedisLeaderboardCache.decode(member, -(double) score.xp())).isEqualTo(score);
  }

  @Test
  void member_isTheMicrosZeroPaddedToTwentyDigits_thenTheId() {
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      long micros = random.nextLong(0, 7_000_000_000_000_000L); // up to the year 2191
      Instant reached = Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1_000);
      LeaderboardScore score = new LeaderboardScore(ShopperId.of("s-" + i), 1 + i, reached);
      assertThat(RedisLeaderboardCache.member(score))
          .isEqualTo(String.format("%020d:s-%d", micros, i));
    }
    LeaderboardScore atEpoch = new LeaderboardScore(ShopperId.of("e"), 1, Instant.EPOCH);
    assertThat(RedisLeaderboardCache.member(atEpoch)).isEqualTo("00000000000000000000:e");
  }

  @Test
  void redisDown_readsAnswerEmptyAndWritesDoNotThrow() {
    try (RedisLeaderboardCache cache =
        new RedisLeaderboardCache("redis://127.0.0.1:1", "t-down", Duration.ofMillis(50))) {
      LocalDate start = LocalDate.of(2026, 11, 23);
      assertThat(cache.state(LeaderboardPeriod.WEEK, start))
          .isEqualTo(com.mallquest.mall.application.port.LeaderboardCache.State.UNAVAILABLE);
      assertThat(cache.top(LeaderboardPeriod.WEEK, start, 10)).isEmpty();
      assertThat(cache.standing(LeaderboardPeriod.WEEK, start, ShopperId.of("s"), 2)).isEmpty();
      cache.put(LeaderboardPeriod.WEEK, start, ShopperId.of("s"), Optional.empty(), 1);
      cache.markReady(LeaderboardPeriod.WEEK, start);
      assertThat(cache.top(LeaderboardPeriod.WEEK, start, 10)).isEmpty();
    }
  }
}
