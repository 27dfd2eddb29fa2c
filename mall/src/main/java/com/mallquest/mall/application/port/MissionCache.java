package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.MissionCatalog;

/** The mission definitions through the cache tiers, as one value. */
public interface MissionCache {

  /** Every mission (read-through to the database). */
  MissionCatalog catalog();

  /** Drops the cached catalog so the next read loads the committed one. Call after the commit. */
  void changed();
}
