package com.mallquest.mall.application.port;

import java.util.List;
import java.util.Optional;

/** API keys, stored as hashes only. */
public interface ApiKeyRepository {

  /** Inserts a key record. */
  void insert(ApiKeyRecord key);

  /** The active (not revoked, not expired by the database's clock) key with this hash. */
  Optional<ApiKeyRecord> findActiveByHash(String hash);

  /** The key with this hash, active or not. */
  Optional<ApiKeyRecord> findByHash(String hash);

  /** The key with this id, active or not. */
  Optional<ApiKeyRecord> findById(String id);

  /** Keys ordered by id, those after {@code afterId} first; at most {@code limit} (positive). */
  List<ApiKeyRecord> list(Optional<String> afterId, int limit);

  /**
   * Marks the key revoked.
   *
   * @return false if no key has this id (revoking a revoked key again is true)
   */
  boolean revoke(String id);

  /** Number of active ADMIN keys. */
  long countActiveAdmins();
}
