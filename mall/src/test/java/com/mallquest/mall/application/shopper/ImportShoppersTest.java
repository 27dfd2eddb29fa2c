package com.mallquest.mall.application.shopper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.shopper.ImportShoppers.Fields;
import com.mallquest.mall.application.shopper.ImportShoppers.Rejection;
import com.mallquest.mall.application.shopper.ImportShoppers.Result;
import com.mallquest.mall.application.shopper.ImportShoppers.Row;
import com.mallquest.mall.application.shopper.ImportShoppers.Unreadable;
import com.mallquest.mall.domain.EarningRules;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.support.DirectTransactions;
import com.mallquest.mall.support.InMemoryOutbox;
import com.mallquest.mall.support.NoCaches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The use case without Spring: batches, skips, rejections, the error cap, an interrupted body. */
class ImportShoppersTest {

  private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
  private static final MallSettings SETTINGS =
      new MallSettings(
          java.util.Currency.getInstance("USD"), ZoneId.of("UTC"), EarningRules.defaults());

  private final InMemoryShoppers repository = new InMemoryShoppers();
  private final List<Collection<ShopperId>> announced = new ArrayList<>();
  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final ShopperCache cache =
      new ShopperCache() {
        @Override
        public Optional<Shopper> get(ShopperId id) {
          return repository.findById(id);
        }

        @Override
        public void written(Shopper shopper) {}

        @Override
        public void created(Collection<ShopperId> ids) {
          announced.add(List.copyOf(ids));
        }
      };

  private ImportShoppers importer(int batchSize, int maxErrors) {
    DirectTransactions transactions = new DirectTransactions();
    Changes changes = new Changes(outbox, transactions, cache, NoCaches.STORES, NoCaches.MISSIONS);
    return new ImportShoppers(
        repository,
        changes,
        transactions,
        SETTINGS,
        Clock.fixed(NOW, ZoneOffset.UTC),
        new ImportShoppers.Settings(batchSize, 1000, maxErrors));
  }

  @Test
  void importAll_duplicatesInAndAcrossBatches_areSkippedAndEachBatchIsAnnouncedOnce() {
    repository.insert(
        Shopper.register(ShopperId.of("old"), "Old", null, null, ZoneId.of("UTC"), NOW));
    List<Row> rows =
        List.of(
            row(1, "a"),
            row(2, "a"),
            row(3, "b"),
            row(4, "old"),
            row(5, "c"),
            row(6, "a"),
            row(7, "d"),
            row(8, "old"),
            row(9, "b"));

    Result result = importer(2, 10).importAll(rows.iterator());

    assertThat(result.created()).isEqualTo(4);
    assertThat(result.skipped()).isEqualTo(5);
    assertThat(result.rejected()).isZero();
    assertThat(repository.rows.keySet()).containsExactlyInAnyOrder("old", "a", "b", "c", "d");
    assertThat(repository.statements)
        .as("[a,b] [old,c] [a,d] [old,b]: an in-batch duplicate takes no place")
        .isEqualTo(4);
    assertThat(announced).as("only batches that created rows").hasSize(3);
    assertThat(outbox.pending(ChangeOutbox.Kind.SHOPPERS_CREATED))
        .as("one outbox change per such batch")
        .hasSize(3);
    assertThat(repository.findById(ShopperId.of("c")).orElseThrow().createdAt()).isEqualTo(NOW);
  }

  @Test
  void importAll_moreRejectionsThanListed_countsAllListsTheFirst() {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      rows.add(
          new Fields(
              i, Optional.of("bad id " + i), Optional.empty(), Optional.empty(), Optional.empty()));
    }
    rows.add(new Unreadable(6, "not valid JSON"));
    rows.add(
        new Fields(7, Optional.empty(), Optional.of("No Id"), Optional.empty(), Optional.empty()));
    rows.add(
        new Fields(
            8,
            Optional.of("ok"),
            Optional.empty(),
            Optional.of("xx-notalanguage-tag-at-all"),
            Optional.empty()));

    Result result = importer(1000, 2).importAll(rows.iterator());

    assertThat(result.rejected()).isEqualTo(8);
    assertThat(result.errors()).extracting(Rejection::line).containsExactly(1L, 2L);
    assertThat(result.errorsTruncated()).isTrue();
    assertThat(result.created()).isZero();
    assertThat(repository.rows).isEmpty();
  }

  @Test
  void importAll_readFailsHalfWay_keepsTheRowsReadAndReportsHowFar() {
    Iterator<Row> failing =
        new Iterator<>() {
          private int next = 1;

          @Override
          public boolean hasNext() {
            if (next > 3) {
              throw new UncheckedIOException(new IOException("body too large"));
            }
            return true;
          }

          @Override
          public Row next() {
            return row(next, "r" + next++);
          }
        };

    assertThatThrownBy(() -> importer(2, 10).importAll(failing))
        .isInstanceOfSatisfying(
            ImportShoppers.ImportInterruptedException.class,
            e -> {
              assertThat(e.lastLine()).isEqualTo(3);
              assertThat(e.soFar().created()).isEqualTo(3);
            });
    assertThat(repository.rows.keySet()).containsExactlyInAnyOrder("r1", "r2", "r3");
  }

  private static Row row(long line, String id) {
    return new Fields(line, Optional.of(id), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Just what the import uses. */
  private static final class InMemoryShoppers implements ShopperRepository {
    final Map<String, Shopper> rows = new ConcurrentHashMap<>();
    int statements;

    @Override
    public Optional<Shopper> findById(ShopperId id) {
      return Optional.ofNullable(rows.get(id.value()));
    }

    @Override
    public Map<ShopperId, Shopper> findAllById(Collection<ShopperId> ids) {
      Map<ShopperId, Shopper> found = new LinkedHashMap<>();
      ids.forEach(id -> findById(id).ifPresent(s -> found.put(id, s)));
      return found;
    }

    @Override
    public Optional<Shopper> lockById(ShopperId id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Locked> lockWithBlock(ShopperId id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean insert(Shopper shopper) {
      return rows.putIfAbsent(shopper.id().value(), shopper) == null;
    }

    @Override
    public int insertNew(List<Shopper> shoppers) {
      assertThat(shoppers.stream().map(Shopper::id).distinct()).hasSameSizeAs(shoppers);
      statements++;
      return (int) shoppers.stream().filter(this::insert).count();
    }

    @Override
    public Optional<BalanceChange.Applied> applyCoins(BalanceChange change) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Shopper updateProfile(Shopper shopper) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long count() {
      return rows.size();
    }
  }
}
