package com.mallquest.mall.domain;

import static com.mallquest.mall.domain.StoreTest.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerAndEventsTest {

  private static final ShopperId SHOPPER = ShopperId.of("shopper-1");
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void unsaved_hasIdZero() {
    LedgerEntry entry =
        LedgerEntry.unsaved(SHOPPER, 37, 137, LedgerReason.PURCHASE, "purchase:p-1", NOW);

    assertThat(entry.id()).isZero();
    assertThat(entry.delta()).isEqualTo(37);
    assertThat(entry.balanceAfter()).isEqualTo(137);
  }

  @Test
  void constructor_negativeDelta_allowedForSpending() {
    LedgerEntry entry = new LedgerEntry(5, SHOPPER, -20, 0, LedgerReason.ADJUSTMENT, "", NOW);

    assertThat(entry.delta()).isEqualTo(-20);
  }

  @Test
  void constructor_invalidParts_rejectedNamingField() {
    assertField(() -> new LedgerEntry(-1, SHOPPER, 1, 1, LedgerReason.CHECK_IN, "r", NOW), "id");
    assertField(() -> new LedgerEntry(0, null, 1, 1, LedgerReason.CHECK_IN, "r", NOW), "shopperId");
    assertField(
        () -> new LedgerEntry(0, SHOPPER, -2, -1, LedgerReason.CHECK_IN, "r", NOW), "balanceAfter");
    assertField(() -> new LedgerEntry(0, SHOPPER, 1, 1, null, "r", NOW), "reason");
    assertField(
        () -> new LedgerEntry(0, SHOPPER, 1, 1, LedgerReason.CHECK_IN, null, NOW), "reference");
    assertField(
        () -> new LedgerEntry(0, SHOPPER, 1, 1, LedgerReason.CHECK_IN, "r".repeat(129), NOW),
        "reference");
    assertField(
        () -> new LedgerEntry(0, SHOPPER, 1, 1, LedgerReason.CHECK_IN, "r", null), "createdAt");
  }

  @Test
  void type_eachEvent_stableSnakeCaseName() {
    List<DomainEvent> events =
        List.of(
            new DomainEvent.LevelUp(1, 2),
            new DomainEvent.TierChanged(VipTier.BRONZE, VipTier.SILVER),
            new DomainEvent.CheckedIn(3, 15));

    assertThat(events)
        .extracting(DomainEvent::type)
        .containsExactly("level_up", "tier_changed", "checked_in");
  }

  @Test
  void displayName_eachTier_capitalized() {
    assertThat(VipTier.values())
        .extracting(VipTier::displayName)
        .containsExactly("Bronze", "Silver", "Gold", "Platinum");
  }

  @Test
  void exceptions_carryFieldKindAndId() {
    InvalidInputException invalid = new InvalidInputException("floor", "floor must be ...");
    NotFoundException notFound = new NotFoundException("store", "s-9");
    ConflictException conflict = new ConflictException("store is inactive");

    assertThat(invalid.field()).isEqualTo("floor");
    assertThat(notFound.kind()).isEqualTo("store");
    assertThat(notFound.id()).isEqualTo("s-9");
    assertThat(notFound).hasMessage("store not found: \"s-9\"");
    assertThat(List.<DomainException>of(invalid, notFound, conflict))
        .allSatisfy(e -> assertThat(e).isInstanceOf(RuntimeException.class));
  }
}
