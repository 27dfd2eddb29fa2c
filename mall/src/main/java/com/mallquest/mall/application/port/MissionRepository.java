package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Mission;
import com.mallquest.mall.domain.ShopperId;
import com.mallquest.mall.domain.StoreId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mission definitions, and each shopper's progress and completions per window period. The progress
 * methods run inside the transaction that holds the shopper's row lock, which serializes them per
 * shopper; the unique key of {@code mission_completions} is the backstop.
 */
public interface MissionRepository {

  /** Inserts a mission; false if the id exists already. */
  boolean insert(Mission mission);

  /**
   * Replaces the definition if the row still has {@code mission.version()}; increments the version.
   *
   * @return the stored mission, or empty on a concurrent change
   */
  Optional<Mission> update(Mission mission);

  /** The mission, or empty. */
  Optional<Mission> findById(String id);

  /** Every mission, ordered by id. */
  List<Mission> findAll();

  /**
   * The shopper's progress in a mission's period.
   *
   * @return empty if nothing was counted yet in that period
   */
  Optional<Progress> progress(String missionId, ShopperId shopperId, Instant periodStart);

  /** Writes the progress of a period (inserting its row the first time). */
  void saveProgress(
      String missionId, ShopperId shopperId, Instant periodStart, Progress progress, Instant now);

  /**
   * Remembers that the shopper bought at {@code storeId} in the period.
   *
   * @return true if it is the first time in that period
   */
  boolean addStoreVisited(
      String missionId, ShopperId shopperId, Instant periodStart, StoreId storeId);

  /**
   * Records the completion of a period.
   *
   * @return false if it was completed before (nothing inserted)
   */
  boolean insertCompletion(String missionId, ShopperId shopperId, Instant periodStart, Instant now);

  /**
   * Progress in a period.
   *
   * @param value the progress, {@code >= 0}
   * @param completed whether the period's reward was paid
   */
  record Progress(long value, boolean completed) {}
}
