package com.mallquest.mall.adapter.web;

import com.mallquest.mall.application.apikey.ApiKeys;
import com.mallquest.mall.application.operations.Reconciliation;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.smartcache.CacheStats;
import com.mallquest.smartcache.SmartCacheManager;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints (ADMIN): cache statistics, API keys and the reconciliation check. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class OperationsController {

  private static final Logger log = LoggerFactory.getLogger(OperationsController.class);

  /**
   * A new API key.
   *
   * @param name a label
   * @param role admin, store or app
   * @param storeId the store of a STORE key
   */
  record CreateKeyRequest(@NotNull @Size(max = 100) String name, @NotNull @Size(max = 16) String role,
      @Size(max = 64) String storeId) {}

  /**
   * A created key; the secret is shown only in this response.
   *
   * @param id the key's id
   * @param name the label
   * @param role the role
   * @param storeId the store of a STORE key
   * @param key the secret to put in X-Api-Key
   * @param createdAt when
   */
  record CreatedKeyResponse(String id, String name, String role, String storeId, String key, Instant createdAt) {}

  private final SmartCacheManager caches;
  private final ApiKeys apiKeys;
  private final Reconciliation reconciliation;

  OperationsController(SmartCacheManager caches, ApiKeys apiKeys, Reconciliation reconciliation) {
    this.caches = caches;
    this.apiKeys = apiKeys;
    this.reconciliation = reconciliation;
  }

  /** Checks coins against the ledger, levels against xp and tiers against spend, for every shopper. */
  @GetMapping("/operations/reconciliation")
  Reconciliation.Report reconcile() {
    Reconciliation.Report report = reconciliation.run();
    if (report.clean()) {
      log.info("reconciliation clean shoppersChecked={}", report.shoppersChecked());
    } else {
      log.warn("reconciliation found mismatches shoppersChecked={} mismatches={} first={}",
          report.shoppersChecked(), report.mismatchCount(), report.mismatches().get(0));
    }
    return report;
  }

  /** Per cache: the original's fields and the per-tier counts. */
  @GetMapping("/cache/stats")
  Map<String, CacheStats> cacheStats() {
    return caches.getCacheStats();
  }

  @PostMapping(path = "/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<CreatedKeyResponse> createKey(@Valid @RequestBody CreateKeyRequest r) {
    ApiKeyRole role = Arrays.stream(ApiKeyRole.values())
        .filter(v -> v.name().equalsIgnoreCase(r.role())).findFirst()
        .orElseThrow(() -> new InvalidInputException("role", "role must be one of admin, store, app"));
    ApiKeys.CreatedKey created = apiKeys.create(r.name(), role, Optional.ofNullable(r.storeId()));
    log.info("api key created id={} role={}", created.record().id(), role);
    var rec = created.record();
    return ResponseEntity.created(URI.create("/api/v1/api-keys/" + rec.id())).body(new CreatedKeyResponse(rec.id(),
        rec.name(), rec.role().name().toLowerCase(Locale.ROOT), rec.storeId().map(s -> s.value()).orElse(null),
        created.secret(), rec.createdAt()));
  }
}
