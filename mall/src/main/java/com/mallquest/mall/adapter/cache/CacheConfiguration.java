package com.mallquest.mall.adapter.cache;

import com.mallquest.mall.application.port.ChangePublisher;
import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.application.port.MissionRepository;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.StoreCache;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.config.MallQuestProperties;
import com.mallquest.mall.domain.MissionCatalog;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreId;
import com.mallquest.smartcache.CacheConfig;
import com.mallquest.smartcache.KeyCodec;
import com.mallquest.smartcache.SmartCache;
import com.mallquest.smartcache.SmartCacheManager;
import com.mallquest.smartcache.SourceOfRecord;
import com.mallquest.smartcache.Versioned;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires SmartCache in front of the shopper and store tables. Redis is used when {@code
 * mallquest.redis.url} is set; without it the caches run on memory and the database.
 */
@Configuration(proxyBeanMethods = false)
public class CacheConfiguration {

  private static final Logger log = LoggerFactory.getLogger(CacheConfiguration.class);
  static final String ALL_MISSIONS = "all";

  /**
   * The manager; closed with the context. Its Redis keys are bound to the database (ADR 0016), and
   * it leaves Redis if the database changes under it.
   */
  @Bean(destroyMethod = "close")
  SmartCacheManager smartCacheManager(
      MallQuestProperties properties, MeterRegistry meterRegistry, CacheBinding binding) {
    MallQuestProperties.Redis redis = properties.redis();
    boolean useRedis = redis.url() != null && !redis.url().isBlank();
    if (!useRedis) {
      log.warn(
          "mallquest.redis.url is not set: caches run on memory and the database only (no shared tier)");
    }
    SmartCacheManager manager =
        SmartCacheManager.builder()
            .redisUri(useRedis ? redis.url() : null)
            .redisCluster(redis.cluster())
            .namespace(binding.namespace(redis.namespace()))
            .commandTimeout(redis.commandTimeout())
            .streamMaxLength(redis.streamMaxLength())
            .meterRegistry(meterRegistry)
            .build();
    binding.onMismatch(manager::detachRedis);
    return manager;
  }

  /**
   * The Redis tier's health component, {@code redis}: DEGRADED (not DOWN) while Redis is
   * unreachable.
   */
  @Bean("redisHealthIndicator")
  SmartCacheRedisHealthIndicator smartCacheRedisHealthIndicator(
      SmartCacheManager manager, MallQuestProperties properties, CacheBinding binding) {
    String url = properties.redis().url();
    return new SmartCacheRedisHealthIndicator(
        manager, url != null && !url.isBlank(), binding::mismatch);
  }

  /** The shoppers' SmartCache, read-through to table {@code shoppers}. */
  @Bean
  SmartCache<ShopperId, Shopper> shopperSmartCache(
      SmartCacheManager manager, ShopperRepository shoppers, MallQuestProperties properties) {
    return readThrough(
        manager,
        "shoppers",
        Shopper.class,
        KeyCodec.of(ShopperId::value, ShopperId::of),
        shoppers::findById,
        shoppers::findAllById,
        Shopper::version,
        properties.cache().shoppers());
  }

  /** The stores' SmartCache, read-through to table {@code stores}. */
  @Bean
  SmartCache<StoreId, Store> storeSmartCache(
      SmartCacheManager manager, StoreRepository stores, MallQuestProperties properties) {
    return readThrough(
        manager,
        "stores",
        Store.class,
        KeyCodec.of(StoreId::value, StoreId::of),
        stores::findById,
        stores::findAllById,
        Store::version,
        properties.cache().stores());
  }

  /** Publishes the outbox's cache changes to the shared tier (ADR 0015). */
  @Bean
  ChangePublisher cachePublisher(
      SmartCacheManager manager,
      SmartCache<ShopperId, Shopper> shopperSmartCache,
      SmartCache<StoreId, Store> storeSmartCache,
      SmartCache<String, MissionCatalog> missionSmartCache,
      ShopperRepository shoppers,
      StoreRepository stores,
      MallQuestProperties properties) {
    String url = properties.redis().url();
    return new CachePublisher(
        manager,
        url != null && !url.isBlank(),
        shopperSmartCache,
        storeSmartCache,
        missionSmartCache,
        shoppers,
        stores);
  }

