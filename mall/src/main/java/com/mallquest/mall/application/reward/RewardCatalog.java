package com.mallquest.mall.application.reward;

import com.mallquest.mall.application.port.RewardRepository;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Reward;
import com.mallquest.mall.domain.RewardId;
import com.mallquest.mall.domain.VipTier;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The rewards catalog: operators create and replace rewards; operators and the app read them. */
public final class RewardCatalog {

  /** The largest page a client may ask for. */
  public static final int MAX_PAGE_SIZE = 100;

  /**
   * A reward as an operator writes it (create or full replacement).
   *
   * @param id the reward's id
   * @param name the name per language tag; English required
   * @param description the description per language tag; English required
   * @param priceCoins the price
   * @param stock how many; empty = unlimited
   * @param minTier a tier name such as {@code SILVER} (any case); empty = every tier
   * @param availableFrom start of the window (inclusive); empty = always
   * @param availableUntil end of the window (exclusive); empty = forever
   * @param active whether it may be redeemed; empty = true
   */
  public record Command(
      String id,
      Map<String, String> name,
      Map<String, String> description,
      Long priceCoins,
      Optional<Long> stock,
      Optional<String> minTier,
      Optional<Instant> availableFrom,
      Optional<Instant> availableUntil,
      Optional<Boolean> active) {}

  private final RewardRepository rewards;

  /** With its port. */
  public RewardCatalog(RewardRepository rewards) {
    this.rewards = rewards;
  }

  /**
   * Adds a reward.
   *
   * @throws ConflictException if the id is taken
   * @throws InvalidInputException if a field breaks the rules of {@link Reward}
   */
  public Reward create(Command command) {
    Reward reward = toReward(command, 0);
    if (!rewards.insert(reward)) {
      throw new ConflictException("reward exists already: id=" + reward.id().value());
    }
    return rewards
        .findById(reward.id())
        .orElseThrow(() -> new NotFoundException("reward", reward.id().value()));
  }

  /**
   * Replaces a reward's fields.
   *
   * @throws NotFoundException if there is no such reward
   */
  public Reward replace(String id, Command command) {
    RewardId rewardId = RewardId.of(id);
    if (command.id() != null && !command.id().equals(id)) {
      throw new InvalidInputException(
          "id", "id in the body must match the path, was " + command.id());
    }
    Reward reward =
        toReward(
            new Command(
                id,
                command.name(),
                command.description(),
                command.priceCoins(),
                command.stock(),
                command.minTier(),
                command.availableFrom(),
                command.availableUntil(),
                command.active()),
            0);
    return rewards
        .replace(reward)
        .orElseThrow(() -> new NotFoundException("reward", rewardId.value()));
  }

  /** The reward; 404 if absent. */
  public Reward get(String id) {
    RewardId rewardId = RewardId.of(id);
    return rewards
        .findById(rewardId)
        .orElseThrow(() -> new NotFoundException("reward", rewardId.value()));
  }

  /** A page of rewards ordered by id. */
  public List<Reward> list(Optional<String> after, int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidInputException(
          "limit", "limit must be between 1 and " + MAX_PAGE_SIZE + ": " + limit);
    }
    return rewards.list(
        after.map(a -> InvalidInputException.parseAs("after", RewardId::of, a)), limit);
  }

  private static Reward toReward(Command c, long version) {
    RewardId id = RewardId.of(c.id());
    if (c.priceCoins() == null) {
      throw new InvalidInputException("priceCoins", "priceCoins is required");
    }
    OptionalLong stock = c.stock().map(OptionalLong::of).orElse(OptionalLong.empty());
    return new Reward(
        id,
        LocalizedText.of(c.name(), "name", Reward.MAX_NAME_LENGTH),
        LocalizedText.of(c.description(), "description", Reward.MAX_DESCRIPTION_LENGTH),
        c.priceCoins(),
        stock,
        c.minTier().map(RewardCatalog::tier),
        c.availableFrom(),
        c.availableUntil(),
        c.active().orElse(true),
        version);
  }

  private static VipTier tier(String name) {
    try {
      return VipTier.valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "minTier",
          "minTier must be BRONZE, SILVER, GOLD or PLATINUM, was \""
              + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
              + '"');
    }
  }
}
