package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mallquest.mall.adapter.webhook.WebhookFanOut;
import com.mallquest.mall.application.WakeSignal;
import com.mallquest.mall.application.port.ChangeOutbox.Change;
import com.mallquest.mall.application.port.ChangeOutbox.Drained;
import com.mallquest.mall.application.port.WebhookRepository.Attempt;
import com.mallquest.mall.application.port.WebhookRepository.Claimed;
import com.mallquest.mall.application.port.WebhookRepository.Delivery;
import com.mallquest.mall.application.port.WebhookRepository.Outcome;
import com.mallquest.mall.application.port.WebhookRepository.Status;
import com.mallquest.mall.application.port.WebhookRepository.Subscription;
import com.mallquest.mall.application.port.WebhookSender;
import com.mallquest.mall.application.webhook.DeliverWebhooks;
import com.mallquest.mall.application.webhook.WebhookTargets;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.support.MutableClock;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Webhook deliveries in the database: created in the outbox relay's transaction (exactly once: they
 * roll back with an unpublished batch), claimed disjointly and in sequence order per subscription
 * and shopper, held back while an earlier event of the shopper is still in the outbox; a delivery
 * that keeps failing past the retry window is given up and marks its subscription failing, a later
 * success clears it.
 */
abstract class WebhookRepositoryContract extends DatabaseContract {

  private final AtomicInteger wakeUps = new AtomicInteger();

  private JdbcWebhookRepository repository() {
    return new JdbcWebhookRepository(
        database.dataSource(),
        new DataSourceTransactionManager(database.dataSource()),
        wakeUps::incrementAndGet);
  }

  private JdbcChangeOutbox outbox() {
    return database.outbox(Clock.fixed(T0, ZoneOffset.UTC), () -> {});
  }

  private Subscription subscription(
      JdbcWebhookRepository repository, String id, Set<String> types) {
    Subscription s =
        new Subscription(
            id,
            URI.create("http://127.0.0.1:9/hook"),
            types,
            Set.of(),
            null,
            "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
            true,
            null,
            T0,
            T0);
    repository.insert(s);
    return s;
  }

  private void purchaseEvents(String shopper, int count) {
    for (int i = 0; i < count; i++) {
      int n = i;
      database
          .transactions()
          .inTransaction(
              () -> {
                outbox()
                    .append(
                        List.of(
                            Change.event(
                                shopper,
                                n + 1,
                                new DomainEvent.PurchaseRecorded(
                                    "p-" + shopper + "-" + n, "s1", "r" + n, 100, "USD", 1, 1),
                                "purchase.recorded"),
                            // An event whose type no subscription can list, as an older build
                            // recorded them: recorded here under a listed topic, delivered to
                            // nobody (the fan-out decides by the payload's type).
                            Change.event(
                                shopper,
                                n + 1,
                                new DomainEvent.CapReached("x", 1, 1),
                                "shopper.level_up")));
                return null;
              });
    }
  }

  @Test
  void fanOut_joinsTheRelaysTransaction_soAnUnpublishedBatchLeavesNoDelivery() {
    JdbcWebhookRepository repository = repository();
    subscription(repository, "wh_a", Set.of("purchase.recorded"));
    subscription(repository, "wh_b", Set.of("shopper.level_up"));
    WebhookFanOut fanOut = new WebhookFanOut(repository);
    purchaseEvents("ada", 2);

    Drained declined =
        outbox()
            .drain(
                100,
                batch -> {
                  fanOut.publish(batch);
                  return false; // another publisher failed: the batch stays pending
                });

    assertThat(declined.published()).isFalse();
    assertThat(
            database
                .jdbc()
                .sql("SELECT COUNT(*) FROM webhook_deliveries")
                .query(Long.class)
                .single())
        .isZero();
    assertThat(outbox().drain(100, fanOut::publish)).isEqualTo(new Drained(4, true));
    List<Delivery> deliveries = repository.deliveries("wh_a", 10);
    assertThat(deliveries).hasSize(2).allMatch(d -> d.eventType().equals("purchase.recorded"));
    assertThat(repository.deliveries("wh_b", 10)).isEmpty();
    assertThat(deliveries.get(0).payload())
        .contains(
            "\"type\":\"purchase.recorded\"",
            "\"shopperId\":\"ada\"",
            "\"purchaseId\":\"p-ada-1\"",
            "\"id\":\"" + deliveries.get(0).eventId() + "\"");
    assertThat(wakeUps).hasPositiveValue();
    assertThat(outbox().drain(100, fanOut::publish).claimed()).isZero();
  }

