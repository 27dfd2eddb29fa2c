package com.mallquest.mall.adapter.web;

import com.mallquest.mall.application.port.WebhookRepository.Delivery;
import com.mallquest.mall.application.port.WebhookRepository.Subscription;
import com.mallquest.mall.application.webhook.ManageWebhooks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Webhook subscriptions, their delivery log, test events and redeliveries (ADMIN; ADR 0020). */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
    name = "Webhooks",
    description = "Events out, signed, delivered at least once (docs/WEBHOOKS.md)")
class WebhookController {

  /**
   * A new subscription.
   *
   * @param url https target (http only to loopback where configured)
   * @param eventTypes the types to receive
   * @param storeIds only events of these stores (purchase.recorded and purchase.refunded only);
   *     absent: all
   * @param description an operators' note
   * @param active default true
   */
  record CreateWebhookRequest(
      @Schema(example = "https://crm.example.com/mallquest/events") @Size(max = 2048) String url,
      @Schema(example = "[\"purchase.recorded\", \"shopper.level_up\"]") @Size(max = 20)
          List<String> eventTypes,
      @Size(max = 100) List<String> storeIds,
      @Size(max = 200) String description,
      Boolean active) {}

  /**
   * Changes; absent fields stay.
   *
   * @param url the new target
   * @param eventTypes the new types
   * @param storeIds the new store filter; {@code []} for all stores
   * @param description the new note
   * @param active false pauses, true resumes
   */
  record UpdateWebhookRequest(
      @Size(max = 2048) String url,
      @Size(max = 20) List<String> eventTypes,
      @Size(max = 100) List<String> storeIds,
      @Size(max = 200) String description,
      Boolean active) {}

