package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreCategory;
import com.mallquest.mall.domain.StoreId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

abstract class StoreRepositoryContract extends DatabaseContract {

  @Test
  void insert_newStore_findByIdReturnsEqualStore() {
    Store store =
        new Store(
            StoreId.of("s-1"), "Zara", StoreCategory.FASHION, "G", new BigDecimal("1.5"), false, 3);

    assertThat(stores().insert(store)).isTrue();

    Store found = stores().findById(store.id()).orElseThrow();
    assertThat(found).isEqualTo(store);
    assertThat(found.coinMultiplier()).isEqualTo(new BigDecimal("1.50"));
  }

  @Test
  void insert_existingId_returnsFalseAndKeepsFirst() {
    Store first = givenStore();
    Store second =
        new Store(first.id(), "Other", StoreCategory.FOOD, "B1", BigDecimal.ONE, true, 0);

    assertThat(stores().insert(second)).isFalse();

    assertThat(stores().findById(first.id())).contains(first);
  }

  @Test
  void findById_absent_returnsEmpty() {
    assertThat(stores().findById(StoreId.of("nowhere"))).isEmpty();
  }

  @Test
  void findAllById_someAbsent_returnsThosePresent() {
    Store a = givenStore();
    Store b = givenStore();

    var found = stores().findAllById(List.of(a.id(), StoreId.of("nowhere"), b.id()));

    assertThat(found).containsOnlyKeys(a.id(), b.id());
    assertThat(found.get(a.id())).isEqualTo(a);
  }

  @Test
  void update_currentVersion_writesFieldsAndIncrementsVersion() {
    Store store = givenStore();
    Store changed =
        new Store(
            store.id(),
            "Renamed",
            StoreCategory.ELECTRONICS,
            "L3",
            new BigDecimal("2.25"),
            false,
            store.version());

    Optional<Store> updated = stores().update(changed);

    Store expected =
        new Store(
            store.id(),
            "Renamed",
            StoreCategory.ELECTRONICS,
            "L3",
            new BigDecimal("2.25"),
            false,
            store.version() + 1);
    assertThat(updated).contains(expected);
    assertThat(stores().findById(store.id())).contains(expected);
  }

  @Test
  void update_staleVersion_returnsEmptyAndKeepsRow() {
    Store store = givenStore();
    Store current = stores().update(store.withActive(false)).orElseThrow();

    Optional<Store> stale = stores().update(store.withActive(true));

    assertThat(stale).isEmpty();
    assertThat(stores().findById(store.id())).contains(current);
  }

  @Test
  void update_absentStore_returnsEmpty() {
    assertThat(stores().update(newStore(StoreId.of("nowhere")))).isEmpty();
  }

  @Test
  void list_pagedByAfterId_returnsAllInIdOrderOnce() {
    List<StoreId> ids =
        IntStream.range(0, 7).mapToObj(i -> StoreId.of("store-" + (char) ('a' + i))).toList();
    for (int i = ids.size() - 1; i >= 0; i--) {
      stores().insert(newStore(ids.get(i)));
    }

    List<StoreId> seen = new ArrayList<>();
    Optional<StoreId> after = Optional.empty();
    List<Store> page;
    do {
      page = stores().list(after, 3);
      page.forEach(store -> seen.add(store.id()));
      after = page.isEmpty() ? after : Optional.of(page.get(page.size() - 1).id());
    } while (page.size() == 3);

    assertThat(seen).containsExactlyElementsOf(ids);
  }

  @Test
  void insert_injectionLookingName_storedVerbatim() {
    Store store =
        new Store(StoreId.random(), INJECTION, StoreCategory.OTHER, "G", BigDecimal.ONE, true, 0);

    stores().insert(store);

    assertThat(stores().findById(store.id()).orElseThrow().name()).isEqualTo(INJECTION);
    assertThat(stores().list(Optional.empty(), 10)).hasSize(1);
  }
}
