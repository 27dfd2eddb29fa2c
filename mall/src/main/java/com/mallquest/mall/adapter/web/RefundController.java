package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.Views.ShopperView;
import com.mallquest.mall.adapter.web.security.ApiKeyPrincipal;
import com.mallquest.mall.adapter.web.security.StoreAccessDeniedException;
import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.purchase.RefundPurchase;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Refund;
import com.mallquest.mall.domain.ShopperBlock;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Refunds: ADMIN, or the STORE key of the purchase's own store. */
@Tag(name = "Purchases")
@RestController
@RequestMapping(path = "/api/v1/purchases", produces = MediaType.APPLICATION_JSON_VALUE)
class RefundController {

  private static final Logger log = LoggerFactory.getLogger(RefundController.class);

  /**
   * The answer to a refund.
   *
   * @param purchaseId the refunded purchase
   * @param coinsReversed coins taken back
   * @param coinsShortfall coins that were already spent and could not be taken back
   * @param xpReversed xp taken back
   * @param shopper the profile after it
   * @param events a tier change, if the tier dropped
   * @param replayed true if it had been refunded before and nothing changed now
   */
  record RefundResponse(
      String purchaseId,
      long coinsReversed,
      long coinsShortfall,
      long xpReversed,
      ShopperView shopper,
      List<Map<String, Object>> events,
      boolean replayed) {}

  private final RefundPurchase refunds;
  private final MallSettings settings;

  RefundController(RefundPurchase refunds, MallSettings settings) {
    this.refunds = refunds;
    this.settings = settings;
  }

  /**
   * The body of a refund, which is optional.
   *
   * @param reason why; recorded in the audit log of an ADMIN refund
   */
  record RefundRequest(String reason) {}

  /** A refund; a JSON body may give the reason, which the audit log records for an ADMIN refund. */
  @Operation(
      operationId = "refundPurchase",
      summary = "Refund a purchase: take back its coins and xp")
  // A body, when there is one, is JSON; a request without a body matches whatever its Content-Type
  // (the body is optional), and any other body is a 415 before Spring reads its Content-Type.
  @PostMapping(path = "/{id}/refund", consumes = MediaType.APPLICATION_JSON_VALUE)
  RefundResponse refund(
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              description = "optional: {\"reason\": ...}")
          @RequestBody(required = false)
          RefundRequest request,
      @AuthenticationPrincipal ApiKeyPrincipal caller,
      HttpServletRequest http) {
    if (request != null && request.reason() != null) {
      AuditInterceptor.reason(http, ShopperBlock.reason(request.reason()));
    }
    return refund(id, caller);
  }

  private RefundResponse refund(String id, ApiKeyPrincipal caller) {
    Purchase purchase = refunds.purchase(id);
    if (!caller.mayActFor(purchase.storeId())) {
      throw new StoreAccessDeniedException("This key may refund purchases only of its own store");
    }
    RefundPurchase.Result result = refunds.refund(id);
    Refund r = result.refund();
    if (!result.replayed()) {
      log.info(
          "purchase refunded purchase={} store={} coins={} shortfall={}",
          r.purchaseId(),
          r.storeId().value(),
          r.coinsReversed(),
          r.coinsShortfall());
    }
    return new RefundResponse(
        r.purchaseId(),
        r.coinsReversed(),
        r.coinsShortfall(),
        r.xpReversed(),
        ShopperView.of(result.shopper(), settings.rules()),
        Views.events(result.events()),
        result.replayed());
  }
}
