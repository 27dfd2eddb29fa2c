package com.mallquest.mall.application.port;

import java.util.Optional;

/** API keys, stored as hashes only. */
public interface ApiKeyRepository {

  /** Inserts a key record. */
  void insert(ApiKeyRecord key);

  /** The active (not revoked) key with this hash. */
  Optional<ApiKeyRecord> findActiveByHash(String hash);

  /** Number of active ADMIN keys. */
  long countActiveAdmins();
}
