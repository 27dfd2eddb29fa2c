package com.mallquest.mall.application.companion;

import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.util.List;
import java.util.Objects;

/** The companions a shopper owns. */
public final class ListCompanions {

  private final CompanionRepository companions;
  private final ShopperCache cache;

  /** With its ports. */
  public ListCompanions(CompanionRepository companions, ShopperCache cache) {
    this.companions = Objects.requireNonNull(companions, "companions");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /**
   * A shopper's companions.
   *
   * @param shopper the shopper (for the language)
   * @param companions oldest first
   */
  public record Listed(Shopper shopper, List<Companion> companions) {}

  /**
   * The shopper's companions, oldest first.
   *
   * @throws NotFoundException if there is no such shopper
   */
  public Listed list(String shopperId) {
    ShopperId id = InvalidInputException.parseAs("id", ShopperId::of, shopperId);
    Shopper shopper = cache.get(id).orElseThrow(() -> new NotFoundException("shopper", id.value()));
    return new Listed(shopper, companions.findByShopper(id));
  }
}
