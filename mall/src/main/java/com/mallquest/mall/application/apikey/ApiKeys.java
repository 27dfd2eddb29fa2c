package com.mallquest.mall.application.apikey;

import com.mallquest.mall.application.port.ApiKeyRecord;
import com.mallquest.mall.application.port.ApiKeyRepository;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Sha256;
import com.mallquest.mall.domain.StoreId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * API keys: created by operators, presented in {@code X-Api-Key}, stored as SHA-256 hashes only.
 *
 * <p>Keys are 256 random bits, so a fast hash is enough (nothing to brute-force); the lookup is by
 * hash through a unique index, and the stored hash is compared again in constant time. A key may
 * expire ({@code expiresAt} at creation, or the configured default lifetime) and can be revoked;
 * either way it stops authenticating. The last active ADMIN key cannot be revoked, so operators
 * cannot lock themselves out.
 *
 * <p>Several operations in one class, on purpose: creating, listing, revoking, bootstrapping the
 * first ADMIN key and authenticating are the life of one record, and they share its two rules (the
 * stored form is {@link #hash(String)}; the last active ADMIN key stays) that would otherwise be
 * spread over five classes. The request path's caching of look-ups is the web adapter's.
 */
public final class ApiKeys {

  /** Prefix of every generated key, so leaked keys are easy to grep for. */
  public static final String KEY_PREFIX = "mq_";

  /** The highest per-key rate limit accepted at creation. */
  public static final int MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;

  private static final int MAX_NAME_LENGTH = 100;

  /** The largest page {@link #list} gives. */
  public static final int MAX_PAGE = 200;

  /**
   * What to create.
   *
   * @param name a label for operators
   * @param role the role it grants
   * @param storeId required for {@link ApiKeyRole#STORE} (the store must exist), refused otherwise
   * @param expiresAt when it stops working (must be in the future); empty: the default lifetime, if
   *     any
   * @param rateLimitPerMinute its own limit, 1 to {@link #MAX_RATE_LIMIT_PER_MINUTE}; empty: the
   *     default
   */
  public record CreateCommand(
      String name,
      ApiKeyRole role,
      Optional<String> storeId,
      Optional<Instant> expiresAt,
      Optional<Integer> rateLimitPerMinute) {}

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
  private final Optional<Duration> defaultLifetime;
  private final SecureRandom random = new SecureRandom();

  /** With its ports; created keys never expire unless asked to. */
  public ApiKeys(ApiKeyRepository keys, StoreRepository stores, Clock clock) {
    this(keys, stores, clock, Optional.empty());
  }

  /**
   * With its ports.
   *
   * @param defaultLifetime how long a key created without {@code expiresAt} works; empty: for ever
   */
  public ApiKeys(
      ApiKeyRepository keys,
      StoreRepository stores,
      Clock clock,
      Optional<Duration> defaultLifetime) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.defaultLifetime = Objects.requireNonNull(defaultLifetime, "defaultLifetime");
    defaultLifetime.ifPresent(
        d -> {
          if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(
                "the default key lifetime must be positive, was " + d);
          }
        });
  }

  /** The active key record matching {@code presentedKey}, if any. */
  public Optional<ApiKeyRecord> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 200) {
      return Optional.empty();
    }
    String hash = hash(presentedKey);
    return keys.findActiveByHash(hash)
        .filter(
            k ->
                MessageDigest.isEqual(
                    k.hash().getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII)))
        .filter(k -> k.activeAt(clock.instant()));
  }

  /** Whether a key found earlier still works now (it may have expired since). */
  public boolean stillActive(ApiKeyRecord key) {
    return key.activeAt(clock.instant());
  }

  /**
   * Creates a key.
   *
   * @param storeId required for {@link ApiKeyRole#STORE} (the store must exist), refused otherwise
   */
  public CreatedKey create(String name, ApiKeyRole role, Optional<String> storeId) {
    return create(new CreateCommand(name, role, storeId, Optional.empty(), Optional.empty()));
  }

  /** Creates a key; see {@link CreateCommand} for what each field may be. */
  public CreatedKey create(CreateCommand command) {
    String name = command.name();
    ApiKeyRole role = Objects.requireNonNull(command.role(), "role");
    Optional<String> storeId = command.storeId();
    if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new InvalidInputException("name", "name must be 1-" + MAX_NAME_LENGTH + " characters");
    }
    Optional<StoreId> store =
        storeId.map(id -> InvalidInputException.parseAs("storeId", StoreId::of, id));
    if (role == ApiKeyRole.STORE && store.isEmpty()) {
      throw new InvalidInputException("storeId", "a STORE key needs a storeId");
    }
    if (role != ApiKeyRole.STORE && store.isPresent()) {
      throw new InvalidInputException("storeId", "only STORE keys belong to a store");
    }
    Instant now = clock.instant();
    Optional<Instant> expiresAt = command.expiresAt().or(() -> defaultLifetime.map(now::plus));
    if (command.expiresAt().filter(at -> !at.isAfter(now)).isPresent()) {
      throw new InvalidInputException("expiresAt", "expiresAt must be in the future");
    }
    if (command
        .rateLimitPerMinute()
        .filter(n -> n < 1 || n > MAX_RATE_LIMIT_PER_MINUTE)
        .isPresent()) {
      throw new InvalidInputException(
          "rateLimitPerMinute", "rateLimitPerMinute must be 1-" + MAX_RATE_LIMIT_PER_MINUTE);
    }
    store.ifPresent(
        id -> stores.findById(id).orElseThrow(() -> new NotFoundException("store", id.value())));
    String secret = newSecret();
    ApiKeyRecord record =
        new ApiKeyRecord(
            UUID.randomUUID().toString(),
            name.strip(),
            role,
            store,
            hash(secret),
            now,
            false,
            expiresAt,
            command.rateLimitPerMinute());
    keys.insert(record);
    return new CreatedKey(record, secret);
  }

  /**
   * Keys ordered by id, for operators (hashes stay in the records; the web layer never shows them).
   *
   * @param afterId the last id of the previous page
   * @param limit 1 to 200
   */
  public List<ApiKeyRecord> list(Optional<String> afterId, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidInputException("limit", "limit must be 1-" + MAX_PAGE);
    }
    return keys.list(afterId, limit);
  }

  /**
   * Revokes a key at once (revoking it again changes nothing).
   *
   * @return the key as it was before
   * @throws NotFoundException if no key has this id
   * @throws ConflictException if it is the last active ADMIN key
   */
  public ApiKeyRecord revoke(String id) {
    if (id == null || id.isEmpty() || id.length() > 36) {
      throw new NotFoundException("api key", id == null ? "" : id);
    }
    ApiKeyRecord key = keys.findById(id).orElseThrow(() -> new NotFoundException("api key", id));
    if (key.role() == ApiKeyRole.ADMIN
        && key.activeAt(clock.instant())
        && keys.countActiveAdmins() <= 1) {
      throw new ConflictException(
          "The last active ADMIN key cannot be revoked; create another ADMIN key first");
    }
    if (!keys.revoke(id)) {
      throw new NotFoundException("api key", id);
    }
    return key;
  }

  /**
   * Makes sure an ADMIN key exists at start-up. A configured key that was revoked stays revoked
   * (the operator must configure another one).
   *
   * @param configuredKey the operator's key from configuration, stored (hashed) if new
   * @return a generated key to print once, when none was configured and no ADMIN key exists yet
   */
  public Optional<String> bootstrapAdmin(Optional<String> configuredKey) {
    if (configuredKey.isPresent()) {
      String key = configuredKey.get();
      if (key.length() < 16) {
        throw new IllegalStateException(
            "mallquest.security.admin-key must be at least 16 characters");
      }
      if (keys.findByHash(hash(key)).isEmpty()) {
        keys.insert(
            new ApiKeyRecord(
                UUID.randomUUID().toString(),
                "configured admin",
                ApiKeyRole.ADMIN,
                Optional.empty(),
                hash(key),
                clock.instant(),
                false));
      }
      return Optional.empty();
    }
    if (keys.countActiveAdmins() > 0) {
      return Optional.empty();
    }
    String secret = newSecret();
    keys.insert(
        new ApiKeyRecord(
            UUID.randomUUID().toString(),
            "generated admin",
            ApiKeyRole.ADMIN,
            Optional.empty(),
            hash(secret),
            clock.instant(),
            false));
    return Optional.of(secret);
  }

  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** How a key is stored: its hex SHA-256 ({@link Sha256}). */
  public static String hash(String key) {
    return Sha256.hex(key);
  }
}
