package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.Views.Page;
import com.mallquest.mall.adapter.web.security.ApiKeyAuthenticator;
import com.mallquest.mall.application.apikey.ApiKeys;
import com.mallquest.mall.application.operations.Reconciliation;
import com.mallquest.mall.application.port.ApiKeyRecord;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.StoreId;
import com.mallquest.smartcache.CacheStats;
import com.mallquest.smartcache.SmartCacheManager;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
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
   * @param expiresAt when it stops working (future); absent: {@code mallquest.security.key-ttl}, if
   *     set
   * @param rateLimitPerMinute its own request limit; absent: the configured default
   */
  record CreateKeyRequest(
      @NotNull @Size(max = 100) String name,
      @NotNull @Size(max = 16) String role,
      @Size(max = 64) String storeId,
      Instant expiresAt,
      Integer rateLimitPerMinute) {}

  /**
   * A created key; the secret is shown only in this response.
   *
   * @param id the key's id
   * @param name the label
   * @param role the role
   * @param storeId the store of a STORE key
   * @param key the secret to put in X-Api-Key
   * @param createdAt when
   * @param expiresAt when it stops working, if ever
   * @param rateLimitPerMinute its own request limit, if any
   */
  record CreatedKeyResponse(
      String id,
      String name,
      String role,
      String storeId,
      String key,
      Instant createdAt,
      Instant expiresAt,
      Integer rateLimitPerMinute) {}

  /**
   * A key as listed: never the secret nor its hash.
   *
   * @param id the key's id
   * @param name the label
   * @param role the role
   * @param storeId the store of a STORE key
   * @param createdAt when
   * @param expiresAt when it stops working, if ever
   * @param revoked whether it was revoked
   * @param rateLimitPerMinute its own request limit, if any
   */
  record ApiKeyView(
      String id,
      String name,
      String role,
      String storeId,
      Instant createdAt,
      Instant expiresAt,
      boolean revoked,
      Integer rateLimitPerMinute) {

    static ApiKeyView of(ApiKeyRecord k) {
      return new ApiKeyView(
          k.id(),
          k.name(),
          k.role().name().toLowerCase(Locale.ROOT),
          k.storeId().map(StoreId::value).orElse(null),
          k.createdAt(),
          k.expiresAt().orElse(null),
          k.revoked(),
          k.rateLimitPerMinute().orElse(null));
    }
  }

  private final SmartCacheManager caches;
  private final ApiKeys apiKeys;
  private final ApiKeyAuthenticator authenticator;
  private final Reconciliation reconciliation;

  OperationsController(
      SmartCacheManager caches,
      ApiKeys apiKeys,
      ApiKeyAuthenticator authenticator,
      Reconciliation reconciliation) {
    this.caches = caches;
    this.apiKeys = apiKeys;
    this.authenticator = authenticator;
    this.reconciliation = reconciliation;
  }

  /**
   * Checks coins against the ledger, levels against xp and tiers against spend, for every shopper;
   * and, with Redis, the cached shopper versions and the ready boards' entries against the
   * database.
   */
  @Operation(
      operationId = "getReconciliation",
      summary =
          "Check every shopper: coins, level and tier against the ledgers, the Redis tier and boards"
              + " against the database")
  @Tag(name = "Operations")
  @GetMapping("/operations/reconciliation")
  Reconciliation.Report reconcile() {
    Reconciliation.Report report = reconciliation.run();
    if (report.clean()) {
      log.info(
          "reconciliation clean shoppersChecked={} redisChecked={} boardsChecked={}",
          report.shoppersChecked(),
          report.redisChecked(),
          report.boardsChecked());
    } else {
      log.warn(
          "reconciliation found mismatches shoppersChecked={} mismatches={} first={}",
          report.shoppersChecked(),
          report.mismatchCount(),
          report.mismatches().get(0));
    }
    return report;
  }

  /**
   * Runs the check and republishes what differs in the Redis tier and boards: appends the
   * mismatched shoppers' changes to the outbox (one transaction), which the relay publishes.
   */
  @Operation(
      operationId = "repairReconciliation",
      summary =
          "Republish the shoppers whose Redis entries or board entries differ from the database")
  @Tag(name = "Operations")
  @PostMapping("/operations/reconciliation/repair")
  Reconciliation.Repair repair() {
    Reconciliation.Repair repair = reconciliation.repair();
    log.info(
        "reconciliation repair queued shopperChanges={} leaderboardChanges={} notRepairable={} remaining={}"
            + " mismatches={} redisChecked={}",
        repair.shopperChanges(),
        repair.leaderboardChanges(),
        repair.notRepairable(),
        repair.remaining(),
        repair.check().mismatchCount(),
        repair.check().redisChecked());
    return repair;
  }

  /** Per cache: the original's fields and the per-tier counts. */
  @Operation(
      operationId = "getCacheStats",
      summary = "Per-cache sizes, hit ratios and per-tier counts")
  @Tag(name = "Operations")
  @GetMapping("/cache/stats")
  Map<String, CacheStats> cacheStats() {
    return caches.getCacheStats();
  }

  @Operation(operationId = "createApiKey", summary = "Create an API key (the secret is shown once)")
  @Tag(name = "API keys")
  @PostMapping(path = "/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<CreatedKeyResponse> createKey(@Valid @RequestBody CreateKeyRequest r) {
    ApiKeyRole role =
        Arrays.stream(ApiKeyRole.values())
            .filter(v -> v.name().equalsIgnoreCase(r.role()))
            .findFirst()
            .orElseThrow(
                () -> new InvalidInputException("role", "role must be one of admin, store, app"));
    ApiKeys.CreatedKey created =
        apiKeys.create(
            new ApiKeys.CreateCommand(
                r.name(),
                role,
                Optional.ofNullable(r.storeId()),
                Optional.ofNullable(r.expiresAt()),
                Optional.ofNullable(r.rateLimitPerMinute())));
    log.info("api key created id={} role={}", created.record().id(), role);
    var rec = created.record();
    return ResponseEntity.created(URI.create("/api/v1/api-keys/" + rec.id()))
        .body(
            new CreatedKeyResponse(
                rec.id(),
                rec.name(),
                rec.role().name().toLowerCase(Locale.ROOT),
                rec.storeId().map(s -> s.value()).orElse(null),
                created.secret(),
                rec.createdAt(),
                rec.expiresAt().orElse(null),
                rec.rateLimitPerMinute().orElse(null)));
  }

  /** Keys by id, a page at a time; {@code after} is the previous page's {@code nextCursor}. */
  @Operation(operationId = "listApiKeys", summary = "List API keys (never their secrets)")
  @Tag(name = "API keys")
  @GetMapping("/api-keys")
  Page<ApiKeyView> listKeys(
      @Parameter(
              schema =
                  @Schema(
                      type = "integer",
                      format = "int32",
                      minimum = "1",
                      maximum = "" + ApiKeys.MAX_PAGE,
                      defaultValue = "50"))
          @RequestParam(defaultValue = "50")
          int limit,
      @RequestParam(required = false) @Size(max = 36) String after) {
    List<ApiKeyRecord> rows = apiKeys.list(Optional.ofNullable(after), limit);
    String next = rows.size() < limit ? null : rows.get(rows.size() - 1).id();
    return new Page<>(rows.stream().map(ApiKeyView::of).toList(), next);
  }

  /**
   * Revokes a key; it stops working on this instance at once, on others within the lookup cache's
   * TTL.
   */
  @Operation(operationId = "revokeApiKey", summary = "Revoke an API key")
  @Tag(name = "API keys")
  // No body: whatever the client accepts (a generated client sends only its error type,
  // problem+json).
  @DeleteMapping(path = "/api-keys/{id}", produces = MediaType.ALL_VALUE)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revokeKey(@PathVariable String id) {
    ApiKeyRecord revoked = apiKeys.revoke(id);
    authenticator.forget(revoked.id());
    log.info("api key revoked id={} role={}", revoked.id(), revoked.role());
  }
}
