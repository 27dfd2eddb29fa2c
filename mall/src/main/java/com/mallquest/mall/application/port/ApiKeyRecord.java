package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.StoreId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored API key: never the key itself, only its SHA-256 hash (hex).
 *
 * @param id the key id (public)
 * @param name a label for operators
 * @param role the role it grants
 * @param storeId the store a STORE key belongs to; empty for other roles
 * @param hash hex SHA-256 of the secret key
 * @param createdAt when it was created
 * @param revoked whether it was revoked
 * @param expiresAt when it stops working; empty: never
 * @param rateLimitPerMinute this key's own request limit; empty: the configured default
 */
public record ApiKeyRecord(
    String id,
    String name,
    ApiKeyRole role,
    Optional<StoreId> storeId,
    String hash,
    Instant createdAt,
    boolean revoked,
    Optional<Instant> expiresAt,
    Optional<Integer> rateLimitPerMinute) {

  /** Checks that no component is null. */
  public ApiKeyRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(rateLimitPerMinute, "rateLimitPerMinute");
  }

  /** A key that never expires and has the default rate limit. */
  public ApiKeyRecord(
      String id,
      String name,
      ApiKeyRole role,
      Optional<StoreId> storeId,
      String hash,
      Instant createdAt,
      boolean revoked) {
    this(id, name, role, storeId, hash, createdAt, revoked, Optional.empty(), Optional.empty());
  }

  /** Whether the key works at {@code now}: not revoked and not expired. */
  public boolean activeAt(Instant now) {
    return !revoked && expiresAt.map(now::isBefore).orElse(true);
  }
}
