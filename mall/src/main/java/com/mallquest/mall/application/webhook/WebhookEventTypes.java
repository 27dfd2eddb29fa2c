package com.mallquest.mall.application.webhook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The event types a webhook can subscribe to, and the domain events they come from (ADR 0020). A
 * domain event of a type not listed here (mission progress, caps reached) is not delivered.
 */
public final class WebhookEventTypes {

  /**
   * The type of a test event ("send a test event"); it goes to its one subscription whatever it
   * lists.
   */
  public static final String TEST = "webhook.test";

  private static final Map<String, String> BY_DOMAIN_TYPE = new LinkedHashMap<>();

  static {
    BY_DOMAIN_TYPE.put("purchase_recorded", "purchase.recorded");
    BY_DOMAIN_TYPE.put("purchase_refunded", "purchase.refunded");
    BY_DOMAIN_TYPE.put("level_up", "shopper.level_up");
    BY_DOMAIN_TYPE.put("tier_changed", "shopper.tier_changed");
    BY_DOMAIN_TYPE.put("checked_in", "checkin.recorded");
    BY_DOMAIN_TYPE.put("mission_completed", "mission.completed");
    BY_DOMAIN_TYPE.put("companion_acquired", "companion.acquired");
    BY_DOMAIN_TYPE.put("companion_evolved", "companion.evolved");
    BY_DOMAIN_TYPE.put("reward_redeemed", "reward.redeemed");
  }

  /** Every type a subscription may list, in documentation order. */
  public static final Set<String> ALL = Set.copyOf(BY_DOMAIN_TYPE.values());

  /** The types whose events are about one store: the only ones a store filter applies to. */
  public static final Set<String> STORE_SCOPED = Set.of("purchase.recorded", "purchase.refunded");

  private WebhookEventTypes() {}

  /** The webhook type of a domain event type ({@code DomainEvent.type()}), if it is delivered. */
  public static Optional<String> of(String domainType) {
    return Optional.ofNullable(BY_DOMAIN_TYPE.get(domainType));
  }

  /** Every type a subscription may list, in documentation order. */
  public static java.util.List<String> ordered() {
    return java.util.List.copyOf(BY_DOMAIN_TYPE.values());
  }
}
