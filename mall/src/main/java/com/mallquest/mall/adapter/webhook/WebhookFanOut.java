package com.mallquest.mall.adapter.webhook;

import com.mallquest.mall.application.port.ChangeOutbox.Kind;
import com.mallquest.mall.application.port.ChangeOutbox.Pending;
import com.mallquest.mall.application.port.ChangePublisher;
import com.mallquest.mall.application.port.WebhookRepository;
import com.mallquest.mall.application.port.WebhookRepository.NewDelivery;
import com.mallquest.mall.application.port.WebhookRepository.Subscription;
import com.mallquest.mall.application.webhook.WebhookEventTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the outbox's EVENT rows into webhook deliveries (ADR 0020): one per active subscription
 * that wants the event's type (and store), inserted in the outbox relay's claim transaction, so an
 * event becomes deliveries exactly once: if the batch is not published, the deliveries roll back
 * with it. The body is fixed here, once: {@code {"id":"evt_<outbox id>", "type", "timestamp",
 * "version":1, "shopperId", "sequence":<outbox id>, "data"}}; every attempt sends (and signs) the
 * same bytes.
 */
public final class WebhookFanOut implements ChangePublisher {

  /** The body's schema version. */
  public static final int VERSION = 1;

  private static final Logger log = LoggerFactory.getLogger(WebhookFanOut.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebhookRepository repository;

  /** Over the subscriptions and deliveries. */
  public WebhookFanOut(WebhookRepository repository) {
    this.repository = repository;
  }

  @Override
  public boolean publish(List<Pending> batch) {
    List<Pending> events =
        batch.stream().filter(p -> p.kind() == Kind.EVENT && p.payload() != null).toList();
    if (events.isEmpty()) {
      return true;
    }
    List<Subscription> subscriptions = repository.active();
    if (subscriptions.isEmpty()) {
      return true;
    }
    List<NewDelivery> deliveries = new ArrayList<>();
    for (Pending event : events) {
      Optional<Envelope> envelope = envelope(event);
      if (envelope.isEmpty()) {
        continue;
      }
      Envelope e = envelope.get();
      for (Subscription s : subscriptions) {
        if (s.wants(e.type(), e.storeId())) {
          deliveries.add(
              new NewDelivery(
                  s.id(), e.id(), e.type(), event.key(), event.id(), e.body(), event.createdAt()));
        }
      }
    }
    repository.insertDeliveries(deliveries);
    return true;
  }

  /** What one event becomes. */
  record Envelope(String id, String type, String storeId, String body) {}

  /**
   * The event's body; empty if its type is not delivered (or its payload unreadable: logged,
   * skipped).
   */
  static Optional<Envelope> envelope(Pending event) {
    JsonNode payload;
    try {
      payload = JSON.readTree(event.payload());
    } catch (JacksonException e) {
      log.warn("webhooks: outbox event {} has an unreadable payload; not delivered", event.id());
      return Optional.empty();
    }
    Optional<String> type = WebhookEventTypes.of(payload.path("type").asString(""));
    if (type.isEmpty()) {
      return Optional.empty();
    }
    JsonNode data = payload.path("data");
    String id = "evt_" + event.id();
    ObjectNode body = JSON.createObjectNode();
    body.put("id", id);
    body.put("type", type.get());
    body.put("timestamp", event.createdAt().toString());
    body.put("version", VERSION);
    body.put("shopperId", event.key());
    body.put("sequence", event.id());
    body.set("data", data.isObject() ? data : JSON.createObjectNode());
    JsonNode store = data.path("storeId");
    return Optional.of(
        new Envelope(
            id,
            type.get(),
            store.isString() ? store.asString() : null,
            JSON.writeValueAsString(body)));
  }
}
