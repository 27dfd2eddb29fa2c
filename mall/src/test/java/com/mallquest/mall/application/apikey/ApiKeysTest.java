package com.mallquest.mall.application.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.application.port.ApiKeyRecord;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreCategory;
import com.mallquest.mall.domain.StoreId;
import com.mallquest.mall.support.InMemoryApiKeys;
import com.mallquest.mall.support.InMemoryStores;
import com.mallquest.mall.support.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** API keys without Spring: bootstrap, creation, authentication, storage of hashes only. */
class ApiKeysTest {

  private final Store store =
      new Store(StoreId.of("s1"), "Shop", StoreCategory.FOOD, "G", BigDecimal.ONE, true, 0);
  private final MutableClock now = new MutableClock(Instant.parse("2026-11-27T00:00:00Z"));
  private final InMemoryApiKeys keys = new InMemoryApiKeys(now);
  private final List<ApiKeyRecord> stored = keys.rows();
  private final ApiKeys apiKeys = new ApiKeys(keys, new InMemoryStores(store), now);

  @Test
  void bootstrapAdmin_noneConfiguredNoneStored_generatesOnceAndStoresOnlyTheHash() {
    Optional<String> first = apiKeys.bootstrapAdmin(Optional.empty());
    Optional<String> second = apiKeys.bootstrapAdmin(Optional.empty());

    assertThat(first)
        .hasValueSatisfying(
            k -> assertThat(k).startsWith(ApiKeys.KEY_PREFIX).hasSizeGreaterThan(40));
    assertThat(second).isEmpty();
    assertThat(stored)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.role()).isEqualTo(ApiKeyRole.ADMIN);
              assertThat(r.hash()).isEqualTo(ApiKeys.hash(first.get())).isNotEqualTo(first.get());
            });
    assertThat(apiKeys.authenticate(first.get())).isPresent();
  }

  @Test
  void bootstrapAdmin_configuredKey_isStoredOnceAndAuthenticates() {
    String configured = "operators-own-admin-key";

    assertThat(apiKeys.bootstrapAdmin(Optional.of(configured))).isEmpty();
    assertThat(apiKeys.bootstrapAdmin(Optional.of(configured))).isEmpty();

    assertThat(stored).hasSize(1);
    assertThat(apiKeys.authenticate(configured))
        .hasValueSatisfying(r -> assertThat(r.role()).isEqualTo(ApiKeyRole.ADMIN));
  }

  @Test
  void bootstrapAdmin_shortConfiguredKey_refusesToStart() {
    assertThatThrownBy(() -> apiKeys.bootstrapAdmin(Optional.of("short")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("16");
  }

  @Test
  void create_storeKey_belongsToItsStore() {
    ApiKeys.CreatedKey key = apiKeys.create("till 1", ApiKeyRole.STORE, Optional.of("s1"));

    assertThat(apiKeys.authenticate(key.secret()))
        .hasValueSatisfying(r -> assertThat(r.storeId()).contains(StoreId.of("s1")));
  }

  @Test
  void create_storeKeyWithoutOrWithUnknownStore_isRefused() {
    assertThatThrownBy(() -> apiKeys.create("till", ApiKeyRole.STORE, Optional.empty()))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> apiKeys.create("till", ApiKeyRole.STORE, Optional.of("nope")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> apiKeys.create("app", ApiKeyRole.APP, Optional.of("s1")))
        .isInstanceOf(InvalidInputException.class);
    assertThat(stored).isEmpty();
  }

  @Test
  void authenticate_unknownEmptyOrHugeKey_isEmpty() {
    apiKeys.create("app", ApiKeyRole.APP, Optional.empty());

    assertThat(apiKeys.authenticate("mq_unknown")).isEmpty();
    assertThat(apiKeys.authenticate("")).isEmpty();
    assertThat(apiKeys.authenticate("x".repeat(10_000))).isEmpty();
  }

  @Test
  void create_withExpiry_authenticatesUntilThenNotAfter() {
    Instant at = now.instant().plus(Duration.ofHours(1));
    ApiKeys.CreatedKey key =
        apiKeys.create(
            new ApiKeys.CreateCommand(
                "temp", ApiKeyRole.APP, Optional.empty(), Optional.of(at), Optional.empty()));

    now.advance(Duration.ofMinutes(59));
    assertThat(apiKeys.authenticate(key.secret())).isPresent();
    now.advance(Duration.ofMinutes(1));
    assertThat(apiKeys.authenticate(key.secret())).isEmpty();
    assertThat(apiKeys.stillActive(key.record())).isFalse();
  }

  @Test
  void create_withoutExpiry_takesTheDefaultLifetime() {
    ApiKeys withTtl =
        new ApiKeys(keys, new InMemoryStores(store), now, Optional.of(Duration.ofDays(30)));

    ApiKeys.CreatedKey key = withTtl.create("app", ApiKeyRole.APP, Optional.empty());

    assertThat(key.record().expiresAt()).contains(now.instant().plus(Duration.ofDays(30)));
    now.advance(Duration.ofDays(30));
    assertThat(withTtl.authenticate(key.secret())).isEmpty();
  }

  @Test
  void create_expiryInThePastOrBadRateLimit_isRefused() {
    assertThatThrownBy(
            () ->
                apiKeys.create(
                    new ApiKeys.CreateCommand(
                        "x",
                        ApiKeyRole.APP,
                        Optional.empty(),
                        Optional.of(now.instant()),
                        Optional.empty())))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("expiresAt"));
    for (int limit : new int[] {0, -1, ApiKeys.MAX_RATE_LIMIT_PER_MINUTE + 1}) {
      assertThatThrownBy(
              () ->
                  apiKeys.create(
                      new ApiKeys.CreateCommand(
                          "x",
                          ApiKeyRole.APP,
                          Optional.empty(),
                          Optional.empty(),
                          Optional.of(limit))))
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.field()).isEqualTo("rateLimitPerMinute"));
    }
    assertThat(stored).isEmpty();
  }

  @Test
  void create_withRateLimit_keepsIt() {
    ApiKeys.CreatedKey key =
        apiKeys.create(
            new ApiKeys.CreateCommand(
                "slow", ApiKeyRole.APP, Optional.empty(), Optional.empty(), Optional.of(5)));

    assertThat(apiKeys.authenticate(key.secret()))
        .hasValueSatisfying(r -> assertThat(r.rateLimitPerMinute()).contains(5));
  }

  @Test
  void revoke_key_stopsAuthenticating() {
    apiKeys.bootstrapAdmin(Optional.of("operators-own-admin-key"));
    ApiKeys.CreatedKey key = apiKeys.create("app", ApiKeyRole.APP, Optional.empty());

    apiKeys.revoke(key.record().id());

    assertThat(apiKeys.authenticate(key.secret())).isEmpty();
    assertThat(apiKeys.list(Optional.empty(), 10))
        .filteredOn(k -> k.id().equals(key.record().id()))
        .singleElement()
        .satisfies(k -> assertThat(k.revoked()).isTrue());
  }

  @Test
  void revoke_unknownId_isNotFound() {
    assertThatThrownBy(() -> apiKeys.revoke("nope")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> apiKeys.revoke("x".repeat(500))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void revoke_lastActiveAdmin_isRefused_secondAdminMakesItPossible() {
    apiKeys.bootstrapAdmin(Optional.of("operators-own-admin-key"));
    String first = stored.get(0).id();

    assertThatThrownBy(() -> apiKeys.revoke(first)).isInstanceOf(ConflictException.class);

    apiKeys.create("second admin", ApiKeyRole.ADMIN, Optional.empty());
    apiKeys.revoke(first);
    assertThat(apiKeys.authenticate("operators-own-admin-key")).isEmpty();
  }

  @Test
  void bootstrapAdmin_configuredKeyRevokedEarlier_staysRevokedAndIsNotInsertedAgain() {
    apiKeys.bootstrapAdmin(Optional.of("operators-own-admin-key"));
    apiKeys.create("second admin", ApiKeyRole.ADMIN, Optional.empty());
    apiKeys.revoke(stored.get(0).id());

    apiKeys.bootstrapAdmin(Optional.of("operators-own-admin-key"));

    assertThat(stored).hasSize(2);
    assertThat(apiKeys.authenticate("operators-own-admin-key")).isEmpty();
  }

  @Test
  void list_badLimit_isRefused() {
    assertThatThrownBy(() -> apiKeys.list(Optional.empty(), 0))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> apiKeys.list(Optional.empty(), 201))
        .isInstanceOf(InvalidInputException.class);
  }
}