  /**
   * A subscription.
   *
   * @param id its id
   * @param url its target
   * @param eventTypes the types it receives
   * @param storeIds its store filter; empty: all stores
   * @param description the operators' note
   * @param active whether new events go to it
   * @param status {@code active}, {@code paused}, or {@code failing} (a delivery gave up after 24 h
   *     of retries and none succeeded since)
   * @param failingSince when it started failing
   * @param createdAt when it was created
   * @param updatedAt when it last changed
   * @param secret the signing secret: only in the answer to its creation
   */
  record WebhookView(
      String id,
      String url,
      List<String> eventTypes,
      List<String> storeIds,
      String description,
      boolean active,
      @Schema(allowableValues = {"active", "paused", "failing"}) String status,
      Instant failingSince,
      Instant createdAt,
      Instant updatedAt,
      @Schema(
              description = "whsec_...; only in the answer to POST",
              example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
          String secret) {

    static WebhookView of(Subscription s, boolean withSecret) {
      String status = !s.active() ? "paused" : s.failingSince() != null ? "failing" : "active";
      return new WebhookView(
          s.id(),
          s.targetUrl().toString(),
          List.copyOf(s.eventTypes()),
          List.copyOf(s.storeIds()),
          s.description(),
          s.active(),
          status,
          s.failingSince(),
          s.createdAt(),
          s.updatedAt(),
          withSecret ? s.secret() : null);
    }
  }

  /**
   * One delivery of an event to a subscription.
   *
   * @param id its id
   * @param eventId the event's id ({@code webhook-id})
   * @param eventType the event's type
   * @param shopperId whose event
   * @param sequence the event's position among the shopper's events
   * @param status {@code pending}, {@code delivered} or {@code failed}
   * @param attempts attempts so far
   * @param nextAttemptAt when it is due next (pending)
   * @param createdAt when the event happened
   * @param lastAttemptAt when the last attempt ended
   * @param lastHttpStatus the receiver's last status; absent if it did not answer
   * @param lastError why the last attempt failed
   * @param latencyMs how long the last attempt took
   * @param deliveredAt when a receiver accepted it
   */
  record DeliveryView(
      long id,
      String eventId,
      String eventType,
      String shopperId,
      long sequence,
      @Schema(allowableValues = {"pending", "delivered", "failed"}) String status,
      int attempts,
      Instant nextAttemptAt,
      Instant createdAt,
      Instant lastAttemptAt,
      Integer lastHttpStatus,
      String lastError,
      Long latencyMs,
      Instant deliveredAt) {

    static DeliveryView of(Delivery d) {
      return new DeliveryView(
          d.id(),
          d.eventId(),
          d.eventType(),
          d.shopperId().isEmpty() ? null : d.shopperId(),
          d.sequence(),
          d.status().name().toLowerCase(java.util.Locale.ROOT),
          d.attempts(),
          d.status() == com.mallquest.mall.application.port.WebhookRepository.Status.PENDING
              ? d.nextAttemptAt()
              : null,
          d.createdAt(),
          d.lastAttemptAt(),
          d.lastStatus(),
          d.lastError(),
          d.lastLatencyMs(),
          d.deliveredAt());
    }
  }

  /**
   * A test event queued.
   *
   * @param delivery its delivery (follow it in the log)
   * @param event the body the receiver gets; its schema documents every event type's {@code data}
   */
  record TestEventView(DeliveryView delivery, WebhookEventSchemas.WebhookEvent event) {}

  /**
   * Subscriptions.
   *
   * @param items all of them, oldest first
   */
  record WebhookList(List<WebhookView> items) {}

  /**
   * The delivery log.
   *
   * @param items the latest deliveries, newest first
   */
  record DeliveryList(List<DeliveryView> items) {}

  private final ManageWebhooks webhooks;

  WebhookController(ManageWebhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Operation(
      summary =
          "Create a webhook subscription; the answer holds its signing secret, shown only once",
      description =
          "The subscription receives the events of the changes written after this answer; a change"
              + " being written at the same moment may or may not be delivered to it.")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<WebhookView> create(@Valid @RequestBody CreateWebhookRequest r) {
    Subscription s =
        webhooks.create(
            new ManageWebhooks.CreateCommand(
                r.url(), r.eventTypes(), r.storeIds(), r.description(), r.active()));
    return ResponseEntity.created(URI.create("/api/v1/webhooks/" + s.id()))
        .body(WebhookView.of(s, true));
  }

  @Operation(summary = "List webhook subscriptions (without secrets)")
  @GetMapping
  WebhookList list() {
    return new WebhookList(webhooks.list().stream().map(s -> WebhookView.of(s, false)).toList());
  }

  @Operation(summary = "A webhook subscription (without its secret)")
  @GetMapping("/{id}")
  WebhookView get(@PathVariable String id) {
    return WebhookView.of(webhooks.get(id), false);
  }

  @Operation(
      summary = "Change, pause or resume a webhook subscription",
      description =
          "A subscription resumed, or given another type, receives the events of the changes"
              + " written after this answer; a paused one receives none, and none are kept for it.")
  @PatchMapping(
      path = "/{id}",
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
  WebhookView update(@PathVariable String id, @Valid @RequestBody UpdateWebhookRequest r) {
    return WebhookView.of(
        webhooks.update(
            id,
            new ManageWebhooks.UpdateCommand(
                r.url(), r.eventTypes(), r.storeIds(), r.description(), r.active())),
        false);
  }

  @Operation(summary = "Delete a webhook subscription and its delivery log")
  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable String id) {
    webhooks.delete(id);
  }

  @Operation(
      summary =
          "The subscription's delivery log: latest deliveries with status, attempts and latency")
  @GetMapping("/{id}/deliveries")
  DeliveryList deliveries(@PathVariable String id, @RequestParam(defaultValue = "50") int limit) {
    return new DeliveryList(webhooks.deliveries(id, limit).stream().map(DeliveryView::of).toList());
  }

  @Operation(summary = "Send a webhook.test event to the subscription (also while it is paused)")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @PostMapping("/{id}/test")
  ResponseEntity<TestEventView> test(@PathVariable String id) {
    Delivery d = webhooks.test(id);
    return ResponseEntity.accepted()
        .body(
            new TestEventView(
                DeliveryView.of(d),
                new WebhookEventSchemas.WebhookEvent(
                    d.eventId(),
                    d.eventType(),
                    d.createdAt(),
                    1,
                    null,
                    0,
                    new WebhookEventSchemas.WebhookTest(id))));
  }

  @Operation(summary = "Deliver one delivery again: due now, attempts and retry window reset")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
  ResponseEntity<DeliveryView> redeliver(@PathVariable String id, @PathVariable long deliveryId) {
    return ResponseEntity.accepted().body(DeliveryView.of(webhooks.redeliver(id, deliveryId)));
  }
}
