package com.mallquest.mall.application.webhook;

import com.mallquest.mall.application.WakeSignal;
import com.mallquest.mall.application.port.WebhookRepository;
import com.mallquest.mall.application.port.WebhookRepository.Delivery;
import com.mallquest.mall.application.port.WebhookRepository.NewDelivery;
import com.mallquest.mall.application.port.WebhookRepository.Subscription;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.StoreId;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' webhook subscriptions (ADR 0020): create (the secret is in the answer, never again),
 * list, change, delete; the delivery log; a test event; a redelivery. Targets are checked by {@link
 * WebhookTargets}.
 */
public final class ManageWebhooks {

  /** Most subscriptions a mall may have. */
  public static final int MAX_SUBSCRIPTIONS = 100;

  /** Most stores in one subscription's filter. */
  public static final int MAX_STORES = 100;

  /** The largest page of the delivery log. */
  public static final int MAX_PAGE_SIZE = 200;

  /** The longest description. */
  public static final int MAX_DESCRIPTION = 200;

  private static final Logger log = LoggerFactory.getLogger(ManageWebhooks.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A new subscription.
   *
   * @param url the target
   * @param eventTypes the types it receives (at least one)
   * @param storeIds the stores whose events it receives; null or empty: every store
   * @param description an operators' note, or null
   * @param active whether it receives events; null: true
   */
  public record CreateCommand(
      String url,
      List<String> eventTypes,
      List<String> storeIds,
      String description,
      Boolean active) {}

  /**
   * Changes; a null field stays as it is.
   *
   * @param url the new target
   * @param eventTypes the new types
   * @param storeIds the new store filter ({@code []}: every store)
   * @param description the new note
   * @param active pause (false) or resume (true)
   */
  public record UpdateCommand(
      String url,
      List<String> eventTypes,
      List<String> storeIds,
      String description,
      Boolean active) {}

  private final WebhookRepository repository;
  private final WebhookTargets targets;
  private final WakeSignal signal;
  private final Clock clock;

  /** With its port, the target policy and the worker's wake-up. */
  public ManageWebhooks(
      WebhookRepository repository, WebhookTargets targets, WakeSignal signal, Clock clock) {
    this.repository = repository;
    this.targets = targets;
    this.signal = signal;
    this.clock = clock;
  }

  /** Creates a subscription; its secret is in the result and never shown again. */
  public Subscription create(CreateCommand c) {
    URI url = targets.parse(c.url());
    Set<String> types = eventTypes(c.eventTypes());
    Set<String> stores = storeIds(c.storeIds(), types);
    String description = description(c.description());
    if (repository.list().size() >= MAX_SUBSCRIPTIONS) {
      throw new ConflictException(
          "a mall may have at most " + MAX_SUBSCRIPTIONS + " webhook subscriptions");
    }
    Instant now = clock.instant();
    Subscription s =
        new Subscription(
            newId(),
            url,
            types,
            stores,
            description,
            WebhookSignature.newSecret(),
            c.active() == null || c.active(),
            null,
            now,
            now);
    repository.insert(s);
    log.info("webhook subscription created id={} host={} types={}", s.id(), url.getHost(), types);
    return s;
  }

  /** Every subscription. */
  public List<Subscription> list() {
    return repository.list();
  }

  /** One subscription. */
  public Subscription get(String id) {
    return find(id);
  }

  /** Changes a subscription. */
  public Subscription update(String id, UpdateCommand c) {
    Subscription s = find(id);
    URI url = c.url() == null ? s.targetUrl() : targets.parse(c.url());
    Set<String> types = c.eventTypes() == null ? s.eventTypes() : eventTypes(c.eventTypes());
    Set<String> stores =
        storeIds(c.storeIds() == null ? List.copyOf(s.storeIds()) : c.storeIds(), types);
    String description = c.description() == null ? s.description() : description(c.description());
    boolean active = c.active() == null ? s.active() : c.active();
    Subscription changed =
        new Subscription(
            s.id(),
            url,
            types,
            stores,
            description,
            s.secret(),
            active,
            s.failingSince(),
            s.createdAt(),
            clock.instant());
    if (!repository.update(changed)) {
      throw new NotFoundException("webhook", id);
    }
    log.info(
        "webhook subscription changed id={} host={} types={} active={}",
        id,
        url.getHost(),
        types,
        active);
    if (active) {
      signal.wake();
    }
    return changed;
  }

  /** Deletes a subscription and its delivery log. */
  public void delete(String id) {
    if (!validId(id) || !repository.delete(id)) {
      throw new NotFoundException("webhook", String.valueOf(id));
    }
    log.info("webhook subscription deleted id={}", id);
  }

  /** The subscription's latest deliveries, newest first. */
  public List<Delivery> deliveries(String id, int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidInputException(
          "limit", "limit must be between 1 and " + MAX_PAGE_SIZE + ": " + limit);
    }
    find(id);
    return repository.deliveries(id, limit);
  }

