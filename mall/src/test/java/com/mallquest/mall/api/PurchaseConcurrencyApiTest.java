package com.mallquest.mall.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.purchase.RecordPurchase;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Money-like values change atomically: exact totals under many threads. */
class PurchaseConcurrencyApiTest extends ApiTestSupport {

  @Autowired RecordPurchase recordPurchase;

  @Test
  void purchase_16threadsx500_exactBalanceAndLedgerSum() throws Exception {
    String store = createStore("1");
    String shopper = createShopper();
    int threads = 16;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Long>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      results.add(
          pool.submit(
              () -> {
                start.await();
                long coins = 0;
                for (int i = 0; i < perThread; i++) {
                  coins +=
                      recordPurchase
                          .record(
                              RecordPurchase.Command.parse(
                                  shopper,
                                  store,
                                  "t" + thread + "-" + i,
                                  123,
                                  "USD",
                                  Currency.getInstance("USD")))
                          .purchase()
                          .coinsEarned();
                }
                return coins;
              }));
    }
    start.countDown();
    long told = 0;
    for (Future<Long> f : results) {
      told += f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    var profile = call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).json();
    long ledgerSum =
        jdbc.sql("SELECT COALESCE(SUM(delta), 0) FROM coin_ledger WHERE shopper_id = ?")
            .param(shopper)
            .query(Long.class)
            .single();
    long purchases =
        jdbc.sql("SELECT COUNT(*) FROM purchases WHERE shopper_id = ?")
            .param(shopper)
            .query(Long.class)
            .single();
    assertThat(purchases).isEqualTo(threads * perThread);
    assertThat(told).isEqualTo(threads * perThread); // 1.23 USD at x1.0 and Bronze is 1 coin each
    assertThat(profile.get("coins").asLong()).isEqualTo(told);
    assertThat(ledgerSum).isEqualTo(told);
    assertThat(profile.get("lifetimeSpendMinor").asLong()).isEqualTo(123L * threads * perThread);
    assertThat(profile.get("version").asLong()).isEqualTo(threads * perThread);
  }

  @Test
  void purchase_20threadsSameReceipt_creditsOnce() throws Exception {
    String store = createStore("1");
    String shopper = createShopper();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Reply>> calls = new ArrayList<>();
    for (int t = 0; t < 20; t++) {
      calls.add(
          () -> {
            start.await();
            return call(
                "POST",
                "/api/v1/purchases",
                ADMIN_KEY,
                purchaseJson(shopper, store, "same", 10000, "USD"));
          });
    }
    List<Future<Reply>> futures = new ArrayList<>();
    for (Callable<Reply> c : calls) {
      futures.add(pool.submit(c));
    }
    start.countDown();
    int created = 0;
    int replayed = 0;
    for (Future<Reply> f : futures) {
      Reply r = f.get(1, TimeUnit.MINUTES);
      if (r.status() == 201) {
        created++;
      } else if (r.status() == 200 && r.json().get("replayed").asBoolean()) {
        replayed++;
      }
    }
    pool.shutdown();

    assertThat(created).isEqualTo(1);
    assertThat(replayed).isEqualTo(19);
    var profile = call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).json();
    assertThat(profile.get("coins").asLong()).isEqualTo(100);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM coin_ledger WHERE shopper_id = ?")
                .param(shopper)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void checkIn_20threadsSameShopper_awardsOnce() throws Exception {
    String shopper = createShopper();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reply>> futures = new ArrayList<>();
    for (int t = 0; t < 20; t++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return call("POST", "/api/v1/shoppers/" + shopper + "/check-ins", ADMIN_KEY, null);
              }));
    }
    start.countDown();
    int awarded = 0;
    for (Future<Reply> f : futures) {
      Reply r = f.get(1, TimeUnit.MINUTES);
      assertThat(r.status()).isIn(200, 201);
      if (!r.json().get("alreadyCheckedIn").asBoolean()) {
        awarded++;
      }
    }
    pool.shutdown();

    assertThat(awarded).isEqualTo(1);
    assertThat(
            call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null)
                .json()
                .get("coins")
                .asLong())
        .isEqualTo(5);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM coin_ledger WHERE shopper_id = ?")
                .param(shopper)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }
}
