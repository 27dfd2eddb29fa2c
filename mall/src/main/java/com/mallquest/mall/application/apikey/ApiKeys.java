package com.mallquest.mall.application.apikey;

import com.mallquest.mall.application.port.ApiKeyRecord;
import com.mallquest.mall.application.port.ApiKeyRepository;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.StoreId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * API keys: created by operators, presented in {@code X-Api-Key}, stored as SHA-256 hashes only.
 *
 * <p>Keys are 256 random bits, so a fast hash is enough (nothing to brute-force); the lookup is by
 * hash through a unique index, and the stored hash is compared again in constant time.
 */
public final class ApiKeys {

  /** Prefix of every generated key, so leaked keys are easy to grep for. */
  public static final String KEY_PREFIX = "mq_";
  private static final int MAX_NAME_LENGTH = 100;

  /**
   * A key just created: the secret is shown this once and never stored.
   *
   * @param record the stored record
   * @param secret the key to hand to the client
   */
  public record CreatedKey(ApiKeyRecord record, String secret) {}

  private final ApiKeyRepository keys;
  private final StoreRepository stores;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** With its ports. */
  public ApiKeys(ApiKeyRepository keys, StoreRepository stores, Clock clock) {
    this.keys = keys;
    this.stores = stores;
    this.clock = clock;
  }

  /** The active key record matching {@code presentedKey}, if any. */
  public Optional<ApiKeyRecord> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 200) {
      return Optional.empty();
    }
    String hash = hash(presentedKey);
    return keys.findActiveByHash(hash)
        .filter(k -> MessageDigest.isEqual(
            k.hash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * Creates a key.
   *
   * @param storeId required for {@link ApiKeyRole#STORE} (the store must exist), refused otherwise
   */
  public CreatedKey create(String name, ApiKeyRole role, Optional<String> storeId) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new InvalidInputException("name", "name must be 1-" + MAX_NAME_LENGTH + " characters");
    }
    Optional<StoreId> store = storeId.map(id -> InvalidInputException.parseAs("storeId", StoreId::of, id));
    if (role == ApiKeyRole.STORE && store.isEmpty()) {
      throw new InvalidInputException("storeId", "a STORE key needs a storeId");
    }
    if (role != ApiKeyRole.STORE && store.isPresent()) {
      throw new InvalidInputException("storeId", "only STORE keys belong to a store");
    }
    store.ifPresent(id -> stores.findById(id).orElseThrow(() -> new NotFoundException("store", id.value())));
    String secret = newSecret();
    ApiKeyRecord record = new ApiKeyRecord(UUID.randomUUID().toString(), name.strip(), role, store, hash(secret),
        clock.instant(), false);
    keys.insert(record);
    return new CreatedKey(record, secret);
  }

  /**
   * Makes sure an ADMIN key exists at start-up.
   *
   * @param configuredKey the operator's key from configuration, stored (hashed) if new
   * @return a generated key to print once, when none was configured and no ADMIN key exists yet
   */
  public Optional<String> bootstrapAdmin(Optional<String> configuredKey) {
    if (configuredKey.isPresent()) {
      String key = configuredKey.get();
      if (key.length() < 16) {
        throw new IllegalStateException("mallquest.security.admin-key must be at least 16 characters");
      }
      if (keys.findActiveByHash(hash(key)).isEmpty()) {
        keys.insert(new ApiKeyRecord(UUID.randomUUID().toString(), "configured admin", ApiKeyRole.ADMIN,
            Optional.empty(), hash(key), clock.instant(), false));
      }
      return Optional.empty();
    }
    if (keys.countActiveAdmins() > 0) {
      return Optional.empty();
    }
    String secret = newSecret();
    keys.insert(new ApiKeyRecord(UUID.randomUUID().toString(), "generated admin", ApiKeyRole.ADMIN, Optional.empty(),
        hash(secret), clock.instant(), false));
    return Optional.of(secret);
  }

  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Hex SHA-256 of a key. */
  public static String hash(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
