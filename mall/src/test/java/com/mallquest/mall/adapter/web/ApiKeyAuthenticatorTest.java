package com.mallquest.mall.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.apikey.ApiKeys;
import com.mallquest.mall.application.port.ApiKeyRecord;
import com.mallquest.mall.application.port.ApiKeyRepository;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreId;
import com.mallquest.mall.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The remembered lookups never outlive an expiry, and a revocation here is forgotten at once. */
class ApiKeyAuthenticatorTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
  private final Keys keys = new Keys();
  private final ApiKeys apiKeys = new ApiKeys(keys, new NoStores(), clock);
  private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(apiKeys);

  @Test
  void authenticate_rememberedKey_expiresOnTimeAndIsLookedUpOnce() {
    ApiKeys.CreatedKey key = apiKeys.create(new ApiKeys.CreateCommand("temp", ApiKeyRole.APP, Optional.empty(),
        Optional.of(clock.instant().plusSeconds(2)), Optional.empty()));

    assertThat(authenticator.authenticate(key.secret())).isPresent();
    assertThat(authenticator.authenticate(key.secret())).isPresent();
    assertThat(keys.lookups.get()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(authenticator.authenticate(key.secret())).isEmpty();
  }

  @Test
  void forget_afterRevoke_failsAtOnce_withoutForgetTheLookupIsStillRemembered() {
    ApiKeys.CreatedKey revokedHere = apiKeys.create("a", ApiKeyRole.APP, Optional.empty());
    ApiKeys.CreatedKey revokedElsewhere = apiKeys.create("b", ApiKeyRole.APP, Optional.empty());
    authenticator.authenticate(revokedHere.secret());
    authenticator.authenticate(revokedElsewhere.secret());

    apiKeys.revoke(revokedHere.record().id());
    authenticator.forget(revokedHere.record().id());
    keys.revoke(revokedElsewhere.record().id()); // as another instance would: this one is not told

    assertThat(authenticator.authenticate(revokedHere.secret())).isEmpty();
    assertThat(authenticator.authenticate(revokedElsewhere.secret())).isPresent();
    assertThat(ApiKeyAuthenticator.LOOKUP_TTL).isLessThanOrEqualTo(Duration.ofSeconds(5));
  }

  private static final class Keys implements ApiKeyRepository {
    final List<ApiKeyRecord> rows = new ArrayList<>();
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public void insert(ApiKeyRecord key) {
      rows.add(key);
    }

    @Override
    public Optional<ApiKeyRecord> findActiveByHash(String hash) {
      lookups.incrementAndGet();
      return rows.stream().filter(k -> !k.revoked() && k.hash().equals(hash)).findFirst();
    }

    @Override
    public Optional<ApiKeyRecord> findByHash(String hash) {
      return rows.stream().filter(k -> k.hash().equals(hash)).findFirst();
    }

    @Override
    public Optional<ApiKeyRecord> findById(String id) {
      return rows.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    @Override
    public List<ApiKeyRecord> list(Optional<String> afterId, int limit) {
      return List.copyOf(rows);
    }

    @Override
    public boolean revoke(String id) {
      boolean found = rows.stream().anyMatch(k -> k.id().equals(id));
      rows.replaceAll(k -> k.id().equals(id) ? new ApiKeyRecord(k.id(), k.name(), k.role(), k.storeId(),
          k.hash(), k.createdAt(), true, k.expiresAt(), k.rateLimitPerMinute()) : k);
      return found;
    }

    @Override
    public long countActiveAdmins() {
      return 1;
    }
  }

  private static final class NoStores implements StoreRepository {
    @Override
    public Optional<Store> findById(StoreId id) {
      return Optional.empty();
    }

    @Override
    public Map<StoreId, Store> findAllById(Collection<StoreId> ids) {
      return Map.of();
    }

    @Override
    public List<Store> list(Optional<StoreId> afterId, int limit) {
      return List.of();
    }

    @Override
    public boolean insert(Store s) {
      return false;
    }

    @Override
    public Optional<Store> update(Store s) {
      return Optional.empty();
    }
  }
}
