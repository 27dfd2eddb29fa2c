package com.mallquest.mall.adapter.web.security;

import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.StoreId;
import java.util.Optional;

/**
 * The caller, as its API key says.
 *
 * @param keyId the key's public id (never the key)
 * @param role the role the key grants
 * @param storeId the store of a STORE key
 * @param rateLimitPerMinute the key's own rate limit; empty: the configured default
 */
public record ApiKeyPrincipal(
    String keyId,
    ApiKeyRole role,
    Optional<StoreId> storeId,
    Optional<Integer> rateLimitPerMinute) {

  /** A caller with the default rate limit. */
  public ApiKeyPrincipal(String keyId, ApiKeyRole role, Optional<StoreId> storeId) {
    this(keyId, role, storeId, Optional.empty());
  }

  /** Whether this caller may act for {@code store}: ADMIN always, STORE only for its own. */
  public boolean mayActFor(StoreId store) {
    return role == ApiKeyRole.ADMIN
        || (role == ApiKeyRole.STORE && storeId.filter(store::equals).isPresent());
  }
}