  @Test
  void claims_takeOnlyTheEarliestPendingEventPerShopper_andNeverTheSameDeliveryTwice() {
    JdbcWebhookRepository repository = repository();
    subscription(repository, "wh_a", Set.of("purchase.recorded"));
    WebhookFanOut fanOut = new WebhookFanOut(repository);
    purchaseEvents("ada", 3);
    purchaseEvents("bob", 2);
    outbox().drain(100, fanOut::publish);

    List<Claimed> first = repository.claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 10);
    List<Claimed> second = repository.claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 10);

    assertThat(first)
        .extracting(c -> c.delivery().shopperId())
        .containsExactlyInAnyOrder("ada", "bob");
    assertThat(first)
        .allMatch(c -> c.delivery().attempts() == 1 && c.secret().startsWith("whsec_"));
    assertThat(second).as("leased, and the later ones wait for them").isEmpty();
    Claimed ada =
        first.stream()
            .filter(c -> c.delivery().shopperId().equals("ada"))
            .findFirst()
            .orElseThrow();
    assertThat(
            repository.settle(
                ada.delivery().id(),
                1,
                new Attempt(T0.plusSeconds(2), 204, null, 3),
                new Outcome(Status.DELIVERED, T0.plusSeconds(2))))
        .isTrue();
    assertThat(
            repository.settle(
                ada.delivery().id(),
                1,
                new Attempt(T0.plusSeconds(2), 204, null, 3),
                new Outcome(Status.DELIVERED, T0.plusSeconds(2))))
        .as("settled once")
        .isFalse();

    List<Claimed> next = repository.claimDue(T0.plusSeconds(3), T0.plusSeconds(63), 10);
    assertThat(next).hasSize(1);
    assertThat(next.get(0).delivery().shopperId()).isEqualTo("ada");
    assertThat(next.get(0).delivery().sequence()).isGreaterThan(ada.delivery().sequence());
    List<Claimed> afterLease = repository.claimDue(T0.plusSeconds(100), T0.plusSeconds(160), 10);
    assertThat(afterLease)
        .as("leases that ran out (a dead worker) are taken again")
        .extracting(c -> c.delivery().attempts())
        .containsOnly(2);
  }

  @Test
  void aDelivery_waitsWhileAnEarlierEventOfItsShopperIsStillInTheOutbox() {
    JdbcWebhookRepository repository = repository();
    subscription(repository, "wh_a", Set.of("purchase.recorded"));
    WebhookFanOut fanOut = new WebhookFanOut(repository);
    purchaseEvents("ada", 2);
    // Another relay holds the older rows: publish only the second purchase's (version 2) here.
    List<com.mallquest.mall.application.port.ChangeOutbox.Pending> all =
        new java.util.ArrayList<>();
    outbox()
        .drain(
            100,
            batch -> {
              all.addAll(batch);
              return false;
            });
    database
        .transactions()
        .inTransaction(
            () -> {
              fanOut.publish(all.stream().filter(p -> p.version() == 2).toList());
              return null;
            });

    assertThat(repository.claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 10)).isEmpty();
    database
        .transactions()
        .inTransaction(
            () -> {
              fanOut.publish(all.stream().filter(p -> p.version() == 1).toList());
              database.jdbc().sql("DELETE FROM change_outbox").update();
              return null;
            });
    List<Claimed> claimed = repository.claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 10);
    assertThat(claimed).hasSize(1);
    assertThat(claimed.get(0).delivery().payload()).contains("p-ada-0");
  }

  @Test
  void
      aDeliveryFailingPastTheRetryWindow_isGivenUp_andMarksItsSubscriptionFailingUntilOneSucceeds() {
    JdbcWebhookRepository repository = repository();
    subscription(repository, "wh_a", Set.of("purchase.recorded"));
    WebhookFanOut fanOut = new WebhookFanOut(repository);
    MutableClock clock = new MutableClock(T0);
    AtomicInteger status = new AtomicInteger(500);
    AtomicInteger calls = new AtomicInteger();
    WebhookSender sender =
        (target, headers, body) -> {
          calls.incrementAndGet();
          return CompletableFuture.completedFuture(
              new WebhookSender.Response(status.get(), null, 1));
        };
    WakeSignal signal = new WakeSignal();
    try (DeliverWebhooks worker =
        new DeliverWebhooks(
            repository,
            sender,
            new WebhookTargets(true, false),
            signal,
            clock,
            new DeliverWebhooks.Settings(
                Duration.ofSeconds(1),
                Duration.ofMinutes(10),
                Duration.ofHours(24),
                Duration.ofSeconds(30),
                4,
                Duration.ofMillis(10),
                Duration.ofDays(7)))) {
      worker.start();
      purchaseEvents("ada", 1);
      outbox().drain(100, fanOut::publish);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  calls.get() >= 1 && repository.deliveries("wh_a", 1).get(0).lastStatus() != null);
      Delivery retrying = repository.deliveries("wh_a", 1).get(0);
      assertThat(retrying.status()).isEqualTo(Status.PENDING);
      assertThat(retrying.nextAttemptAt()).isBetween(T0.plusMillis(500), T0.plusSeconds(1));
      assertThat(repository.find("wh_a").orElseThrow().failingSince()).isNull();

      clock.advance(Duration.ofHours(25));
      signal.wake();

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> repository.deliveries("wh_a", 1).get(0).status() == Status.FAILED);
      assertThat(repository.find("wh_a").orElseThrow().failingSince()).isNotNull();
      assertThat(worker.givenUp()).isEqualTo(1);

      status.set(204);
      purchaseEvents("ada", 1);
      outbox().drain(100, fanOut::publish);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> repository.deliveries("wh_a", 1).get(0).status() == Status.DELIVERED);
      assertThat(repository.find("wh_a").orElseThrow().failingSince())
          .as("a success clears it")
          .isNull();
    }
  }
}
