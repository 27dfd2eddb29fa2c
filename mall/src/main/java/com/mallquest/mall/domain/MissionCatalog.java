package com.mallquest.mall.domain;

import java.util.List;

/**
 * Every mission definition, as one cached value.
 *
 * @param missions ordered by id
 */
public record MissionCatalog(List<Mission> missions) {

  /** Copies the list. */
  public MissionCatalog {
    missions = List.copyOf(Checks.notNull(missions, "missions"));
  }

  /**
   * The cache version of the catalog: the sum of the row versions, which every change increases.
   */
  public long version() {
    return missions.stream().mapToLong(Mission::version).sum();
  }

  /** The active missions. */
  public List<Mission> active() {
    return missions.stream().filter(Mission::active).toList();
  }
}
