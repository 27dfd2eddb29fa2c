package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.Views.ShopperView;
import com.mallquest.mall.adapter.web.security.ApiKeyPrincipal;
import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.companion.ActivateCompanion;
import com.mallquest.mall.application.companion.BuyCompanion;
import com.mallquest.mall.application.companion.CompanionCatalog;
import com.mallquest.mall.application.companion.ListCompanions;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.CompanionSpecies;
import com.mallquest.mall.domain.EvolutionStage;
import com.mallquest.mall.domain.IdempotencyKeys;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Rarity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
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
import org.springframework.web.bind.annotation.RestController;

/** The companion catalog (ADMIN writes, ADMIN and APP read) and shoppers' companions. */
@Tag(name = "Companions")
@RestController
class CompanionController {

  /**
   * A species (create and full replace).
   *
   * @param id the species id (on PUT optional, then equal to the path's)
   * @param name per language; English required
   * @param rarity COMMON, RARE, EPIC or LEGENDARY
   * @param priceCoins the coin price; absent: not for sale
   * @param stages the evolution stages, the first at 0 xp
   */
  record SpeciesRequest(
      @Size(max = 64) String id,
      Map<String, String> name,
      @Size(max = 16) String rarity,
      Long priceCoins,
      @Size(max = CompanionSpecies.MAX_STAGES) List<StageRequest> stages) {}

  /**
   * A stage.
   *
   * @param name per language
   * @param xpRequired the companion-xp it needs
   */
  record StageRequest(Map<String, String> name, Long xpRequired) {}

  /**
   * A purchase of a companion.
   *
   * @param speciesId which species
   */
  record BuyRequest(@Size(max = 64) String speciesId) {}

  /** A stage as shown. */
  record StageView(String name, Map<String, String> names, long xpRequired) {}

  /** A species as shown; {@code names} only to ADMIN. */
  record SpeciesView(
      String id,
      String name,
      Map<String, String> names,
      String rarity,
      Long priceCoins,
      List<StageView> stages,
      long version) {}

  /** A shopper's companion. */
  record CompanionView(
      String companionId,
      String speciesId,
      String name,
      String rarity,
      long xp,
      int stage,
      String stageName,
      Long nextStageXp,
      boolean active,
      String source,
      Instant acquiredAt) {}

  /** The answer to a purchase. */
  record BuyResponse(
      CompanionView companion,
      ShopperView shopper,
      List<Map<String, Object>> events,
      boolean replayed) {}

  private final CompanionCatalog catalog;
  private final ListCompanions listCompanions;
  private final BuyCompanion buyCompanion;
  private final ActivateCompanion activateCompanion;
  private final MallSettings settings;

  CompanionController(
      CompanionCatalog catalog,
      ListCompanions listCompanions,
      BuyCompanion buyCompanion,
      ActivateCompanion activateCompanion,
      MallSettings settings) {
    this.catalog = catalog;
    this.listCompanions = listCompanions;
    this.buyCompanion = buyCompanion;
    this.activateCompanion = activateCompanion;
    this.settings = settings;
  }

