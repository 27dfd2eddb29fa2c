package com.mallquest.mall.support;

import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreId;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A fixed set of stores, read-only, for unit tests of what looks stores up. */
public final class InMemoryStores implements StoreRepository {

  private final Map<StoreId, Store> stores;

  /** These stores and no others. */
  public InMemoryStores(Store... stores) {
    this.stores =
        Arrays.stream(stores).collect(Collectors.toUnmodifiableMap(Store::id, Function.identity()));
  }

  @Override
  public Optional<Store> findById(StoreId id) {
    return Optional.ofNullable(stores.get(id));
  }

  @Override
  public Map<StoreId, Store> findAllById(Collection<StoreId> ids) {
    return ids.stream()
        .filter(stores::containsKey)
        .distinct()
        .collect(Collectors.toUnmodifiableMap(Function.identity(), stores::get));
  }

  @Override
  public List<Store> list(Optional<StoreId> afterId, int limit) {
    return List.copyOf(stores.values());
  }

  @Override
  public boolean insert(Store s) {
    return false;
  }

  @Override
  public Optional<Store> update(Store s) {
    return Optional.empty();
  }
}
