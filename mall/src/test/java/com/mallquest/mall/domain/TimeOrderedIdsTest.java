package com.mallquest.mall.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  @Property
  void anId_isAVersion7UuidHoldingItsMillisecond(
      @ForAll @LongRange(min = 0, max = TimeOrderedIds.MAX_MILLIS) long millis) {
    Instant time = Instant.ofEpochMilli(millis).plusNanos(999_999);

    UUID id = UUID.fromString(TimeOrderedIds.at(time));

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2); // RFC 9562's variant (binary 10)
    assertThat(TimeOrderedIds.millisOf(id)).isEqualTo(millis);
    assertThat(id.toString()).hasSize(36);
  }

  @Property
  void idsOfLaterMilliseconds_sortAfterAsText(
      @ForAll @LongRange(min = 0, max = TimeOrderedIds.MAX_MILLIS - 1) long earlier,
      @ForAll @LongRange(min = 1, max = 1L << 40) long gap) {
    long later = Math.min(TimeOrderedIds.MAX_MILLIS, earlier + gap);

    String first = TimeOrderedIds.at(Instant.ofEpochMilli(earlier));
    String second = TimeOrderedIds.at(Instant.ofEpochMilli(later));

    // What a text primary key's index orders by (the ids' hyphens sit in the same places).
    assertThat(first).isLessThan(second);
  }

  @Test
  void idsOfOneMillisecond_areDistinctAndRandomBeyondTheTime() {
    Instant now = Instant.parse("2026-12-04T12:00:00.123Z");
    Set<String> ids = new HashSet<>();
    Set<Long> low = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      UUID id = TimeOrderedIds.uuidAt(now);
      ids.add(id.toString());
      low.add(id.getLeastSignificantBits());
      assertThat(TimeOrderedIds.millisOf(id)).isEqualTo(now.toEpochMilli());
    }
    assertThat(ids).hasSize(10_000);
    assertThat(low).hasSize(10_000);
  }

  @Test
  void timesAVersion7UuidCannotHold_rejected() {
    assertThatThrownBy(() -> TimeOrderedIds.at(Instant.ofEpochMilli(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1969-12-31T23:59:59.999Z");
    assertThatThrownBy(() -> TimeOrderedIds.at(Instant.ofEpochMilli(TimeOrderedIds.MAX_MILLIS + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void millisOf_anotherVersion_rejected() {
    assertThatThrownBy(() -> TimeOrderedIds.millisOf(UUID.randomUUID()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a version 7 UUID");
  }
}
