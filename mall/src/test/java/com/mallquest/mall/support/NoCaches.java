package com.mallquest.mall.support;

import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.StoreCache;
import com.mallquest.mall.domain.MissionCatalog;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Caches that keep nothing and are told nothing, for use cases tested without the cache tiers. */
public final class NoCaches {

  /** Finds no shopper; ignores writes. */
  public static final ShopperCache SHOPPERS =
      new ShopperCache() {
        @Override
        public Optional<Shopper> get(ShopperId id) {
          return Optional.empty();
        }

        @Override
        public void written(Shopper shopper) {}

        @Override
        public void created(Collection<ShopperId> ids) {}
      };

  /** Finds no store; ignores writes. */
  public static final StoreCache STORES =
      new StoreCache() {
        @Override
        public Optional<Store> get(StoreId id) {
          return Optional.empty();
        }

        @Override
        public void written(Store store) {}
      };

  /** An empty catalogue; ignores changes. */
  public static final MissionCache MISSIONS =
      new MissionCache() {
        @Override
        public MissionCatalog catalog() {
          return new MissionCatalog(List.of());
        }

        @Override
        public void changed() {}
      };

  private NoCaches() {}
}
