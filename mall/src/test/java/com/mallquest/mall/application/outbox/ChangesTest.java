package com.mallquest.mall.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mallquest.mall.application.port.ChangeOutbox.Kind;
import com.mallquest.mall.application.port.ChangeOutbox.Pending;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.VipTier;
import com.mallquest.mall.support.DirectTransactions;
import com.mallquest.mall.support.InMemoryOutbox;
import com.mallquest.mall.support.NoCaches;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a shopper's change leaves in the outbox: one row for the profile and the boards. */
class ChangesTest {

  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final DirectTransactions transactions = new DirectTransactions();
  private final Changes changes =
      new Changes(outbox, transactions, NoCaches.SHOPPERS, NoCaches.STORES, NoCaches.MISSIONS);
  private final Shopper ada =
      Shopper.register(
          new ShopperId("ada"),
          null,
          null,
          null,
          ZoneOffset.UTC,
          Instant.parse("2026-12-01T00:00:00Z"));

  @Test
  void anXpChange_isOneRowForTheProfileAndTheBoards_thenItsEvents() {
    transactions.inTransaction(
        () -> {
          changes.shopper(ada, true, List.of(new DomainEvent.LevelUp(1, 2)));
          return null;
        });

    assertThat(outbox.pending())
        .extracting(Pending::kind, Pending::key, Pending::version)
        .containsExactly(
            tuple(Kind.SHOPPER_AND_BOARDS, "ada", ada.version()),
            tuple(Kind.EVENT, "ada", ada.version()));
  }

  @Test
  void eventsNoWebhookTypeCovers_areNotRecorded_theOthersCarryTheirWebhookTypeAsTopic() {
    transactions.inTransaction(
        () -> {
          changes.shopper(
              ada,
              true,
              List.of(
                  new DomainEvent.MissionProgressed("m1", 1, 3),
                  new DomainEvent.CapReached("daily", 100, 5),
                  new DomainEvent.TierChanged(VipTier.BRONZE, VipTier.SILVER)));
          return null;
        });

    assertThat(outbox.pending())
        .extracting(Pending::kind, Pending::payload)
        .containsExactly(tuple(Kind.SHOPPER_AND_BOARDS, null), tuple(Kind.EVENT, "tier_changed"));
    assertThat(
            Changes.ofShopper(
                ada.id(),
                2,
                false,
                List.of(new DomainEvent.LevelUp(1, 2), new DomainEvent.CapReached("x", 1, 1))))
        .extracting(c -> c.kind(), c -> c.topic())
        .containsExactly(tuple(Kind.SHOPPER, null), tuple(Kind.EVENT, "shopper.level_up"));
  }

  @Test
  void aChangeWithoutXp_isTheProfileOnly() {
    transactions.inTransaction(
        () -> {
          changes.shopper(ada, false, List.of());
          return null;
        });

    assertThat(outbox.pending()).extracting(Pending::kind).containsExactly(Kind.SHOPPER);
  }

  @Test
  void theCombinedKind_refreshesBoth_andIsCountedAsPendingForBoth() {
    assertThat(EnumSet.allOf(Kind.class).stream().filter(Kind::refreshesShopper))
        .containsExactlyInAnyOrder(Kind.SHOPPER, Kind.SHOPPER_AND_BOARDS);
    assertThat(EnumSet.allOf(Kind.class).stream().filter(Kind::refreshesBoards))
        .containsExactlyInAnyOrder(Kind.LEADERBOARD, Kind.SHOPPER_AND_BOARDS);
    assertThat(Kind.SHOPPER.carriedBy())
        .containsExactlyInAnyOrder(Kind.SHOPPER, Kind.SHOPPER_AND_BOARDS);
    assertThat(Kind.LEADERBOARD.carriedBy())
        .containsExactlyInAnyOrder(Kind.LEADERBOARD, Kind.SHOPPER_AND_BOARDS);
    assertThat(Kind.EVENT.carriedBy()).containsExactly(Kind.EVENT);
    assertThat(Kind.STORE.carriedBy()).containsExactly(Kind.STORE);
  }
}