  @Bean
  ShopperCache shopperCache(SmartCache<ShopperId, Shopper> shopperSmartCache) {
    SmartCache<ShopperId, Shopper> cache = shopperSmartCache;
    return new ShopperCache() {
      @Override
      public Optional<Shopper> get(ShopperId id) {
        return cache.getValue(id);
      }

      @Override
      public Optional<Shopper> peek(ShopperId id) {
        return cache.getIfPresent(id).map(Versioned::value);
      }

      @Override
      public void written(Shopper shopper) {
        // The fast path after a commit: this instance's memory only. The outbox relay writes Redis
        // and
        // tells the other instances (ADR 0023), so the request waits for no Redis round trip.
        cache.writtenLocally(shopper.id(), Versioned.of(shopper, shopper.version()));
      }

      @Override
      public void created(Collection<ShopperId> ids) {
        // New rows can only be hidden by cached misses, and misses live in memory only: one O(1)
        // call (plus one stream message with Redis) instead of a Redis round trip per id.
        if (!ids.isEmpty()) {
          cache.invalidateMisses();
        }
      }

      @Override
      public Optional<Map<ShopperId, Long>> sharedVersions(Collection<ShopperId> ids) {
        return cache.sharedVersions(ids);
      }
    };
  }

  @Bean
  StoreCache storeCache(SmartCache<StoreId, Store> storeSmartCache) {
    SmartCache<StoreId, Store> cache = storeSmartCache;
    return new StoreCache() {
      @Override
      public Optional<Store> get(StoreId id) {
        return cache.getValue(id);
      }

      @Override
      public void written(Store store) {
        cache.written(store.id(), Versioned.of(store, store.version()));
      }
    };
  }

  /**
   * The mission definitions as one entry (key {@value #ALL_MISSIONS}): every purchase reads them,
   * operators change them rarely. A change invalidates the entry; the next read reloads the table.
   */
  @Bean
  SmartCache<String, MissionCatalog> missionSmartCache(
      SmartCacheManager manager, MissionRepository missions, MallQuestProperties properties) {
    SourceOfRecord<String, MissionCatalog> source =
        new SourceOfRecord<>() {
          @Override
          public Optional<Versioned<MissionCatalog>> load(String key) {
            MissionCatalog catalog = new MissionCatalog(missions.findAll());
            return Optional.of(Versioned.of(catalog, catalog.version()));
          }

          @Override
          public Map<String, Versioned<MissionCatalog>> loadAll(Collection<? extends String> keys) {
            Map<String, Versioned<MissionCatalog>> result = new LinkedHashMap<>();
            keys.forEach(key -> load(key).ifPresent(value -> result.put(key, value)));
            return result;
          }
        };
    MallQuestProperties.CacheTier tier = properties.cache().missions();
    return manager.createCache(
        CacheConfig.builder("missions", MissionCatalog.class, KeyCodec.of(k -> k, k -> k), source)
            .memoryLimitEntries(tier.memoryLimit())
            .memoryTtl(tier.memoryTtl())
            .redisTtl(tier.redisTtl())
            .negativeTtl(tier.negativeTtl())
            .degradedTtl(tier.degradedTtl())
            .build());
  }

  @Bean
  MissionCache missionCache(SmartCache<String, MissionCatalog> missionSmartCache) {
    SmartCache<String, MissionCatalog> cache = missionSmartCache;
    return new MissionCache() {
      @Override
      public MissionCatalog catalog() {
        return cache.getValue(ALL_MISSIONS).orElseGet(() -> new MissionCatalog(List.of()));
      }

      @Override
      public void changed() {
        cache.invalidate(ALL_MISSIONS);
      }
    };
  }

  /** A cache over a table: rows come with their {@code version} column. */
  private static <K, V> SmartCache<K, V> readThrough(
      SmartCacheManager manager,
      String name,
      Class<V> type,
      KeyCodec<K> keys,
      Function<K, Optional<V>> find,
      Function<List<K>, Map<K, V>> findAll,
      ToLongFunction<V> version,
      MallQuestProperties.CacheTier tier) {
    SourceOfRecord<K, V> source =
        new SourceOfRecord<>() {
          @Override
          public Optional<Versioned<V>> load(K key) {
            return find.apply(key).map(v -> Versioned.of(v, version.applyAsLong(v)));
          }

          @Override
          public Map<K, Versioned<V>> loadAll(Collection<? extends K> keysToLoad) {
            Map<K, Versioned<V>> result = new LinkedHashMap<>();
            findAll
                .apply(List.copyOf(keysToLoad))
                .forEach((k, v) -> result.put(k, Versioned.of(v, version.applyAsLong(v))));
            return result;
          }
        };
    return manager.createCache(
        CacheConfig.builder(name, type, keys, source)
            .memoryLimitEntries(tier.memoryLimit())
            .memoryTtl(tier.memoryTtl())
            .redisTtl(tier.redisTtl())
            .negativeTtl(tier.negativeTtl())
            .degradedTtl(tier.degradedTtl())
            .build());
  }
}
