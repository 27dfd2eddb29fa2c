package com.mallquest.mall.application.port;

/**
 * The cached catalogs that writes refer to (the mission definitions, the stores). A write that
 * refers to a catalog row the database does not have read it from a stale cache entry (a database
 * restored under a warm cache, an entry of another database): the entries are dropped and the write
 * runs again on what the database holds.
 */
public interface CatalogCaches {

  /**
   * Drops every cached catalog entry, in every tier, so the next reads load the database's rows.
   */
  void dropAll();
}
