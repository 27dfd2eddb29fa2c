package com.mallquest.mall.application.shopper;

import com.mallquest.mall.application.port.ShopperBlockRepository;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.ShopperBlock;
import com.mallquest.mall.domain.ShopperBlockedException;
import com.mallquest.mall.domain.ShopperId;
import java.time.Clock;
import java.util.Optional;

/**
 * Operators block and unblock shoppers; the earning and redeeming use cases ask {@link
 * #requireNotBlocked} first. A block is one primary-key row, read from the database on every check,
 * so it holds at once on every instance.
 */
public final class ShopperBlocks {

  /**
   * What a block or unblock request did.
   *
   * @param block the block that stands now, if any
   * @param changed false if the shopper was in that state already
   */
  public record Result(Optional<ShopperBlock> block, boolean changed) {}

  private final ShopperBlockRepository blocks;
  private final ShopperRepository shoppers;
  private final Clock clock;

  /** With its ports. */
  public ShopperBlocks(ShopperBlockRepository blocks, ShopperRepository shoppers, Clock clock) {
    this.blocks = blocks;
    this.shoppers = shoppers;
    this.clock = clock;
  }

  /**
   * Blocks the shopper; blocking a blocked shopper changes nothing and answers the standing block.
   *
   * @throws NotFoundException if there is no such shopper
   * @throws InvalidInputException if the reason is missing or not valid
   */
  public Result block(String shopperId, String reason, String keyId) {
    ShopperId id = existing(shopperId);
    ShopperBlock block = new ShopperBlock(id, reason, clock.instant(), keyId);
    if (blocks.insert(block)) {
      return new Result(Optional.of(block), true);
    }
    return new Result(blocks.find(id), false);
  }

  /**
   * Lifts the block; unblocking a shopper who is not blocked changes nothing.
   *
   * @throws NotFoundException if there is no such shopper
   * @throws InvalidInputException if the reason is missing or not valid
   */
  public Result unblock(String shopperId, String reason) {
    ShopperId id = existing(shopperId);
    ShopperBlock.reason(reason);
    return new Result(Optional.empty(), blocks.delete(id));
  }

  /** The block on the shopper, if one stands. */
  public Optional<ShopperBlock> find(String shopperId) {
    return blocks.find(existing(shopperId));
  }

  /**
   * The guard of the use cases that credit or spend: nothing for a blocked shopper.
   *
   * @throws ShopperBlockedException if a block stands
   */
  public void requireNotBlocked(ShopperId shopperId) {
    Optional<ShopperBlock> block = blocks.find(shopperId);
    if (block.isPresent()) {
      throw new ShopperBlockedException(block.get());
    }
  }

  private ShopperId existing(String shopperId) {
    ShopperId id = InvalidInputException.parseAs("shopperId", ShopperId::of, shopperId);
    if (shoppers.findById(id).isEmpty()) {
      throw new NotFoundException("shopper", id.value());
    }
    return id;
  }
}
