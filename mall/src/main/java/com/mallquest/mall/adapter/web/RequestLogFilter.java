package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.security.ApiKeyPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One DEBUG line per request on the logger {@value #LOGGER}: method, path template (the mapping's
 * pattern, {@code /api/v1/shoppers/{id}}, so ids do not spread into logs; the raw path when no
 * handler matched), status, duration and the caller's key id, never the key. The fields are also
 * attached as key-value pairs, which structured (JSON) logging writes as fields.
 *
 * <p>It runs first of all filters, so it also times requests refused early (413, 401); the key id
 * is left in a request attribute by {@link #captureKeyId()}, a filter placed after authentication
 * in the security chain (whose context is cleared before this filter's turn comes).
 */
public final class RequestLogFilter extends OncePerRequestFilter {

  /** The logger's name: set it to DEBUG to get the lines. */
  static final String LOGGER = "com.mallquest.mall.request";

  static final String KEY_ID_ATTRIBUTE = RequestLogFilter.class.getName() + ".keyId";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private static final int MAX_PATH_CHARS = 200;

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!log.isDebugEnabled()) {
      chain.doFilter(request, response);
      return;
    }
    long start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      String path = pathOf(request);
      Object keyId = request.getAttribute(KEY_ID_ATTRIBUTE);
      String key = keyId == null ? "-" : keyId.toString();
      log.atDebug()
          .addKeyValue("http.method", request.getMethod())
          .addKeyValue("http.route", path)
          .addKeyValue("http.status", response.getStatus())
          .addKeyValue("duration.ms", millis)
          .addKeyValue("api.key.id", key)
          .log(
              "{} {} {} {}ms key={}", request.getMethod(), path, response.getStatus(), millis, key);
    }
  }

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return true;
  }

  private static String pathOf(HttpServletRequest request) {
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    String path = pattern != null ? pattern.toString() : request.getRequestURI();
    return path.length() <= MAX_PATH_CHARS ? path : path.substring(0, MAX_PATH_CHARS) + "...";
  }

  /**
   * A filter for the security chain, after authentication: notes the caller's key id for the log
   * line.
   */
  public static OncePerRequestFilter captureKeyId() {
    return new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(
          HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
            && authentication.getPrincipal() instanceof ApiKeyPrincipal principal) {
          request.setAttribute(KEY_ID_ATTRIBUTE, principal.keyId());
        }
        chain.doFilter(request, response);
      }
    };
  }
}
