package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreId;
import java.util.Optional;

/** Read-mostly access to stores through the cache tiers. */
public interface StoreCache {

  /** The store, from the nearest tier that has it (read-through to the database). */
  Optional<Store> get(StoreId id);

  /** Tells the cache the committed state of a store. Call after the commit. */
  void written(Store store);
}
