package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.application.port.ApiKeyRecord;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;

abstract class ApiKeyRepositoryContract extends DatabaseContract {

  @Test
  void findActiveByHash_insertedAdminKey_returnsIt() {
    ApiKeyRecord key = key(ApiKeyRole.ADMIN, Optional.empty(), false);

    apiKeys().insert(key);

    assertThat(apiKeys().findActiveByHash(key.hash())).contains(key);
  }

  @Test
  void findActiveByHash_storeKey_returnsItWithStore() {
    Store store = givenStore();
    ApiKeyRecord key = key(ApiKeyRole.STORE, Optional.of(store.id()), false);

    apiKeys().insert(key);

    assertThat(apiKeys().findActiveByHash(key.hash())).contains(key);
  }

  @Test
  void findActiveByHash_revoked_returnsEmpty() {
    ApiKeyRecord key = key(ApiKeyRole.APP, Optional.empty(), true);

    apiKeys().insert(key);

    assertThat(apiKeys().findActiveByHash(key.hash())).isEmpty();
  }

  @Test
  void findActiveByHash_expired_returnsEmpty() {
    ApiKeyRecord key = key(ApiKeyRole.APP, Optional.empty(), false);
    apiKeys().insert(key);

    setExpiresAt(key, Instant.now().minus(Duration.ofMinutes(1)));

    assertThat(apiKeys().findActiveByHash(key.hash())).isEmpty();
  }

  @Test
  void findActiveByHash_expiresLater_returnsIt() {
    ApiKeyRecord key = key(ApiKeyRole.APP, Optional.empty(), false);
    apiKeys().insert(key);

    setExpiresAt(key, Instant.now().plus(Duration.ofDays(1)));

    assertThat(apiKeys().findActiveByHash(key.hash())).map(ApiKeyRecord::id).contains(key.id());
  }

  @Test
  void insert_withExpiryAndRateLimit_readsBackEqual() {
    ApiKeyRecord key =
        new ApiKeyRecord(
            UUID.randomUUID().toString(),
            "limited",
            ApiKeyRole.APP,
            Optional.empty(),
            hash(),
            T0,
            false,
            Optional.of(Instant.parse("2099-01-02T03:04:05.123456Z")),
            Optional.of(5));

    apiKeys().insert(key);

    assertThat(apiKeys().findActiveByHash(key.hash())).contains(key);
    assertThat(apiKeys().findById(key.id())).contains(key);
  }

  @Test
  void insert_expiredAtCreation_isNotActiveButFoundByIdAndHash() {
    ApiKeyRecord key =
        new ApiKeyRecord(
            UUID.randomUUID().toString(),
            "old",
            ApiKeyRole.APP,
            Optional.empty(),
            hash(),
            T0,
            false,
            Optional.of(T0.plusSeconds(1)),
            Optional.empty());

    apiKeys().insert(key);

    assertThat(apiKeys().findActiveByHash(key.hash())).isEmpty();
    assertThat(apiKeys().findByHash(key.hash())).contains(key);
    assertThat(apiKeys().findById(key.id())).contains(key);
  }

  @Test
  void revoke_activeKey_stopsFindActiveButKeepsTheRow() {
    ApiKeyRecord key = key(ApiKeyRole.APP, Optional.empty(), false);
    apiKeys().insert(key);

    assertThat(apiKeys().revoke(key.id())).isTrue();
    assertThat(apiKeys().revoke(key.id())).isTrue();

    assertThat(apiKeys().findActiveByHash(key.hash())).isEmpty();
    assertThat(apiKeys().findById(key.id()))
        .hasValueSatisfying(k -> assertThat(k.revoked()).isTrue());
  }

  @Test
  void revoke_unknownOrInjectionLookingId_isFalseAndChangesNothing() {
    ApiKeyRecord key = key(ApiKeyRole.APP, Optional.empty(), false);
    apiKeys().insert(key);

    assertThat(apiKeys().revoke("no-such-key")).isFalse();
    assertThat(apiKeys().revoke("' OR '1'='1")).isFalse();

    assertThat(apiKeys().findActiveByHash(key.hash())).isPresent();
  }

