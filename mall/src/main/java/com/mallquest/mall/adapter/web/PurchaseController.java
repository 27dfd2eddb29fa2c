package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.Views.ShopperView;
import com.mallquest.mall.adapter.web.security.ApiKeyPrincipal;
import com.mallquest.mall.adapter.web.security.StoreAccessDeniedException;
import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.purchase.RecordPurchase;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.StoreId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Purchases reported by store terminals (STORE keys, for their own store) or operators. */
@Tag(name = "Purchases")
@RestController
@RequestMapping(path = "/api/v1/purchases", produces = MediaType.APPLICATION_JSON_VALUE)
class PurchaseController {

  /**
   * A purchase.
   *
   * @param shopperId who bought
   * @param storeId where
   * @param receiptId the store's receipt id, unique per store
   * @param amountMinor the amount in minor units
   * @param currency ISO 4217, the mall's currency
   */
  record PurchaseRequest(
      @NotNull @Size(max = 64) String shopperId,
      @NotNull @Size(max = 64) String storeId,
      @NotNull @Size(max = 64) String receiptId,
      @NotNull Long amountMinor,
      @NotNull @Size(max = 3) String currency) {}

  /**
   * The answer.
   *
   * @param purchaseId the purchase's id
   * @param coinsEarned coins credited for it
   * @param xpEarned xp credited for it
   * @param shopper the profile after it
   * @param events level and tier changes
   * @param replayed true if this receipt had been recorded before and nothing was credited now
   */
  record PurchaseResponse(
      String purchaseId,
      long coinsEarned,
      long xpEarned,
      ShopperView shopper,
      List<Map<String, Object>> events,
      boolean replayed) {}

  private final RecordPurchase recordPurchase;
  private final MallSettings settings;
  private final EventMessages messages;

  PurchaseController(RecordPurchase recordPurchase, MallSettings settings, EventMessages messages) {
    this.recordPurchase = recordPurchase;
    this.settings = settings;
    this.messages = messages;
  }

  @Operation(
      operationId = "recordPurchase",
      summary = "Record a purchase and credit its coins and xp")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<PurchaseResponse> record(
      @Valid @RequestBody PurchaseRequest request,
      @AuthenticationPrincipal ApiKeyPrincipal caller,
      @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
    StoreId storeId = InvalidInputException.parseAs("storeId", StoreId::of, request.storeId());
    if (!caller.mayActFor(storeId)) {
      throw new StoreAccessDeniedException("This key may record purchases only for its own store");
    }
    RecordPurchase.Result result =
        recordPurchase.record(
            RecordPurchase.Command.parse(
                request.shopperId(),
                request.storeId(),
                request.receiptId(),
                request.amountMinor(),
                request.currency(),
                settings.currency()));
    PurchaseResponse body =
        new PurchaseResponse(
            result.purchase().id(),
            result.purchase().coinsEarned(),
            result.purchase().xpEarned(),
            ShopperView.of(result.shopper(), settings.rules()),
            Views.events(
                result.events(),
                messages,
                LanguagePreferences.of(Optional.of(result.shopper().language()), acceptLanguage)),
            result.replayed());
    if (result.replayed()) {
      return ResponseEntity.ok(body);
    }
    return ResponseEntity.created(URI.create("/api/v1/purchases/" + result.purchase().id()))
        .body(body);
  }
}
