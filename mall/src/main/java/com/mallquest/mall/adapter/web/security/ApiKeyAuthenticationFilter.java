package com.mallquest.mall.adapter.web.security;

import com.mallquest.mall.adapter.web.problem.DatabaseOutage;
import com.mallquest.mall.adapter.web.problem.ProblemResponses;
import com.mallquest.mall.application.port.ApiKeyRecord;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the {@code X-Api-Key} header. A request without the header goes on anonymous (and
 * gets 401 where a role is required); a request with an unknown, expired or revoked key gets 401 at
 * once. Lookups go through {@link ApiKeyAuthenticator}. The key is never logged.
 */
public final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  public static final String HEADER = "X-Api-Key";

  private final ApiKeyAuthenticator authenticator;

  public ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String presented = request.getHeader(HEADER);
    if (presented == null) {
      chain.doFilter(request, response);
      return;
    }
    Optional<ApiKeyRecord> key;
    try {
      key = authenticator.authenticate(presented);
    } catch (RuntimeException e) {
      if (!DatabaseOutage.isOutage(e)) {
        throw e;
      }
      // Filters run outside the controller advice: answer the outage here, as it would.
      DatabaseOutage.write(e, request, response);
      return;
    }
    if (key.isEmpty()) {
      ProblemResponses.write(
          response,
          ProblemResponses.problem(
              HttpStatus.UNAUTHORIZED,
              "The API key is not valid (unknown, expired or revoked)",
              request));
      return;
    }
    ApiKeyRecord record = key.get();
    ApiKeyPrincipal principal =
        new ApiKeyPrincipal(
            record.id(), record.role(), record.storeId(), record.rateLimitPerMinute());
    var authentication =
        UsernamePasswordAuthenticationToken.authenticated(
            principal, null, List.of(new SimpleGrantedAuthority("ROLE_" + record.role().name())));
    SecurityContextHolder.getContext().setAuthentication(authentication);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
