package com.mallquest.mall.adapter.cache;

import com.mallquest.mall.application.port.ChangeOutbox.Pending;
import com.mallquest.mall.application.port.ChangePublisher;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.domain.MissionCatalog;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreId;
import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.SmartCacheManager;
import com.mallquest.smartcache.Versioned;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Publishes the outbox's cache changes to the shared tier: for a batch's shoppers and stores, it
 * reads their current rows (one query each) and writes them with their versions, so Redis's
 * compare-and-set keeps the newest whatever the order of rows, retries and instances; the mission
 * catalogue is invalidated; a bulk insert drops cached misses. Every instance hears of it through
 * the invalidation stream.
 *
 * <p>Without Redis there is no shared tier: the instance's own memory heard of each change after
 * its commit (the fast path), and a restart empties it, so there is nothing to repair.
 */
final class CachePublisher implements ChangePublisher {

  private final SmartCacheManager manager;
  private final boolean redisConfigured;
  private final SmartCache<ShopperId, Shopper> shoppers;
  private final SmartCache<StoreId, Store> stores;
  private final SmartCache<String, MissionCatalog> missions;
  private final ShopperRepository shopperRows;
  private final StoreRepository storeRows;

  CachePublisher(
      SmartCacheManager manager,
      boolean redisConfigured,
      SmartCache<ShopperId, Shopper> shoppers,
      SmartCache<StoreId, Store> stores,
      SmartCache<String, MissionCatalog> missions,
      ShopperRepository shopperRows,
      StoreRepository storeRows) {
    this.manager = manager;
    this.redisConfigured = redisConfigured;
    this.shoppers = shoppers;
    this.stores = stores;
    this.missions = missions;
    this.shopperRows = shopperRows;
    this.storeRows = storeRows;
  }

  @Override
  public boolean publish(List<Pending> batch) {
    if (!redisConfigured) {
      return true;
    }
    Set<ShopperId> shopperIds = new LinkedHashSet<>();
    Set<StoreId> storeIds = new LinkedHashSet<>();
    boolean missionsChanged = false;
    boolean shoppersCreated = false;
    for (Pending change : batch) {
      switch (change.kind()) {
        case SHOPPER, SHOPPER_AND_BOARDS -> shopperIds.add(new ShopperId(change.key()));
        case STORE -> storeIds.add(new StoreId(change.key()));
        case MISSIONS -> missionsChanged = true;
        case SHOPPERS_CREATED -> shoppersCreated = true;
        default -> {
          // Not a cache change.
        }
      }
    }
    if (shopperIds.isEmpty() && storeIds.isEmpty() && !missionsChanged && !shoppersCreated) {
      return true;
    }
    if (!manager.redisAvailable()) {
      return false;
    }
    if (!shopperIds.isEmpty()) {
      writeCurrent(shoppers, shopperRows.findAllById(shopperIds), Shopper::version);
    }
    if (!storeIds.isEmpty()) {
      writeCurrent(stores, storeRows.findAllById(storeIds), Store::version);
    }
    if (missionsChanged) {
      missions.invalidate(CacheConfiguration.ALL_MISSIONS);
    }
    if (shoppersCreated) {
      shoppers.invalidateMisses();
    }
    return manager.redisAvailable();
  }

  private static <K, V> void writeCurrent(
      SmartCache<K, V> cache, Map<K, V> rows, ToLongFunction<V> version) {
    // One pipeline for the batch: one Redis round trip however many rows.
    Map<K, Versioned<V>> versioned = new LinkedHashMap<>(rows.size() * 2);
    rows.forEach(
        (key, value) -> versioned.put(key, Versioned.of(value, version.applyAsLong(value))));
    cache.writtenAll(versioned);
  }
}
