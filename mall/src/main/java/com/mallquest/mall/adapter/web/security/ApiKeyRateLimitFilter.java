package com.mallquest.mall.adapter.web.security;

import com.mallquest.mall.adapter.ratelimit.ApiKeyRateLimiter;
import com.mallquest.mall.adapter.web.problem.ProblemResponses;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits each API key to its requests per minute with a token bucket (capacity = the per-minute
 * limit, refilled greedily over a minute; {@link ApiKeyRateLimiter}: shared by every instance
 * through Redis, ADR 0022): over the limit, 429 problem+json with {@code Retry-After} in whole
 * seconds. Runs right after authentication, so anonymous requests are not counted (they get 401
 * anyway) and a key's forbidden requests are.
 */
final class ApiKeyRateLimitFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(ApiKeyRateLimitFilter.class);

  private final int defaultPerMinute;
  private final ApiKeyRateLimiter limiter;

  /**
   * @param defaultPerMinute the limit of keys without their own
   * @param limiter the buckets
   */
  ApiKeyRateLimitFilter(int defaultPerMinute, ApiKeyRateLimiter limiter) {
    if (defaultPerMinute < 1) {
      throw new IllegalArgumentException(
          "mallquest.security.rate-limit.requests-per-minute must be positive, was "
              + defaultPerMinute);
    }
    this.defaultPerMinute = defaultPerMinute;
    this.limiter = limiter;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null
        || !(authentication.getPrincipal() instanceof ApiKeyPrincipal caller)) {
      chain.doFilter(request, response);
      return;
    }
    int perMinute = caller.rateLimitPerMinute().orElse(defaultPerMinute);
    ConsumptionProbe probe = limiter.tryConsume(caller.keyId(), perMinute);
    if (probe.isConsumed()) {
      chain.doFilter(request, response);
      return;
    }
    long retryAfterSeconds =
        Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
    log.debug("rate limited key={} limitPerMinute={}", caller.keyId(), perMinute);
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    ProblemResponses.write(
        response,
        ProblemResponses.problem(
            HttpStatus.TOO_MANY_REQUESTS,
            "This API key may make "
                + perMinute
                + " requests a minute; retry after "
                + retryAfterSeconds
                + " s",
            request));
  }
}