  /**
   * Queues a {@code webhook.test} event for the subscription (delivered even while it is paused).
   */
  public Delivery test(String id) {
    Subscription s = find(id);
    Instant now = clock.instant();
    String eventId = "evt_test_" + UUID.randomUUID().toString().replace("-", "");
    String payload =
        "{\"id\":\""
            + eventId
            + "\",\"type\":\""
            + WebhookEventTypes.TEST
            + "\",\"timestamp\":\""
            + now
            + "\",\"version\":1,\"shopperId\":null,\"sequence\":0,\"data\":{\"subscriptionId\":\""
            + s.id()
            + "\"}}";
    long deliveryId =
        repository.insertDelivery(
            new NewDelivery(s.id(), eventId, WebhookEventTypes.TEST, "", 0, payload, now));
    signal.wake();
    return repository
        .delivery(s.id(), deliveryId)
        .orElseThrow(() -> new NotFoundException("webhook", id));
  }

  /** Sends a delivery again (due now, a fresh retry window), whatever its status. */
  public Delivery redeliver(String id, long deliveryId) {
    find(id);
    if (!repository.redeliver(id, deliveryId, clock.instant())) {
      throw new NotFoundException("delivery", Long.toString(deliveryId));
    }
    signal.wake();
    log.info("webhook redelivery requested subscription={} delivery={}", id, deliveryId);
    return repository
        .delivery(id, deliveryId)
        .orElseThrow(() -> new NotFoundException("delivery", Long.toString(deliveryId)));
  }

  private Subscription find(String id) {
    Optional<Subscription> s = validId(id) ? repository.find(id) : Optional.empty();
    return s.orElseThrow(() -> new NotFoundException("webhook", String.valueOf(id)));
  }

  private static boolean validId(String id) {
    return id != null && id.length() <= 40;
  }

  private static String newId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "wh_" + HexFormat.of().formatHex(bytes);
  }

  private static Set<String> eventTypes(List<String> types) {
    if (types == null || types.isEmpty()) {
      throw new InvalidInputException(
          "eventTypes", "eventTypes must list at least one of " + WebhookEventTypes.ordered());
    }
    Set<String> out = new LinkedHashSet<>();
    for (String t : types) {
      if (t == null || !WebhookEventTypes.ALL.contains(t)) {
        throw new InvalidInputException(
            "eventTypes",
            "unknown event type " + abbreviate(t) + "; known: " + WebhookEventTypes.ordered());
      }
      out.add(t);
    }
    return out;
  }

  private static Set<String> storeIds(List<String> ids, Set<String> types) {
    if (ids == null || ids.isEmpty()) {
      return Set.of();
    }
    if (ids.size() > MAX_STORES) {
      throw new InvalidInputException(
          "storeIds", "storeIds may list at most " + MAX_STORES + " stores");
    }
    Set<String> out = new LinkedHashSet<>();
    for (String id : ids) {
      out.add(InvalidInputException.parseAs("storeIds", StoreId::of, id).value());
    }
    for (String t : types) {
      if (!WebhookEventTypes.STORE_SCOPED.contains(t)) {
        throw new InvalidInputException(
            "storeIds",
            "a store filter applies only to "
                + WebhookEventTypes.STORE_SCOPED
                + "; "
                + t
                + " is not about one store");
      }
    }
    return out;
  }

  private static String description(String description) {
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw new InvalidInputException(
          "description", "description must be at most " + MAX_DESCRIPTION + " characters");
    }
    return description;
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
