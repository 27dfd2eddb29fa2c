package com.mallquest.mall.adapter.web;

import com.mallquest.mall.application.port.PageCursor;
import com.mallquest.mall.domain.DomainEvent;
import com.mallquest.mall.domain.EarningRules;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.Store;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of the API's responses, and the opaque paging cursor. */
public final class Views {

  private Views() {}

  /** A shopper's profile. */
  record ShopperView(
      String id,
      String displayName,
      String language,
      String timeZone,
      long coins,
      long xp,
      int level,
      long xpToNextLevel,
      String vipTier,
      long lifetimeSpendMinor,
      int loginStreak,
      LocalDate lastCheckInDate,
      Instant createdAt,
      long version) {

    static ShopperView of(Shopper s, EarningRules rules) {
      return new ShopperView(
          s.id().value(),
          s.displayName(),
          s.language(),
          s.timeZone().getId(),
          s.coins(),
          s.xp(),
          s.level(),
          rules.xpToNextLevel(s.xp()),
          s.vipTier().displayName(),
          s.lifetimeSpendMinor(),
          s.loginStreak(),
          s.lastCheckInDate(),
          s.createdAt(),
          s.version());
    }
  }

  /** A store. */
  record StoreView(
      String id,
      String name,
      String category,
      String floor,
      BigDecimal coinMultiplier,
      boolean active,
      long version) {

    static StoreView of(Store s) {
      return new StoreView(
          s.id().value(),
          s.name(),
          s.category().name().toLowerCase(Locale.ROOT),
          s.floor(),
          s.coinMultiplier(),
          s.active(),
          s.version());
    }
  }

  /** A purchase as listed. */
  record PurchaseView(
      String purchaseId,
      String storeId,
      String receiptId,
      long amountMinor,
      String currency,
      long coinsEarned,
      long xpEarned,
      Instant createdAt) {

    static PurchaseView of(Purchase p) {
      return new PurchaseView(
          p.id(),
          p.storeId().value(),
          p.receiptId(),
          p.amountMinor(),
          p.currency(),
          p.coinsEarned(),
          p.xpEarned(),
          p.createdAt());
    }
  }

  /** A ledger row. */
  record LedgerView(
      long id, long delta, long balanceAfter, String reason, String reference, Instant createdAt) {

    static LedgerView of(LedgerEntry e) {
      return new LedgerView(
          e.id(),
          e.delta(),
          e.balanceAfter(),
          e.reason().name().toLowerCase(Locale.ROOT),
          e.reference(),
          e.createdAt());
    }
  }

  /** A page of items with the cursor of the next page (absent on the last page). */
  record Page<T>(List<T> items, String nextCursor) {}

  /** The events of an outcome, as {@code {"type": ..., ...}} objects. */
  static List<Map<String, Object>> events(List<DomainEvent> events) {
    return events.stream().map(Views::eventFields).toList();
  }

  /** The events, each with a ready-to-show {@code message} in the first preferred language. */
  static List<Map<String, Object>> events(
      List<DomainEvent> events, EventMessages messages, List<String> languages) {
    return events.stream()
        .map(
            event -> {
              Map<String, Object> json = eventFields(event);
              messages.render(event, languages).ifPresent(m -> json.put("message", m));
              return json;
            })
        .toList();
  }

  /** One event as {@code {"type": ..., ...}}. */
  static Map<String, Object> eventFields(DomainEvent event) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", event.type());
    if (event instanceof DomainEvent.LevelUp up) {
      json.put("from", up.fromLevel());
      json.put("to", up.toLevel());
    } else if (event instanceof DomainEvent.TierChanged tier) {
      json.put("from", tier.from().displayName());
      json.put("to", tier.to().displayName());
    } else if (event instanceof DomainEvent.CheckedIn in) {
      json.put("streak", in.streak());
      json.put("coinsAwarded", in.coinsAwarded());
    } else {
      missionEvent(event, json);
    }
    return json;
  }

  private static void missionEvent(DomainEvent event, Map<String, Object> json) {
    if (event instanceof DomainEvent.MissionProgressed p) {
      json.put("missionId", p.missionId());
      json.put("progress", p.progress());
      json.put("target", p.target());
    } else if (event instanceof DomainEvent.MissionCompleted c) {
      json.put("missionId", c.missionId());
      json.put("windowStart", c.periodStart());
      json.put("coins", c.coins());
      json.put("xp", c.xp());
      if (c.companionSpeciesId() != null) {
        json.put("companionSpeciesId", c.companionSpeciesId());
      }
    } else if (event instanceof DomainEvent.CapReached cap) {
      json.put("cap", cap.cap());
      json.put("limit", cap.limit());
      json.put("coinsWithheld", cap.coinsWithheld());
    } else if (event instanceof DomainEvent.CompanionAcquired a) {
      json.put("companionId", a.companionId());
      json.put("speciesId", a.speciesId());
      json.put("source", a.source());
    } else if (event instanceof DomainEvent.CompanionEvolved e) {
      json.put("companionId", e.companionId());
      json.put("speciesId", e.speciesId());
      json.put("fromStage", e.fromStage());
      json.put("toStage", e.toStage());
    }
  }

  /**
   * Parses an enum constant, ignoring case; 400 naming {@code field} and the allowed values
   * otherwise.
   */
  static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, field + " is required");
    }
    String name = value.strip().toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    throw new InvalidInputException(
        field,
        field
            + " must be one of "
            + java.util.Arrays.toString(type.getEnumConstants())
            + ", was \""
            + shown
            + '"');
  }

  /** The opaque cursor for a row. */
  static String cursor(Instant createdAt, String id) {
    String raw = createdAt.toString() + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a cursor from a client; 400 naming {@code cursor} if it is not one of ours. */
  static Optional<PageCursor> parseCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return Optional.empty();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      if (bar < 0 || cursor.length() > 200) {
        throw new IllegalArgumentException("no separator");
      }
      return Optional.of(
          new PageCursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new InvalidInputException("cursor", "cursor is not valid");
    }
  }
}
