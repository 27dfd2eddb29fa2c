package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.Views.LedgerView;
import com.mallquest.mall.adapter.web.Views.Page;
import com.mallquest.mall.adapter.web.Views.PurchaseView;
import com.mallquest.mall.adapter.web.Views.ShopperView;
import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.purchase.ListShopperActivity;
import com.mallquest.mall.application.shopper.CheckIn;
import com.mallquest.mall.application.shopper.GetShopper;
import com.mallquest.mall.application.shopper.RegisterShopper;
import com.mallquest.mall.application.shopper.UpdateShopperProfile;
import com.mallquest.mall.domain.CheckInOutcome;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Shopper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Shoppers: registration, profile, check-ins, purchase history and coin ledger. */
@Tag(name = "Shoppers")
@RestController
@RequestMapping(path = "/api/v1/shoppers", produces = MediaType.APPLICATION_JSON_VALUE)
class ShopperController {

  /**
   * A new shopper; every field optional.
   *
   * @param id a client id, or none for a server-made UUID
   * @param displayName defaults to the id
   * @param language BCP 47, default {@code en}
   * @param timeZone IANA, default the mall's
   */
  record CreateShopperRequest(
      @Size(max = 64) String id,
      @Size(max = 100) String displayName,
      @Size(max = 35) String language,
      @Size(max = 64) String timeZone) {}

  /**
   * Profile changes; absent fields stay.
   *
   * @param displayName the new display name
   * @param language the new language tag
   * @param timeZone the new time zone
   */
  record UpdateShopperRequest(
      @Size(max = 100) String displayName,
      @Size(max = 35) String language,
      @Size(max = 64) String timeZone) {}

  /**
   * The answer to a check-in.
   *
   * @param streak the streak after it
   * @param coinsAwarded coins credited now
   * @param alreadyCheckedIn true if the shopper had checked in today already (nothing changed)
   * @param localDate the shopper's local date of the check-in
   * @param shopper the profile after it
   * @param events what happened
   */
  record CheckInResponse(
      int streak,
      long coinsAwarded,
      boolean alreadyCheckedIn,
      LocalDate localDate,
      ShopperView shopper,
      List<Map<String, Object>> events) {}

  private final RegisterShopper register;
  private final GetShopper getShopper;
  private final UpdateShopperProfile updateProfile;
  private final CheckIn checkIn;
  private final ListShopperActivity activity;
  private final MallSettings settings;
  private final EventMessages messages;

  ShopperController(
      RegisterShopper register,
      GetShopper getShopper,
      UpdateShopperProfile updateProfile,
      CheckIn checkIn,
      ListShopperActivity activity,
      MallSettings settings,
      EventMessages messages) {
    this.messages = messages;
    this.register = register;
    this.getShopper = getShopper;
    this.updateProfile = updateProfile;
    this.checkIn = checkIn;
    this.activity = activity;
    this.settings = settings;
  }

  @Operation(operationId = "createShopper", summary = "Register a shopper")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ShopperView> create(
      @Valid @RequestBody(required = false) CreateShopperRequest request) {
    CreateShopperRequest r =
        request == null ? new CreateShopperRequest(null, null, null, null) : request;
    Shopper shopper =
        register.register(
            new RegisterShopper.Command(
                Optional.ofNullable(r.id()),
                Optional.ofNullable(r.displayName()),
                Optional.ofNullable(r.language()),
                Optional.ofNullable(r.timeZone())));
    return ResponseEntity.created(URI.create("/api/v1/shoppers/" + shopper.id().value()))
        .body(view(shopper));
  }

  @Operation(operationId = "getShopper", summary = "Read a shopper's profile")
  @GetMapping("/{id}")
  ShopperView get(@PathVariable String id) {
    return view(getShopper.get(id));
  }

  @Operation(
      operationId = "updateShopper",
      summary = "Change a shopper's display name, language or time zone")
  @PatchMapping(
      path = "/{id}",
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
  ShopperView update(@PathVariable String id, @Valid @RequestBody UpdateShopperRequest request) {
    return view(
        updateProfile.update(
            id,
            new UpdateShopperProfile.Command(
                Optional.ofNullable(request.displayName()),
                Optional.ofNullable(request.language()),
                Optional.ofNullable(request.timeZone()))));
  }

  @Operation(operationId = "checkIn", summary = "Check a shopper in for today")
  @PostMapping("/{id}/check-ins")
  ResponseEntity<CheckInResponse> checkIn(
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
    CheckInOutcome outcome = checkIn.checkIn(id);
    CheckInResponse body =
        new CheckInResponse(
            outcome.streak(),
            outcome.coinsAwarded(),
            outcome.alreadyCheckedIn(),
            outcome.localDate(),
            view(outcome.shopper()),
            Views.events(
                outcome.events(),
                messages,
                LanguagePreferences.of(Optional.of(outcome.shopper().language()), acceptLanguage)));
    return ResponseEntity.status(outcome.alreadyCheckedIn() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(body);
  }

  @Operation(
      operationId = "listShopperPurchases",
      summary = "List a shopper's purchases, newest first")
  @GetMapping("/{id}/purchases")
  Page<PurchaseView> purchases(
      @PathVariable String id,
      @Parameter(
              schema =
                  @Schema(
                      type = "integer",
                      format = "int32",
                      minimum = "1",
                      maximum = "" + ListShopperActivity.MAX_PAGE_SIZE,
                      defaultValue = "20"))
          @RequestParam(defaultValue = "20")
          int limit,
      @RequestParam(required = false) String cursor) {
    List<Purchase> rows = activity.purchases(id, Views.parseCursor(cursor), limit);
    String next =
        rows.size() < limit
            ? null
            : Views.cursor(rows.get(rows.size() - 1).createdAt(), rows.get(rows.size() - 1).id());
    return new Page<>(rows.stream().map(PurchaseView::of).toList(), next);
  }

  @Operation(
      operationId = "listShopperLedger",
      summary = "List a shopper's coin ledger, newest first")
  @GetMapping("/{id}/ledger")
  Page<LedgerView> ledger(
      @PathVariable String id,
      @Parameter(
              schema =
                  @Schema(
                      type = "integer",
                      format = "int32",
                      minimum = "1",
                      maximum = "" + ListShopperActivity.MAX_PAGE_SIZE,
                      defaultValue = "20"))
          @RequestParam(defaultValue = "20")
          int limit,
      @RequestParam(required = false) String cursor) {
    var parsed = Views.parseCursor(cursor);
    parsed.ifPresent(
        c -> {
          if (!c.id().matches("[0-9]{1,18}")) {
            throw new com.mallquest.mall.domain.InvalidInputException(
                "cursor", "cursor is not valid");
          }
        });
    List<LedgerEntry> rows = activity.ledger(id, parsed, limit);
    String next =
        rows.size() < limit
            ? null
            : Views.cursor(
                rows.get(rows.size() - 1).createdAt(),
                String.valueOf(rows.get(rows.size() - 1).id()));
    return new Page<>(rows.stream().map(LedgerView::of).toList(), next);
  }

  private ShopperView view(Shopper shopper) {
    return ShopperView.of(shopper, settings.rules());
  }
}