  @Test
  void list_pages_inIdOrderWithoutGapsOrRepeats() {
    for (int i = 0; i < 5; i++) {
      apiKeys().insert(key(ApiKeyRole.APP, Optional.empty(), i % 2 == 0));
    }

    var first = apiKeys().list(Optional.empty(), 2);
    var second = apiKeys().list(Optional.of(first.get(1).id()), 2);
    var third = apiKeys().list(Optional.of(second.get(1).id()), 2);

    var ids = new java.util.ArrayList<String>();
    for (var page : java.util.List.of(first, second, third)) {
      page.forEach(k -> ids.add(k.id()));
    }
    assertThat(ids).hasSize(5).doesNotHaveDuplicates().isSorted();
    assertThat(third).hasSize(1);
  }

  @Test
  void findActiveByHash_unknownOrInjectionLooking_returnsEmpty() {
    apiKeys().insert(key(ApiKeyRole.ADMIN, Optional.empty(), false));

    assertThat(apiKeys().findActiveByHash(hash())).isEmpty();
    assertThat(apiKeys().findActiveByHash("' OR '1'='1")).isEmpty();
    assertThat(apiKeys().findActiveByHash(INJECTION)).isEmpty();
    assertThat(apiKeys().countActiveAdmins()).isEqualTo(1);
  }

  @Test
  void insert_duplicateHash_throwsDuplicateKey() {
    ApiKeyRecord key = key(ApiKeyRole.ADMIN, Optional.empty(), false);
    apiKeys().insert(key);
    ApiKeyRecord sameHash =
        new ApiKeyRecord(
            UUID.randomUUID().toString(),
            "other",
            ApiKeyRole.APP,
            Optional.empty(),
            key.hash(),
            T0,
            false);

    assertThatThrownBy(() -> apiKeys().insert(sameHash)).isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void insert_storeKeyWithoutStore_throwsDataIntegrityViolation() {
    ApiKeyRecord key = key(ApiKeyRole.STORE, Optional.empty(), false);

    assertThatThrownBy(() -> apiKeys().insert(key))
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void insert_unknownStore_throwsDataIntegrityViolation() {
    ApiKeyRecord key = key(ApiKeyRole.STORE, Optional.of(StoreId.of("nowhere")), false);

    assertThatThrownBy(() -> apiKeys().insert(key))
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void countActiveAdmins_mixedKeys_countsActiveAdminsOnly() {
    apiKeys().insert(key(ApiKeyRole.ADMIN, Optional.empty(), false));
    apiKeys().insert(key(ApiKeyRole.ADMIN, Optional.empty(), false));
    apiKeys().insert(key(ApiKeyRole.ADMIN, Optional.empty(), true));
    ApiKeyRecord expired = key(ApiKeyRole.ADMIN, Optional.empty(), false);
    apiKeys().insert(expired);
    setExpiresAt(expired, Instant.now().minus(Duration.ofSeconds(1)));
    apiKeys().insert(key(ApiKeyRole.APP, Optional.empty(), false));

    assertThat(apiKeys().countActiveAdmins()).isEqualTo(2);
  }

  @Test
  void insert_injectionLookingName_storedVerbatim() {
    ApiKeyRecord key =
        new ApiKeyRecord(
            UUID.randomUUID().toString(),
            INJECTION,
            ApiKeyRole.ADMIN,
            Optional.empty(),
            hash(),
            T0,
            false);

    apiKeys().insert(key);

    assertThat(apiKeys().findActiveByHash(key.hash()).orElseThrow().name()).isEqualTo(INJECTION);
  }

  private static ApiKeyRecord key(ApiKeyRole role, Optional<StoreId> store, boolean revoked) {
    return new ApiKeyRecord(
        UUID.randomUUID().toString(), role + " key", role, store, hash(), T0, revoked);
  }

  /** A random 64-character hex string, shaped like a SHA-256. */
  private static String hash() {
    byte[] bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private void setExpiresAt(ApiKeyRecord key, Instant expiresAt) {
    database
        .jdbc()
        .sql("UPDATE api_keys SET expires_at = :at WHERE id = :id")
        .param("at", SqlValues.utc(expiresAt))
        .param("id", key.id())
        .update();
  }
}
