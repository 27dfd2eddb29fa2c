package com.mallquest.mall.application.shopper;

import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;

/** Reads a shopper's profile through the cache. */
public final class GetShopper {

  private final ShopperCache cache;

  /** With its port. */
  public GetShopper(ShopperCache cache) {
    this.cache = cache;
  }

  /**
   * The profile.
   *
   * @throws NotFoundException if there is no such shopper
   */
  public Shopper get(String id) {
    ShopperId shopperId = ShopperId.of(id);
    return cache
        .get(shopperId)
        .orElseThrow(() -> new NotFoundException("shopper", shopperId.value()));
  }
}
