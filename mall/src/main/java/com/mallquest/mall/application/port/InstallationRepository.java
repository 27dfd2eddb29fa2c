package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Installation;
import java.util.Optional;

/** The database's own identity (table {@code installation}, one row). */
public interface InstallationRepository {

  /** The row, if written yet. */
  Optional<Installation> find();

  /**
   * Writes the row if there is none.
   *
   * @return the row now stored: {@code candidate}, or the one another instance wrote first
   */
  Installation createIfAbsent(Installation candidate);

  /**
   * Raises the cache epoch to the larger of its value + 1 and {@code atLeast} (the bump uses the
   * current time in milliseconds, so two copies of one backup bumped separately still differ).
   *
   * @return the row after the bump
   */
  Installation bumpCacheEpoch(long atLeast);
}
