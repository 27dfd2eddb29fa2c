package com.mallquest.mall.adapter.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * The body a webhook receiver gets, per event type, for the OpenAPI document (ADR 0020; the bodies
 * are built by the outbox fan-out from the domain events, field for field as documented here).
 */
final class WebhookEventSchemas {

  private WebhookEventSchemas() {}

  /**
   * Every delivery's body.
   *
   * @param id the event's stable id: the same on every attempt and redelivery (the {@code
   *     webhook-id} header)
   * @param type the event type
   * @param timestamp when the change that caused the event committed
   * @param version the body's schema version (1)
   * @param shopperId whose event; null for {@code webhook.test}
   * @param sequence the event's position among the shopper's events; a subscription receives one
   *     shopper's events in ascending sequence
   * @param data the type's fields
   */
  @Schema(
      name = "WebhookEvent",
      description =
          "The JSON body POSTed to a webhook target, signed per Standard"
              + " Webhooks (headers webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of"
              + " id.timestamp.body>). See docs/WEBHOOKS.md.")
  record WebhookEvent(
      @Schema(example = "evt_18231") String id,
      @Schema(
              allowableValues = {
                "purchase.recorded",
                "purchase.refunded",
                "shopper.level_up",
                "shopper.tier_changed",
                "checkin.recorded",
                "mission.completed",
                "companion.acquired",
                "companion.evolved",
                "reward.redeemed",
                "webhook.test"
              })
          String type,
      Instant timestamp,
      @Schema(example = "1") int version,
      @Schema(nullable = true) String shopperId,
      long sequence,
      @Schema(
              oneOf = {
                PurchaseRecorded.class,
                PurchaseRefunded.class,
                LevelUp.class,
                TierChanged.class,
                CheckinRecorded.class,
                MissionCompleted.class,
                CompanionAcquired.class,
                CompanionEvolved.class,
                RewardRedeemed.class,
                WebhookTest.class
              })
          Object data) {}

  @Schema(name = "WebhookPurchaseRecorded", description = "data of purchase.recorded")
  record PurchaseRecorded(
      String purchaseId,
      String storeId,
      String receiptId,
      long amountMinor,
      String currency,
      long coinsEarned,
      long xpEarned) {}

  @Schema(name = "WebhookPurchaseRefunded", description = "data of purchase.refunded")
  record PurchaseRefunded(
      String purchaseId,
      String storeId,
      long amountMinor,
      long coinsReversed,
      long coinsShortfall,
      long xpReversed) {}

  @Schema(name = "WebhookLevelUp", description = "data of shopper.level_up")
  record LevelUp(int fromLevel, int toLevel) {}

  @Schema(name = "WebhookTierChanged", description = "data of shopper.tier_changed")
  record TierChanged(
      @Schema(allowableValues = {"BRONZE", "SILVER", "GOLD", "PLATINUM"}) String from,
      @Schema(allowableValues = {"BRONZE", "SILVER", "GOLD", "PLATINUM"}) String to) {}

  @Schema(name = "WebhookCheckinRecorded", description = "data of checkin.recorded")
  record CheckinRecorded(int streak, long coinsAwarded) {}

  @Schema(name = "WebhookMissionCompleted", description = "data of mission.completed")
  record MissionCompleted(
      String missionId,
      Instant periodStart,
      long coins,
      long xp,
      @Schema(nullable = true) String companionSpeciesId) {}

  @Schema(name = "WebhookCompanionAcquired", description = "data of companion.acquired")
  record CompanionAcquired(
      String companionId,
      String speciesId,
      @Schema(allowableValues = {"mission", "milestone", "purchase"}) String source) {}

  @Schema(name = "WebhookCompanionEvolved", description = "data of companion.evolved")
  record CompanionEvolved(String companionId, String speciesId, int fromStage, int toStage) {}

  @Schema(name = "WebhookRewardRedeemed", description = "data of reward.redeemed")
  record RewardRedeemed(String redemptionId, String rewardId, String code, long priceCoins) {}

  @Schema(
      name = "WebhookTest",
      description = "data of webhook.test (POST /api/v1/webhooks/{id}/test)")
  record WebhookTest(String subscriptionId) {}
}
