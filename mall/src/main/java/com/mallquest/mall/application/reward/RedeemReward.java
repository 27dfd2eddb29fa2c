package com.mallquest.mall.application.reward;

import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.BalanceChange;
import com.mallquest.mall.application.port.PageCursor;
import com.mallquest.mall.application.port.RedemptionRepository;
import com.mallquest.mall.application.port.RewardRepository;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.application.shopper.ShopperBlocks;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.IdempotencyKeyReusedException;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LedgerReason;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Redemption;
import com.mallquest.mall.domain.Reward;
import com.mallquest.mall.domain.RewardId;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperBlockedException;
import com.mallquest.mall.domain.ShopperId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A shopper buys a reward with coins, exactly once per {@code Idempotency-Key}.
 *
 * <p>One transaction, locks always in the order shopper row, then reward row (as purchases lock the
 * shopper first, no two use cases wait for each other in opposite orders): look for the key (a
 * retry replays the original and charges nothing), check the reward's rules against the locked
 * shopper, take one from the stock and debit the coins with guarded SQL updates, append the ledger
 * row, insert the redemption with a fresh random code. Any failed check throws, and the rollback
 * leaves everything as it was. The new balance goes to the outbox in the same transaction ({@link
 * Changes}).
 */
public final class RedeemReward {

  /** The largest page a client may ask for. */
  public static final int MAX_PAGE_SIZE = 100;

  private static final int CODE_ATTEMPTS = 5;

  /**
   * What happened.
   *
   * @param redemption the redemption (the original one on a replay)
   * @param shopper the shopper's profile after it
   * @param replayed whether the key had been used for this reward before and nothing was charged
   *     now
   */
  public record Result(Redemption redemption, Shopper shopper, boolean replayed) {}

  private final ShopperRepository shoppers;
  private final RewardRepository rewards;
  private final RedemptionRepository redemptions;
  private final Changes changes;
  private final Transactions transactions;
  private final Clock clock;
  private final ShopperBlocks blocks;

  /** With its ports. */
  public RedeemReward(
      ShopperRepository shoppers,
      RewardRepository rewards,
      RedemptionRepository redemptions,
      Changes changes,
      Transactions transactions,
      Clock clock,
      ShopperBlocks blocks) {
    this.shoppers = shoppers;
    this.rewards = rewards;
    this.redemptions = redemptions;
    this.changes = changes;
    this.transactions = transactions;
    this.clock = clock;
    this.blocks = blocks;
  }

  /**
   * Redeems the reward.
   *
   * @throws InvalidInputException if an id or the key is malformed
   * @throws NotFoundException if the shopper or the reward does not exist
   * @throws ConflictException if the reward is inactive, outside its window, above the shopper's
   *     tier, out of stock, or costs more than the balance
   * @throws IdempotencyKeyReusedException if the key was used for another reward
   * @throws ShopperBlockedException if the shopper is blocked (nothing is redeemed)
   */
  public Result redeem(String shopperId, String rewardId, String idempotencyKey) {
    ShopperId shopper = ShopperId.of(shopperId);
    blocks.requireNotBlocked(shopper);
    String key = Redemption.validateIdempotencyKey(idempotencyKey);
    if (rewardId == null) {
      throw new InvalidInputException("rewardId", "rewardId is required");
    }
    RewardId reward = InvalidInputException.parseAs("rewardId", RewardId::of, rewardId);
    Result result = transactions.inTransaction(() -> redeemInTransaction(shopper, reward, key));
    return result;
  }

  /** A page of the shopper's redemptions, newest first. */
  public List<Redemption> list(String shopperId, Optional<PageCursor> before, int limit) {
    ShopperId id = ShopperId.of(shopperId);
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidInputException(
          "limit", "limit must be between 1 and " + MAX_PAGE_SIZE + ": " + limit);
    }
    if (shoppers.findById(id).isEmpty()) {
      throw new NotFoundException("shopper", id.value());
    }
    return redemptions.findByShopper(id, before, limit);
  }

  private Result redeemInTransaction(ShopperId shopperId, RewardId rewardId, String key) {
    Shopper shopper =
        shoppers
            .lockById(shopperId)
            .orElseThrow(() -> new NotFoundException("shopper", shopperId.value()));
    Optional<Redemption> earlier = redemptions.findByKey(shopperId, key);
    if (earlier.isPresent()) {
      if (!earlier.get().rewardId().equals(rewardId)) {
        throw new IdempotencyKeyReusedException(
            "Idempotency-Key "
                + key
                + " was used for reward "
                + earlier.get().rewardId().value()
                + ", not "
                + rewardId.value());
      }
      return new Result(earlier.get(), shopper, true);
    }
    Reward reward =
        rewards
            .lockById(rewardId)
            .orElseThrow(() -> new NotFoundException("reward", rewardId.value()));
    Instant now = clock.instant();
    reward.checkRedeemable(shopper, now);
    if (!rewards.takeOne(rewardId)) {
      throw new ConflictException("reward is out of stock: rewardId=" + rewardId.value());
    }
    Redemption redemption = Redemption.create(shopperId, reward, key, now);
    int attempts = 1;
    while (!redemptions.insert(redemption)) {
      // Under the shopper's lock the key cannot clash, so this is the one-in-2^60 code clash.
      if (attempts++ >= CODE_ATTEMPTS) {
        throw new IllegalStateException(
            "no free redemption code after " + CODE_ATTEMPTS + " attempts");
      }
      redemption = redemption.withNewCode();
    }
    // After the redemption's row, whose id the ledger names; too few coins roll both back.
    Shopper committed =
        shoppers
            .applyCoins(
                BalanceChange.coins(
                    shopperId,
                    -reward.priceCoins(),
                    LedgerReason.REDEMPTION,
                    "redemption:" + redemption.id(),
                    now))
            .orElseThrow(() -> reward.notEnoughCoins(shopper.coins()))
            .shopper();
    changes.shopper(committed, false, List.of(DomainEvent.RewardRedeemed.of(redemption)));
    return new Result(redemption, committed, false);
  }
}
