package com.mallquest.mall.adapter.web.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mallquest.mall.adapter.web.problem.ProblemResponses;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits each API key to its requests per minute with a Bucket4j token bucket (capacity = the
 * per-minute limit, refilled greedily over a minute): over the limit, 429 problem+json with
 * {@code Retry-After} in whole seconds. Runs right after authentication, so anonymous requests are
 * not counted (they get 401 anyway) and a key's forbidden requests are.
 *
 * <p>Buckets live in a bounded Caffeine map per instance: with N instances behind a balancer a key
 * gets up to N times its limit. A bucket evicted for size or idleness starts full again.
 */
final class ApiKeyRateLimitFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(ApiKeyRateLimitFilter.class);
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final int defaultPerMinute;
  private final Cache<String, Bucket> buckets;

  /**
   * @param defaultPerMinute the limit of keys without their own
   * @param maxTrackedKeys most buckets kept
   */
  ApiKeyRateLimitFilter(int defaultPerMinute, long maxTrackedKeys) {
    if (defaultPerMinute < 1) {
      throw new IllegalArgumentException(
          "mallquest.security.rate-limit.requests-per-minute must be positive, was " + defaultPerMinute);
    }
    this.defaultPerMinute = defaultPerMinute;
    // Idle for two windows, a bucket is full again anyway: dropping it changes nothing.
    this.buckets = Caffeine.newBuilder().maximumSize(maxTrackedKeys).expireAfterAccess(WINDOW.multipliedBy(2)).build();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !(authentication.getPrincipal() instanceof ApiKeyPrincipal caller)) {
      chain.doFilter(request, response);
      return;
    }
    int perMinute = caller.rateLimitPerMinute().orElse(defaultPerMinute);
    Bucket bucket = buckets.get(caller.keyId(), id -> newBucket(perMinute));
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      chain.doFilter(request, response);
      return;
    }
    long retryAfterSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
    log.debug("rate limited key={} limitPerMinute={}", caller.keyId(), perMinute);
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    ProblemResponses.write(response, ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS,
        "This API key may make " + perMinute + " requests a minute; retry after " + retryAfterSeconds + " s", request));
  }

  private static Bucket newBucket(int perMinute) {
    return Bucket.builder().addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, WINDOW)).build();
  }
}
