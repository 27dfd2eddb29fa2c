package com.mallquest.mall.support;

import com.mallquest.mall.application.port.ApiKeyRecord;
import com.mallquest.mall.application.port.ApiKeyRepository;
import com.mallquest.mall.domain.ApiKeyRole;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Key records in a list, for unit tests of what uses {@link ApiKeyRepository}; not thread-safe. */
public final class InMemoryApiKeys implements ApiKeyRepository {

  /** How often {@link #findActiveByHash} was asked (what a lookup cache should save). */
  public final AtomicInteger lookups = new AtomicInteger();

  private final List<ApiKeyRecord> rows = new ArrayList<>();
  private final Clock clock;

  /** With the clock that decides which keys are still active. */
  public InMemoryApiKeys(Clock clock) {
    this.clock = clock;
  }

  /** The stored records, live: tests look at what was stored. */
  public List<ApiKeyRecord> rows() {
    return rows;
  }

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
    return rows.stream()
        .filter(k -> afterId.map(a -> k.id().compareTo(a) > 0).orElse(true))
        .sorted(Comparator.comparing(ApiKeyRecord::id))
        .limit(limit)
        .toList();
  }

  @Override
  public boolean revoke(String id) {
    for (int i = 0; i < rows.size(); i++) {
      ApiKeyRecord k = rows.get(i);
      if (k.id().equals(id)) {
        rows.set(
            i,
            new ApiKeyRecord(
                k.id(),
                k.name(),
                k.role(),
                k.storeId(),
                k.hash(),
                k.createdAt(),
                true,
                k.expiresAt(),
                k.rateLimitPerMinute()));
        return true;
      }
    }
    return false;
  }

  @Override
  public long countActiveAdmins() {
    return rows.stream()
        .filter(k -> k.activeAt(clock.instant()) && k.role() == ApiKeyRole.ADMIN)
        .count();
  }
}
