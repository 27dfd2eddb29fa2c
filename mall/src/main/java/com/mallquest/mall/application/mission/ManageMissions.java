package com.mallquest.mall.application.mission;

import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.application.port.MissionRepository;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.Mission;
import com.mallquest.mall.domain.NotFoundException;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators define and change missions; reads go through the cache, which hears of every change
 * after it is stored.
 */
public final class ManageMissions {

  private static final Logger log = LoggerFactory.getLogger(ManageMissions.class);

  private final MissionRepository missions;
  private final StoreRepository stores;
  private final MissionCache cache;
  private final Predicate<String> speciesExists;
  private final Changes changes;
  private final Transactions transactions;

  /**
   * With its ports.
   *
   * @param speciesExists whether a companion species id is in the catalog (reward check)
   */
  public ManageMissions(
      MissionRepository missions,
      StoreRepository stores,
      MissionCache cache,
      Predicate<String> speciesExists,
      Changes changes,
      Transactions transactions) {
    this.missions = Objects.requireNonNull(missions, "missions");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.speciesExists = Objects.requireNonNull(speciesExists, "speciesExists");
    this.changes = Objects.requireNonNull(changes, "changes");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  /**
   * Stores a new mission at version 1.
   *
   * @throws ConflictException if the id is taken
   * @throws InvalidInputException if the goal's store or the reward's species does not exist
   */
  public Mission create(Mission mission) {
    checkReferences(mission);
    Mission stored = mission.withVersion(1);
    transactions.inTransaction(
        () -> {
          if (!missions.insert(stored)) {
            throw new ConflictException("mission " + mission.id() + " exists already");
          }
          changes.missions();
          return stored;
        });
    log.info(
        "mission created id={} kind={} window={}",
        stored.id(),
        stored.goal().kind(),
        stored.window().kind());
    return stored;
  }

  /**
   * Replaces a mission's definition. Progress already made in a running period is kept.
   *
   * @throws NotFoundException if there is no such mission
   * @throws ConflictException on a concurrent change
   */
  public Mission replace(Mission mission) {
    checkReferences(mission);
    Mission current =
        missions
            .findById(mission.id())
            .orElseThrow(() -> new NotFoundException("mission", mission.id()));
    Mission stored =
        transactions.inTransaction(
            () -> {
              Mission updated =
                  missions
                      .update(mission.withVersion(current.version()))
                      .orElseThrow(
                          () ->
                              new ConflictException(
                                  "mission " + mission.id() + " was changed concurrently; retry"));
              changes.missions();
              return updated;
            });
    log.info(
        "mission changed id={} version={} active={}",
        stored.id(),
        stored.version(),
        stored.active());
    return stored;
  }

  /** The mission, through the cache. */
  public Mission get(String id) {
    return cache.catalog().missions().stream()
        .filter(m -> m.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new NotFoundException("mission", id));
  }

  /** Every mission, ordered by id, through the cache. */
  public List<Mission> list() {
    return cache.catalog().missions();
  }

  private void checkReferences(Mission mission) {
    mission
        .goal()
        .storeFilter()
        .ifPresent(
            storeId -> {
              if (stores.findById(storeId).isEmpty()) {
                throw new InvalidInputException(
                    "goal.storeId", "goal.storeId names no store: " + storeId.value());
              }
            });
    mission
        .reward()
        .companionSpecies()
        .ifPresent(
            species -> {
              if (!speciesExists.test(species)) {
                throw new InvalidInputException(
                    "reward.companionSpeciesId",
                    "reward.companionSpeciesId names no companion species: " + species);
              }
            });
  }
}
