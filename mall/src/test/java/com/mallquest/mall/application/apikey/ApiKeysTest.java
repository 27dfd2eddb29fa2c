package com.mallquest.mall.application.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mallquest.mall.application.port.ApiKeyRecord;
import com.mallquest.mall.application.port.ApiKeyRepository;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreCategory;
import com.mallquest.mall.domain.StoreId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** API keys without Spring: bootstrap, creation, authentication, storage of hashes only. */
class ApiKeysTest {

  private final List<ApiKeyRecord> stored = new ArrayList<>();
  private final Store store = new Store(StoreId.of("s1"), "Shop", StoreCategory.FOOD, "G", BigDecimal.ONE, true, 0);
  private final ApiKeys apiKeys = new ApiKeys(new InMemoryKeys(), new OneStore(), Clock.fixed(
      Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void bootstrapAdmin_noneConfiguredNoneStored_generatesOnceAndStoresOnlyTheHash() {
    Optional<String> first = apiKeys.bootstrapAdmin(Optional.empty());
    Optional<String> second = apiKeys.bootstrapAdmin(Optional.empty());

    assertThat(first).hasValueSatisfying(k -> assertThat(k).startsWith(ApiKeys.KEY_PREFIX).hasSizeGreaterThan(40));
    assertThat(second).isEmpty();
    assertThat(stored).singleElement().satisfies(r -> {
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
    assertThat(apiKeys.authenticate(configured)).hasValueSatisfying(r -> assertThat(r.role()).isEqualTo(ApiKeyRole.ADMIN));
  }

  @Test
  void bootstrapAdmin_shortConfiguredKey_refusesToStart() {
    assertThatThrownBy(() -> apiKeys.bootstrapAdmin(Optional.of("short"))).isInstanceOf(IllegalStateException.class)
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

  private final class InMemoryKeys implements ApiKeyRepository {
    @Override
    public void insert(ApiKeyRecord key) {
      stored.add(key);
    }

    @Override
    public Optional<ApiKeyRecord> findActiveByHash(String hash) {
      return stored.stream().filter(k -> !k.revoked() && k.hash().equals(hash)).findFirst();
    }

    @Override
    public long countActiveAdmins() {
      return stored.stream().filter(k -> !k.revoked() && k.role() == ApiKeyRole.ADMIN).count();
    }
  }

  private final class OneStore implements StoreRepository {
    @Override
    public Optional<Store> findById(StoreId id) {
      return Optional.of(store).filter(s -> s.id().equals(id));
    }

    @Override
    public Map<StoreId, Store> findAllById(Collection<StoreId> ids) {
      return ids.contains(store.id()) ? Map.of(store.id(), store) : Map.of();
    }

    @Override
    public List<Store> list(Optional<StoreId> afterId, int limit) {
      return List.of(store);
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
