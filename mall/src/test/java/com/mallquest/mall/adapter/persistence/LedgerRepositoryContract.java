package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.application.port.PageCursor;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class LedgerRepositoryContract extends DatabaseContract {

  @Test
  void append_entry_returnsItWithGeneratedIdAndStoresIt() {
    Shopper shopper = givenShopper();
    LedgerEntry entry =
        LedgerEntry.unsaved(shopper.id(), 40, 40, LedgerReason.CHECK_IN, "2024-05-01", T0);

    LedgerEntry saved = ledger().append(entry);

    assertThat(saved.id()).isPositive();
    assertThat(saved)
        .isEqualTo(
            new LedgerEntry(
                saved.id(), shopper.id(), 40, 40, LedgerReason.CHECK_IN, "2024-05-01", T0));
    assertThat(ledger().findByShopper(shopper.id(), Optional.empty(), 10)).containsExactly(saved);
  }

  @Test
  void append_twice_idsIncrease() {
    Shopper shopper = givenShopper();

    LedgerEntry first = ledger().append(newEntry(shopper.id(), 1, 1, T0));
    LedgerEntry second = ledger().append(newEntry(shopper.id(), 1, 2, T0));

    assertThat(second.id()).isGreaterThan(first.id());
  }

  @Test
  void append_timeWithNanoseconds_returnsStoredMicroseconds() {
    Shopper shopper = givenShopper();

    Instant withNanos = Instant.parse("2024-05-01T00:00:00.000000999Z");

    LedgerEntry saved = ledger().append(newEntry(shopper.id(), 1, 1, withNanos));

    assertThat(saved.createdAt()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    assertThat(ledger().findByShopper(shopper.id(), Optional.empty(), 1)).containsExactly(saved);
  }

  @Test
  void append_injectionLookingReference_storedVerbatim() {
    Shopper shopper = givenShopper();

    LedgerEntry saved =
        ledger()
            .append(
                LedgerEntry.unsaved(shopper.id(), 5, 5, LedgerReason.ADJUSTMENT, INJECTION, T0));

    assertThat(ledger().findByShopper(shopper.id(), Optional.empty(), 1))
        .singleElement()
        .satisfies(e -> assertThat(e.reference()).isEqualTo(INJECTION))
        .isEqualTo(saved);
    assertThat(shoppers().count()).isEqualTo(1);
  }

  @Test
  void sumByShopper_entries_sumsOnlyThatShoppersDeltas() {
    Shopper shopper = givenShopper();
    Shopper other = givenShopper();
    ledger().append(newEntry(shopper.id(), 100, 100, T0));
    ledger().append(newEntry(shopper.id(), -30, 70, T0.plusSeconds(1)));
    ledger().append(newEntry(shopper.id(), 5, 75, T0.plusSeconds(2)));
    ledger().append(newEntry(other.id(), 1_000, 1_000, T0));

    assertThat(ledger().sumByShopper(shopper.id())).isEqualTo(75);
  }

  @Test
  void sumByShopper_noEntries_returnsZero() {
    assertThat(ledger().sumByShopper(ShopperId.of("nobody"))).isZero();
  }

  @Test
  void findByShopper_pagedWithEqualTimes_returnsAllNewestFirstWithoutGapsOrDuplicates() {
    Shopper shopper = givenShopper();
    Shopper other = givenShopper();
    List<LedgerEntry> appended = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      Instant at = T0.plusMillis(i % 3);
      appended.add(ledger().append(newEntry(shopper.id(), 1, i + 1, at)));
      ledger().append(newEntry(other.id(), 1, i + 1, at));
    }

    List<LedgerEntry> paged = new ArrayList<>();
    Optional<PageCursor> cursor = Optional.empty();
    List<LedgerEntry> page;
    do {
      page = ledger().findByShopper(shopper.id(), cursor, 4);
      paged.addAll(page);
      if (!page.isEmpty()) {
        LedgerEntry last = page.get(page.size() - 1);
        cursor = Optional.of(new PageCursor(last.createdAt(), Long.toString(last.id())));
      }
    } while (page.size() == 4);

    assertThat(paged)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(appended)
        .isSortedAccordingTo(
            Comparator.comparing(LedgerEntry::createdAt)
                .thenComparingLong(LedgerEntry::id)
                .reversed());
  }

  @Test
  void findByShopper_cursorIdsOfDifferentLength_comparedAsNumbers() {
    Shopper shopper = givenShopper();
    // Explicit ids: as text "99" > "100", as numbers 99 < 100.
    for (long id : new long[] {99, 100, 101}) {
      database
          .jdbc()
          .sql(
              "INSERT INTO coin_ledger (id, shopper_id, delta, balance_after, reason, reference,"
                  + " created_at) VALUES (:id, :shopper, 1, 1, 'PURCHASE', 'ref', :at)")
          .param("id", id)
          .param("shopper", shopper.id().value())
          .param("at", SqlValues.utc(T0))
          .update();
    }

    List<LedgerEntry> page =
        ledger().findByShopper(shopper.id(), Optional.of(new PageCursor(T0, "101")), 10);

    assertThat(page).extracting(LedgerEntry::id).containsExactly(100L, 99L);
  }

  @Test
  void findByShopper_cursorIdNotANumber_throwsInvalidInput() {
    Optional<PageCursor> cursor = Optional.of(new PageCursor(T0, "1 OR 1=1"));

    assertThatThrownBy(() -> ledger().findByShopper(ShopperId.of("any"), cursor, 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("decimal number");
  }
}
