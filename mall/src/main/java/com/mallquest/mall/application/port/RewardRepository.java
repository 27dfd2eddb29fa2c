package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Reward;
import com.mallquest.mall.domain.RewardId;
import java.util.List;
import java.util.Optional;

/** The rewards catalog in the database. Every update increments the row's {@code version}. */
public interface RewardRepository {

  /** The committed reward, or empty. */
  Optional<Reward> findById(RewardId id);

  /**
   * Rewards ordered by id, after {@code afterId} (exclusive, empty = from the start), at most
   * {@code limit}.
   */
  List<Reward> list(Optional<RewardId> afterId, int limit);

  /** Inserts a reward; false if the id exists already (nothing changed). */
  boolean insert(Reward reward);

  /**
   * Replaces every field but the id with {@code reward}'s; increments the version.
   *
   * @return the stored reward, or empty if there is none with this id
   */
  Optional<Reward> replace(Reward reward);

  /**
   * Reads and locks the reward's row until the transaction ends ({@code SELECT ... FOR UPDATE}).
   * Must run inside a transaction.
   */
  Optional<Reward> lockById(RewardId id);

  /**
   * Takes one from the stock atomically ({@code stock = stock - 1} guarded by {@code stock > 0}); a
   * reward with unlimited stock is left as it is.
   *
   * @return false if the stock was 0 (nothing changed)
   */
  boolean takeOne(RewardId id);
}
