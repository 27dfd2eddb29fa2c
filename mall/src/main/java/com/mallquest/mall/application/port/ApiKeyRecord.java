package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.StoreId;
import java.time.Instant;
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
 */
public record ApiKeyRecord(
    String id, String name, ApiKeyRole role, Optional<StoreId> storeId, String hash, Instant createdAt, boolean revoked) {}
