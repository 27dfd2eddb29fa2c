package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.security.ApiKeyPrincipal;
import com.mallquest.mall.application.mission.ListShopperMissions;
import com.mallquest.mall.application.mission.ManageMissions;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.GoalKind;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LocalizedText;
import com.mallquest.mall.domain.Mission;
import com.mallquest.mall.domain.MissionGoal;
import com.mallquest.mall.domain.MissionReward;
import com.mallquest.mall.domain.MissionWindow;
import com.mallquest.mall.domain.StoreCategory;
import com.mallquest.mall.domain.StoreId;
import com.mallquest.mall.domain.VipTier;
import com.mallquest.mall.domain.WindowKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

/** Missions: ADMIN defines them; ADMIN and APP read them and a shopper's progress. */
@Tag(name = "Missions")
@RestController
class MissionController {

  /**
   * A mission definition (create and full replace).
   *
   * @param id the mission id (on PUT optional, and then equal to the path's)
   * @param title per language; English required
   * @param description per language; English required
   * @param goal what to reach
   * @param window when
   * @param eligibleTiers VIP tiers that may take part; absent or empty: all
   * @param reward what it pays
   * @param active default true
   */
  record MissionRequest(
      @Size(max = 64) String id,
      Map<String, String> title,
      Map<String, String> description,
      GoalRequest goal,
      WindowRequest window,
      @Size(max = 4) List<String> eligibleTiers,
      RewardRequest reward,
      Boolean active) {}

  /**
   * A goal.
   *
   * @param kind SPEND_TOTAL, PURCHASE_COUNT, DISTINCT_STORES, CATEGORY_SPEND, STORE_VISIT or
   *     CHECKIN_STREAK
   * @param target the amount in minor units, count, stores or days
   * @param category the store category (CATEGORY_SPEND only)
   * @param storeId the store (STORE_VISIT only)
   */
  record GoalRequest(
      @Size(max = 32) String kind,
      Long target,
      @Size(max = 32) String category,
      @Size(max = 64) String storeId) {}

  /**
   * A window.
   *
   * @param kind FIXED, DAILY, WEEKLY or MONTHLY
   * @param start FIXED only
   * @param end FIXED only
   */
  record WindowRequest(@Size(max = 16) String kind, Instant start, Instant end) {}

  /**
   * A reward.
   *
   * @param coins default 0
   * @param xp default 0
   * @param companionSpeciesId optional
   */
  @Schema(
      name = "MissionRewardRequest",
      description = "What a mission pays: coins, xp and optionally a companion")
  record RewardRequest(Long coins, Long xp, @Size(max = 64) String companionSpeciesId) {}

  /** A goal as shown. */
  record GoalView(String kind, long target, String category, String storeId) {}

  /** A window as shown. */
  record WindowView(String kind, Instant start, Instant end) {}

  /** A reward as shown. */
  @Schema(
      name = "MissionRewardView",
      description = "What a mission pays: coins, xp and optionally a companion")
  record RewardView(long coins, long xp, String companionSpeciesId) {}

  /** A mission definition as shown; {@code titles} and {@code descriptions} only to ADMIN. */
  record MissionView(
      String id,
      String title,
      Map<String, String> titles,
      String description,
      Map<String, String> descriptions,
      GoalView goal,
      WindowView window,
      List<String> eligibleTiers,
      RewardView reward,
      boolean active,
      long version) {}

  /** A mission as a shopper sees it now. */
  record ShopperMissionView(
      String missionId,
      String title,
      String description,
      String kind,
      long progress,
      long target,
      Instant windowEnd,
      boolean completed) {}

  private final ManageMissions manage;
  private final ListShopperMissions shopperMissions;

  MissionController(ManageMissions manage, ListShopperMissions shopperMissions) {
    this.manage = manage;
    this.shopperMissions = shopperMissions;
  }

