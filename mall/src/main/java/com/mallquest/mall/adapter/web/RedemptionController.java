package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.Views.Page;
import com.mallquest.mall.adapter.web.Views.ShopperView;
import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.reward.RedeemReward;
import com.mallquest.mall.domain.IdempotencyKeys;
import com.mallquest.mall.domain.Redemption;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A shopper's redemptions: buy a reward with coins ({@code Idempotency-Key} required), list them.
 */
@Tag(name = "Redemptions")
@RestController
@RequestMapping(
    path = "/api/v1/shoppers/{shopperId}/redemptions",
    produces = MediaType.APPLICATION_JSON_VALUE)
class RedemptionController {

  private static final Logger log = LoggerFactory.getLogger(RedemptionController.class);

  /**
   * A redemption request.
   *
   * @param rewardId the reward to redeem
   */
  record RedemptionRequest(@Size(max = 64) String rewardId) {}

  /**
   * The answer to a redemption.
   *
   * @param redemptionId the redemption's id
   * @param rewardId the reward
   * @param code the code to show at the counter
   * @param priceCoins coins paid
   * @param shopper the profile after it
   * @param createdAt when it was made
   * @param replayed true if this key had been used before and nothing was charged now
   */
  record RedemptionResponse(
      String redemptionId,
      String rewardId,
      String code,
      long priceCoins,
      ShopperView shopper,
      Instant createdAt,
      boolean replayed) {}

  /**
   * A redemption as listed.
   *
   * @param redemptionId the id
   * @param rewardId the reward
   * @param code the code
   * @param priceCoins coins paid
   * @param createdAt when
   */
  record RedemptionView(
      String redemptionId, String rewardId, String code, long priceCoins, Instant createdAt) {

    static RedemptionView of(Redemption r) {
      return new RedemptionView(
          r.id(), r.rewardId().value(), r.code(), r.priceCoins(), r.createdAt());
    }
  }

  private final RedeemReward redeem;
  private final MallSettings settings;

  RedemptionController(RedeemReward redeem, MallSettings settings) {
    this.redeem = redeem;
    this.settings = settings;
  }

  @Operation(operationId = "redeemReward", summary = "Redeem a reward for coins")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<RedemptionResponse> redeem(
      @PathVariable String shopperId,
      // Required: checked by RedeemReward (IdempotencyKeys.require), which answers 400 without it.
      @Parameter(
              required = true,
              description =
                  "Makes the redemption safe to retry: the same key again returns the "
                      + "first redemption and charges nothing; the same key for another reward is 422",
              schema =
                  @Schema(
                      type = "string",
                      minLength = 1,
                      maxLength = IdempotencyKeys.MAX_LENGTH,
                      pattern = "^[\\x21-\\x7E]+$"))
          @RequestHeader(name = "Idempotency-Key", required = false)
          String idempotencyKey,
      @Valid @RequestBody RedemptionRequest request) {
    RedeemReward.Result result = redeem.redeem(shopperId, request.rewardId(), idempotencyKey);
    Redemption r = result.redemption();
    RedemptionResponse body =
        new RedemptionResponse(
            r.id(),
            r.rewardId().value(),
            r.code(),
            r.priceCoins(),
            ShopperView.of(result.shopper(), settings.rules()),
            r.createdAt(),
            result.replayed());
    if (result.replayed()) {
      return ResponseEntity.status(HttpStatus.OK).body(body);
    }
    log.info(
        "reward redeemed shopper={} reward={} coins={}",
        shopperId,
        r.rewardId().value(),
        r.priceCoins());
    return ResponseEntity.created(
            URI.create("/api/v1/shoppers/" + shopperId + "/redemptions/" + r.id()))
        .body(body);
  }

  @Operation(
      operationId = "listRedemptions",
      summary = "List a shopper's redemptions, newest first")
  @GetMapping
  Page<RedemptionView> list(
      @PathVariable String shopperId,
      @Parameter(
              schema =
                  @Schema(
                      type = "integer",
                      format = "int32",
                      minimum = "1",
                      maximum = "" + RedeemReward.MAX_PAGE_SIZE,
                      defaultValue = "20"))
          @RequestParam(defaultValue = "20")
          int limit,
      @RequestParam(required = false) String cursor) {
    List<Redemption> rows = redeem.list(shopperId, Views.parseCursor(cursor), limit);
    String next =
        rows.size() < limit
            ? null
            : Views.cursor(rows.get(rows.size() - 1).createdAt(), rows.get(rows.size() - 1).id());
    return new Page<>(rows.stream().map(RedemptionView::of).toList(), next);
  }
}
