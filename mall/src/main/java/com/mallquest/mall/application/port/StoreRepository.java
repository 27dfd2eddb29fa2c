package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stores in the database. Every update increments the row's {@code version}. */
public interface StoreRepository {

  /** The committed store, or empty. */
  Optional<Store> findById(StoreId id);

  /** The stores that exist among {@code ids}, in one query. */
  Map<StoreId, Store> findAllById(Collection<StoreId> ids);

  /**
   * Stores ordered by id, after {@code afterId} (exclusive, empty = from the start), at most {@code
   * limit}.
   */
  List<Store> list(Optional<StoreId> afterId, int limit);

  /** Inserts a store; false if the id exists already. */
  boolean insert(Store store);

  /**
   * Writes name, category, floor, multiplier and active flag if the row still has {@code
   * store.version()}; increments the version.
   *
   * @return the updated store, or empty if the version did not match (a concurrent update)
   */
  Optional<Store> update(Store store);
}
