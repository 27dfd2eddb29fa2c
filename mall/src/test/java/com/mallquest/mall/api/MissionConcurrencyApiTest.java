package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.application.purchase.RecordPurchase;
import com.mallquest.mall.domain.DomainEvent;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Concurrent purchases of one shopper complete a mission exactly once and pay exactly once. */
class MissionConcurrencyApiTest extends ApiTestSupport {

  @Autowired RecordPurchase recordPurchase;

  @Autowired MissionCache missionCache;

  @Test
  void purchases_16threads_missionCompletesOnce_coinsEqualLedger() throws Exception {
    String store = createStore("1");
    String shopper = createShopper();
    String spend = unique("m");
    String count = unique("m");
    createMission(
        MissionApiTest.missionJson(
            spend, "SPEND_TOTAL", 10_000, MissionApiTest.fixedWindow(), 1_000, 0, true));
    createMission(
        MissionApiTest.missionJson(
            count, "PURCHASE_COUNT", 37, MissionApiTest.fixedWindow(), 77, 0, true));
    int threads = 16;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<DomainEvent>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<DomainEvent> events = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    events.addAll(
                        recordPurchase
                            .record(
                                RecordPurchase.Command.parse(
                                    shopper,
                                    store,
                                    "t" + thread + "-" + i,
                                    100,
                                    "USD",
                                    Currency.getInstance("USD")))
                            .events());
                  }
                  return events;
                }));
      }
      start.countDown();
      List<DomainEvent> all = new ArrayList<>();
      for (Future<List<DomainEvent>> f : results) {
        all.addAll(f.get(5, TimeUnit.MINUTES));
      }

      assertThat(all)
          .filteredOn(
              e -> e instanceof DomainEvent.MissionCompleted c && c.missionId().equals(spend))
          .hasSize(1);
      assertThat(all)
          .filteredOn(
              e -> e instanceof DomainEvent.MissionCompleted c && c.missionId().equals(count))
          .hasSize(1);
      // Progress events up to completion only: 100 purchases of 1.00 reach 100.00.
      assertThat(all)
          .filteredOn(
              e -> e instanceof DomainEvent.MissionProgressed p && p.missionId().equals(spend))
          .hasSize(100);
      long purchaseCoins =
          jdbc.sql("SELECT SUM(coins_earned) FROM purchases WHERE shopper_id = ?")
              .param(shopper)
              .query(Long.class)
              .single();
      long ledgerSum =
          jdbc.sql("SELECT SUM(delta) FROM coin_ledger WHERE shopper_id = ?")
              .param(shopper)
              .query(Long.class)
              .single();
      long rewardRows =
          jdbc.sql(
                  "SELECT COUNT(*) FROM coin_ledger WHERE shopper_id = ? AND reason = 'MISSION_REWARD'")
              .param(shopper)
              .query(Long.class)
              .single();
      long completions =
          jdbc.sql("SELECT COUNT(*) FROM mission_completions WHERE shopper_id = ?")
              .param(shopper)
              .query(Long.class)
              .single();
      long coins =
          call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).json().get("coins").asLong();
      // 1.00 USD at x1.0 and Bronze (400.00 in all stays below Silver) is 1 coin each.
      assertThat(purchaseCoins).isEqualTo((long) threads * perThread);
      assertThat(rewardRows).isEqualTo(2);
      assertThat(completions).isEqualTo(2);
      assertThat(coins).isEqualTo(purchaseCoins + 1_000 + 77);
      assertThat(ledgerSum).isEqualTo(coins);
    } finally {
      pool.shutdownNow();
      jdbc.sql("UPDATE missions SET active = FALSE, version = version + 1 WHERE id IN (?, ?)")
          .param(spend)
          .param(count)
          .update();
      missionCache.changed();
    }
  }

  private void createMission(String body) {
    Reply r = call("POST", "/api/v1/missions", ADMIN_KEY, body);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
  }
}
