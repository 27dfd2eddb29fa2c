package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.ShopperBlock;
import com.mallquest.mall.domain.ShopperId;
import java.util.Optional;

/** Blocks on shoppers in the database, one row per blocked shopper. */
public interface ShopperBlockRepository {

  /** The block on this shopper, if one stands. */
  Optional<ShopperBlock> find(ShopperId shopperId);

  /**
   * Places the block.
   *
   * @return false if the shopper was blocked already (nothing changed)
   */
  boolean insert(ShopperBlock block);

  /**
   * Lifts the block.
   *
   * @return false if the shopper was not blocked (nothing changed)
   */
  boolean delete(ShopperId shopperId);
}
