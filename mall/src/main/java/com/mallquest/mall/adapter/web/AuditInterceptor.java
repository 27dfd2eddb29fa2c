package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.security.ApiKeyPrincipal;
import com.mallquest.mall.application.audit.AuditTrail;
import com.mallquest.mall.domain.ApiKeyRole;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records every successful ADMIN write to the operator's catalogue and to shoppers' accounts in the
 * audit log (ADR 0018): stores, missions, rewards, companion species, API keys, refunds, coin
 * adjustments, blocks, profile changes and imports. Shopper activity (purchases, check-ins,
 * registrations, redemptions, companions) is not audited: the ledgers record it.
 *
 * <p>It runs after the handler, so only answered writes (2xx) are kept; a replay of a kept
 * Idempotency-Key response never reaches a handler and is not recorded twice. The target is the
 * resource the path or the {@code Location} of a 201 names, unless the handler set {@link #TARGET};
 * the reason is what the handler put in {@link #REASON}.
 */
final class AuditInterceptor implements HandlerInterceptor {

  /** Request attribute: the audit target, when the path does not name it. */
  static final String TARGET = AuditInterceptor.class.getName() + ".target";

  /** Request attribute: the reason the request gave. */
  static final String REASON = AuditInterceptor.class.getName() + ".reason";

  private static final Logger log = LoggerFactory.getLogger(AuditInterceptor.class);

  /**
   * Audited path patterns (as the handler mappings declare them) and the kind of target each names.
   */
  private static final List<Map.Entry<String, String>> AUDITED =
      List.of(
          Map.entry("/api/v1/stores", "store"),
          Map.entry("/api/v1/missions", "mission"),
          Map.entry("/api/v1/rewards", "reward"),
          Map.entry("/api/v1/companions/species", "species"),
          Map.entry("/api/v1/api-keys", "api-key"),
          Map.entry("/api/v1/purchases/{id}/refund", "purchase"),
          Map.entry("/api/v1/shoppers/import", "import"),
          Map.entry("/api/v1/shoppers/{id}/adjustments", "shopper"),
          Map.entry("/api/v1/shoppers/{id}/block", "shopper"),
          Map.entry("/api/v1/shoppers/{id}/unblock", "shopper"),
          Map.entry("/api/v1/shoppers/{id}", "shopper"));

  private final AuditTrail trail;

  AuditInterceptor(AuditTrail trail) {
    this.trail = trail;
  }

  /** Sets the reason the audit entry of this request records. */
  static void reason(HttpServletRequest request, String reason) {
    if (reason != null && !reason.isBlank()) {
      request.setAttribute(REASON, reason.strip());
    }
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
    String method = request.getMethod();
    int status = response.getStatus();
    if ("GET".equals(method)
        || "HEAD".equals(method)
        || "OPTIONS".equals(method)
        || status < 200
        || status >= 300) {
      return;
    }
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null
        || !(authentication.getPrincipal() instanceof ApiKeyPrincipal caller)
        || caller.role() != ApiKeyRole.ADMIN) {
      return;
    }
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    if (!(pattern instanceof String route)) {
      return;
    }
    Optional<String> kind = kindOf(route);
    if (kind.isEmpty()) {
      return;
    }
    String target =
        request.getAttribute(TARGET) instanceof String t
            ? t
            : target(kind.get(), request, response);
    Optional<String> reason = Optional.ofNullable((String) request.getAttribute(REASON));
    try {
      trail.record(
          new AuditTrail.Write(caller.keyId(), method + " " + route, target, reason, status));
    } catch (DataAccessException e) {
      // The write itself was answered; say so once, without the request's data.
      log.warn(
          "audit entry not recorded action={} {} target={}: {}",
          method,
          route,
          target,
          e.getClass().getSimpleName());
    }
  }

  private static Optional<String> kindOf(String route) {
    for (Map.Entry<String, String> audited : AUDITED) {
      String prefix = audited.getKey();
      boolean match =
          prefix.contains("{")
              ? route.equals(prefix)
              : route.equals(prefix) || route.startsWith(prefix + "/");
      if (match) {
        return Optional.of(audited.getValue());
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static String target(
      String kind, HttpServletRequest request, HttpServletResponse response) {
    Object vars = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    if (vars instanceof Map<?, ?> map && map.get("id") instanceof String id) {
      return kind + ":" + id;
    }
    String location = response.getHeader(HttpHeaders.LOCATION);
    if (location != null && location.lastIndexOf('/') >= 0) {
      return kind + ":" + location.substring(location.lastIndexOf('/') + 1);
    }
    return kind;
  }
}
