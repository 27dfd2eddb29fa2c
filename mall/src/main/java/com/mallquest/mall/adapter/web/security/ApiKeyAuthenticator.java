package com.mallquest.mall.adapter.web.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mallquest.mall.application.apikey.ApiKeys;
import com.mallquest.mall.application.port.ApiKeyRecord;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns a presented key into its record, remembering lookups for {@link #LOOKUP_TTL} by key hash
 * (ADR 0003) so the database is not asked on every request. Expiry is checked on every request
 * against the remembered record; a revocation on this instance forgets the key's lookup at once,
 * and other instances stop accepting it within {@link #LOOKUP_TTL}.
 */
public final class ApiKeyAuthenticator {

  /** How long another instance may go on accepting a key revoked elsewhere. */
  static final Duration LOOKUP_TTL = Duration.ofSeconds(5);

  private final ApiKeys apiKeys;
  private final Cache<String, Optional<ApiKeyRecord>> lookups =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(LOOKUP_TTL).build();

  public ApiKeyAuthenticator(ApiKeys apiKeys) {
    this.apiKeys = apiKeys;
  }

  /** The active key record for {@code presented}, if any. */
  Optional<ApiKeyRecord> authenticate(String presented) {
    return lookups
        .get(ApiKeys.hash(presented), h -> apiKeys.authenticate(presented))
        .filter(apiKeys::stillActive);
  }

  /** Forgets every remembered lookup of the key with this id (after it was revoked). */
  public void forget(String keyId) {
    lookups.asMap().values().removeIf(r -> r.filter(k -> k.id().equals(keyId)).isPresent());
  }
}
