package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.Views.Page;
import com.mallquest.mall.adapter.web.security.ApiKeyPrincipal;
import com.mallquest.mall.application.reward.RewardCatalog;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.Reward;
import com.mallquest.mall.domain.VipTier;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The rewards catalog: ADMIN creates and replaces rewards; ADMIN and APP read them. */
@Tag(name = "Rewards")
@RestController
@RequestMapping(path = "/api/v1/rewards", produces = MediaType.APPLICATION_JSON_VALUE)
class RewardController {

  /**
   * A reward as written (POST creates, PUT replaces every field).
   *
   * @param id the reward's id (required on POST; on PUT, if given, must equal the path's)
   * @param name name per language tag, English required
   * @param description description per language tag, English required
   * @param priceCoins the price in coins
   * @param stock how many; absent or null = unlimited
   * @param minTier BRONZE, SILVER, GOLD or PLATINUM; absent = every tier
   * @param availableFrom redeemable from (inclusive)
   * @param availableUntil redeemable until (exclusive)
   * @param active default true
   */
  record RewardRequest(
      @Size(max = 64) String id,
      Map<String, String> name,
      Map<String, String> description,
      Long priceCoins,
      Long stock,
      @Size(max = 16) String minTier,
      Instant availableFrom,
      Instant availableUntil,
      Boolean active) {

    RewardCatalog.Command command() {
      return new RewardCatalog.Command(
          id,
          name,
          description,
          priceCoins,
          Optional.ofNullable(stock),
          Optional.ofNullable(minTier),
          Optional.ofNullable(availableFrom),
          Optional.ofNullable(availableUntil),
          Optional.ofNullable(active));
    }
  }

  /**
   * A reward as read: the picked texts, and for ADMIN the full maps.
   *
   * @param id the id
   * @param name the name in the picked language
   * @param description the description in the picked language
   * @param names every name (ADMIN only)
   * @param descriptions every description (ADMIN only)
   * @param priceCoins the price
   * @param stock how many are left; absent = unlimited
   * @param minTier the lowest tier that may redeem it; absent = every tier
   * @param availableFrom window start
   * @param availableUntil window end
   * @param active whether it may be redeemed
   * @param version the row version
   */
  record RewardView(
      String id,
      String name,
      String description,
      Map<String, String> names,
      Map<String, String> descriptions,
      long priceCoins,
      Long stock,
      String minTier,
      Instant availableFrom,
      Instant availableUntil,
      boolean active,
      long version) {

    static RewardView of(Reward r, List<String> languages, boolean full) {
      return new RewardView(
          r.id().value(),
          r.name().pick(languages),
          r.description().pick(languages),
          full ? r.name().texts() : null,
          full ? r.description().texts() : null,
          r.priceCoins(),
          r.stock().isPresent() ? r.stock().getAsLong() : null,
          r.minTier().map(VipTier::name).orElse(null),
          r.availableFrom().orElse(null),
          r.availableUntil().orElse(null),
          r.active(),
          r.version());
    }
  }

  private final RewardCatalog catalog;

  RewardController(RewardCatalog catalog) {
    this.catalog = catalog;
  }

  @Operation(operationId = "createReward", summary = "Create a reward")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<RewardView> create(
      @Valid @RequestBody RewardRequest request,
      @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
    Reward reward = catalog.create(request.command());
    return ResponseEntity.created(URI.create("/api/v1/rewards/" + reward.id().value()))
        .body(
            RewardView.of(reward, LanguagePreferences.of(Optional.empty(), acceptLanguage), true));
  }

  @Operation(operationId = "replaceReward", summary = "Replace a reward")
  @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  RewardView replace(
      @PathVariable String id,
      @Valid @RequestBody RewardRequest request,
      @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
    return RewardView.of(
        catalog.replace(id, request.command()),
        LanguagePreferences.of(Optional.empty(), acceptLanguage),
        true);
  }

  @Operation(operationId = "listRewards", summary = "List rewards")
  @GetMapping
  Page<RewardView> list(
      @Parameter(
              schema =
                  @Schema(
                      type = "integer",
                      format = "int32",
                      minimum = "1",
                      maximum = "" + RewardCatalog.MAX_PAGE_SIZE,
                      defaultValue = "50"))
          @RequestParam(defaultValue = "50")
          int limit,
      @RequestParam(required = false) String after,
      @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    List<Reward> rows = catalog.list(Optional.ofNullable(after), limit);
    List<String> languages = LanguagePreferences.of(Optional.empty(), acceptLanguage);
    String next = rows.size() < limit ? null : rows.get(rows.size() - 1).id().value();
    return new Page<>(
        rows.stream().map(r -> RewardView.of(r, languages, isAdmin(caller))).toList(), next);
  }

  @Operation(operationId = "getReward", summary = "Read a reward")
  @GetMapping("/{id}")
  RewardView get(
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return RewardView.of(
        catalog.get(id), LanguagePreferences.of(Optional.empty(), acceptLanguage), isAdmin(caller));
  }

  private static boolean isAdmin(ApiKeyPrincipal caller) {
    return caller != null && caller.role() == ApiKeyRole.ADMIN;
  }
}