  @Operation(operationId = "createMission", summary = "Define a mission")
  @PostMapping(
      path = "/api/v1/missions",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<MissionView> create(
      @Valid @RequestBody MissionRequest request,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    Mission mission = manage.create(toMission(request.id(), request));
    return ResponseEntity.created(URI.create("/api/v1/missions/" + mission.id()))
        .body(view(mission, acceptLanguage, caller));
  }

  @Operation(operationId = "replaceMission", summary = "Replace a mission")
  @PutMapping(
      path = "/api/v1/missions/{id}",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  MissionView replace(
      @PathVariable String id,
      @Valid @RequestBody MissionRequest request,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    if (request.id() != null && !request.id().equals(id)) {
      throw new InvalidInputException(
          "id", "id in the body must equal the path's, was \"" + request.id() + '"');
    }
    return view(manage.replace(toMission(id, request)), acceptLanguage, caller);
  }

  @Operation(operationId = "listMissions", summary = "List missions")
  @GetMapping(path = "/api/v1/missions", produces = MediaType.APPLICATION_JSON_VALUE)
  List<MissionView> list(
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return manage.list().stream().map(m -> view(m, acceptLanguage, caller)).toList();
  }

  @Operation(operationId = "getMission", summary = "Read a mission")
  @GetMapping(path = "/api/v1/missions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  MissionView get(
      @PathVariable String id,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      @AuthenticationPrincipal ApiKeyPrincipal caller) {
    return view(manage.get(id), acceptLanguage, caller);
  }

  @Operation(
      operationId = "listShopperMissions",
      summary = "List a shopper's running missions and progress")
  @GetMapping(path = "/api/v1/shoppers/{id}/missions", produces = MediaType.APPLICATION_JSON_VALUE)
  List<ShopperMissionView> forShopper(
      @PathVariable String id,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
    ListShopperMissions.Result result = shopperMissions.list(id);
    List<String> languages =
        LanguagePreferences.of(Optional.of(result.shopper().language()), acceptLanguage);
    return result.missions().stream()
        .map(
            s ->
                new ShopperMissionView(
                    s.mission().id(),
                    s.mission().title().pick(languages),
                    s.mission().description().pick(languages),
                    s.mission().goal().kind().name(),
                    s.progress(),
                    s.mission().goal().target(),
                    s.period().end(),
                    s.completed()))
        .toList();
  }

  private static Mission toMission(String id, MissionRequest r) {
    if (id == null) {
      throw new InvalidInputException("id", "id is required");
    }
    GoalRequest g = required(r.goal(), "goal");
    GoalKind kind = Views.parseEnum(GoalKind.class, g.kind(), "goal.kind");
    MissionGoal goal =
        new MissionGoal(
            kind,
            required(g.target(), "goal.target"),
            g.category() == null
                ? null
                : InvalidInputException.parseAs(
                    "goal.category", StoreCategory::parse, g.category()),
            g.storeId() == null
                ? null
                : InvalidInputException.parseAs("goal.storeId", StoreId::of, g.storeId()));
    WindowRequest w = required(r.window(), "window");
    MissionWindow window =
        new MissionWindow(
            Views.parseEnum(WindowKind.class, w.kind(), "window.kind"), w.start(), w.end());
    Set<VipTier> tiers = EnumSet.noneOf(VipTier.class);
    if (r.eligibleTiers() != null) {
      r.eligibleTiers().forEach(t -> tiers.add(Views.parseEnum(VipTier.class, t, "eligibleTiers")));
    }
    RewardRequest rw = required(r.reward(), "reward");
    MissionReward reward =
        new MissionReward(
            Optional.ofNullable(rw.coins()).orElse(0L),
            Optional.ofNullable(rw.xp()).orElse(0L),
            rw.companionSpeciesId());
    return new Mission(
        id,
        LocalizedText.of(required(r.title(), "title"), "title", Mission.MAX_TITLE),
        LocalizedText.of(
            required(r.description(), "description"), "description", Mission.MAX_DESCRIPTION),
        goal,
        window,
        tiers,
        reward,
        r.active() == null || r.active(),
        0);
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, field + " is required");
    }
    return value;
  }

  private static MissionView view(Mission m, String acceptLanguage, ApiKeyPrincipal caller) {
    List<String> languages = LanguagePreferences.of(Optional.empty(), acceptLanguage);
    boolean admin = caller != null && caller.role() == ApiKeyRole.ADMIN;
    MissionGoal g = m.goal();
    return new MissionView(
        m.id(),
        m.title().pick(languages),
        admin ? m.title().texts() : null,
        m.description().pick(languages),
        admin ? m.description().texts() : null,
        new GoalView(
            g.kind().name(),
            g.target(),
            g.categoryFilter().map(c -> c.name().toLowerCase(Locale.ROOT)).orElse(null),
            g.storeFilter().map(StoreId::value).orElse(null)),
        new WindowView(m.window().kind().name(), m.window().start(), m.window().end()),
        m.eligibleTiers().stream().sorted().map(Enum::name).toList(),
        new RewardView(m.reward().coins(), m.reward().xp(), m.reward().companionSpeciesId()),
        m.active(),
        m.version());
  }
}