  @Operation(operationId = "createSpecies", summary = "Define a companion species")
  @PostMapping(
      path = "/api/v1/companions/species",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<SpeciesView> create(
      @Valid @RequestBody SpeciesRequest request,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    CompanionSpecies species = catalog.create(toSpecies(request.id(), request));
    return ResponseEntity.created(URI.create("/api/v1/companions/species/" + species.id()))
        .body(view(species, acceptLanguage, caller));
  }

  @Operation(operationId = "replaceSpecies", summary = "Replace a companion species")
  @PutMapping(
      path = "/api/v1/companions/species/{id}",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  SpeciesView replace(
      @PathVariable String id,
      @Valid @RequestBody SpeciesRequest request,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    if (request.id() != null && !request.id().equals(id)) {
      throw new InvalidInputException("id", "id in the body must equal the path's");
    }
    return view(catalog.replace(toSpecies(id, request)), acceptLanguage, caller);
  }

  @Operation(operationId = "listSpecies", summary = "List the companion species")
  @GetMapping(path = "/api/v1/companions/species", produces = MediaType.APPLICATION_JSON_VALUE)
  List<SpeciesView> list(
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return catalog.list().stream().map(s -> view(s, acceptLanguage, caller)).toList();
  }

  @Operation(operationId = "listShopperCompanions", summary = "List a shopper's companions")
  @GetMapping(
      path = "/api/v1/shoppers/{id}/companions",
      produces = MediaType.APPLICATION_JSON_VALUE)
  List<CompanionView> ofShopper(
      @PathVariable String id,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
    ListCompanions.Listed listed = listCompanions.list(id);
    List<String> languages =
        LanguagePreferences.of(Optional.of(listed.shopper().language()), acceptLanguage);
    Map<String, CompanionSpecies> species = speciesById();
    return listed.companions().stream().map(c -> view(c, species, languages)).toList();
  }

  @Operation(operationId = "buyCompanion", summary = "Buy a companion with coins")
  @PostMapping(
      path = "/api/v1/shoppers/{id}/companions",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<BuyResponse> buy(
      @PathVariable String id,
      @Valid @RequestBody BuyRequest request,
      // Required: checked by BuyCompanion, which answers 400 without it.
      @Parameter(
              required = true,
              description =
                  "Makes the purchase safe to retry: the same key again returns the "
                      + "first purchase and charges nothing",
              schema =
                  @Schema(
                      type = "string",
                      minLength = 1,
                      maxLength = IdempotencyKeys.MAX_LENGTH,
                      pattern = "^[\\x21-\\x7E]+$"))
          @RequestHeader(value = "Idempotency-Key", required = false)
          String idempotencyKey,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
    BuyCompanion.Bought bought = buyCompanion.buy(id, request.speciesId(), idempotencyKey);
    List<String> languages =
        LanguagePreferences.of(Optional.of(bought.shopper().language()), acceptLanguage);
    BuyResponse body =
        new BuyResponse(
            view(bought.companion(), speciesById(), languages),
            ShopperView.of(bought.shopper(), settings.rules()),
            Views.events(bought.events()),
            bought.replayed());
    if (bought.replayed()) {
      return ResponseEntity.ok(body);
    }
    return ResponseEntity.created(
            URI.create("/api/v1/shoppers/" + id + "/companions/" + bought.companion().id()))
        .body(body);
  }

  @Operation(
      operationId = "activateCompanion",
      summary = "Make a companion the shopper's active one")
  @PostMapping(
      path = "/api/v1/shoppers/{id}/companions/{companionId}/activate",
      produces = MediaType.APPLICATION_JSON_VALUE)
  CompanionView activate(
      @PathVariable String id,
      @PathVariable String companionId,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
    Companion companion = activateCompanion.activate(id, companionId);
    return view(companion, speciesById(), LanguagePreferences.of(Optional.empty(), acceptLanguage));
  }

  private Map<String, CompanionSpecies> speciesById() {
    return catalog.list().stream()
        .collect(Collectors.toMap(CompanionSpecies::id, Function.identity()));
  }

  private static CompanionView view(
      Companion c, Map<String, CompanionSpecies> species, List<String> languages) {
    CompanionSpecies s = species.get(c.speciesId());
    int stage = Math.min(c.stage(), s.stages().size() - 1);
    Long next = stage + 1 < s.stages().size() ? s.stages().get(stage + 1).xpRequired() : null;
    return new CompanionView(
        c.id(),
        c.speciesId(),
        s.name().pick(languages),
        s.rarity().name(),
        c.xp(),
        stage,
        s.stages().get(stage).name().pick(languages),
        next,
        c.active(),
        c.source(),
        c.acquiredAt());
  }

  private static CompanionSpecies toSpecies(String id, SpeciesRequest r) {
    if (id == null) {
      throw new InvalidInputException("id", "id is required");
    }
    if (r.name() == null) {
      throw new InvalidInputException("name", "name is required");
    }
    if (r.stages() == null) {
      throw new InvalidInputException("stages", "stages is required");
    }
    List<EvolutionStage> stages = new ArrayList<>();
    for (StageRequest stage : r.stages()) {
      if (stage == null || stage.name() == null || stage.xpRequired() == null) {
        throw new InvalidInputException("stages", "every stage needs a name and xpRequired");
      }
      stages.add(
          new EvolutionStage(
              LocalizedText.of(stage.name(), "stages.name", CompanionSpecies.MAX_NAME),
              stage.xpRequired()));
    }
    return new CompanionSpecies(
        id,
        LocalizedText.of(r.name(), "name", CompanionSpecies.MAX_NAME),
        Views.parseEnum(Rarity.class, r.rarity(), "rarity"),
        r.priceCoins(),
        stages,
        0);
  }

  private static SpeciesView view(
      CompanionSpecies s, String acceptLanguage, ApiKeyPrincipal caller) {
    List<String> languages = LanguagePreferences.of(Optional.empty(), acceptLanguage);
    boolean admin = caller != null && caller.role() == ApiKeyRole.ADMIN;
    return new SpeciesView(
        s.id(),
        s.name().pick(languages),
        admin ? s.name().texts() : null,
        s.rarity().name(),
        s.priceCoins(),
        s.stages().stream()
            .map(
                st ->
                    new StageView(
                        st.name().pick(languages),
                        admin ? st.name().texts() : null,
                        st.xpRequired()))
            .toList(),
        s.version());
  }
}
