package com.mallquest.mall.adapter.web.security;

import com.mallquest.mall.adapter.ratelimit.ApiKeyRateLimiter;
import com.mallquest.mall.adapter.web.AcceptHeaderFilter;
import com.mallquest.mall.adapter.web.IdempotencyFilter;
import com.mallquest.mall.adapter.web.RequestLogFilter;
import com.mallquest.mall.adapter.web.RequestSizeLimitFilter;
import com.mallquest.mall.adapter.web.WebServerConfiguration;
import com.mallquest.mall.adapter.web.imports.ShopperImport;
import com.mallquest.mall.adapter.web.problem.ProblemResponses;
import com.mallquest.mall.application.apikey.ApiKeys;
import com.mallquest.mall.application.idempotency.IdempotentRequests;
import com.mallquest.mall.config.MallQuestProperties;
import jakarta.servlet.DispatcherType;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * Who may call what. Three roles from API keys in {@code X-Api-Key}: ADMIN (operators: everything),
 * STORE (a store's terminal: records purchases for its own store, reads stores), APP (the shopper
 * app's backend: shoppers, check-ins, reads). No key: 401; wrong role: 403; both problem+json.
 *
 * <p>The chain, in order: security headers, API-key authentication, the per-key rate limit (429),
 * authorization, then the Idempotency-Key layer (ADR 0006) in front of the controllers.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  private static final String ADMIN = "ADMIN";
  private static final String STORE = "STORE";
  private static final String APP = "APP";

  /** The OpenAPI document and Swagger UI: public, they show no data. */
  private static final String[] API_DOCS = {
    "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui", "/swagger-ui/**", "/swagger-ui.html"
  };

  @Bean
  ApiKeyAuthenticator apiKeyAuthenticator(ApiKeys apiKeys) {
    return new ApiKeyAuthenticator(apiKeys);
  }

  /**
   * No observation per security filter: Spring Security would otherwise wrap each of its ~15
   * filters in a Micrometer observation on every request (a measurable share of a cached read's
   * CPU, see docs/BENCHMARKS.md). Every request is still timed as {@code http.server.requests}.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      ApiKeyAuthenticator authenticator,
      IdempotentRequests idempotentRequests,
      MallQuestProperties properties,
      ApiKeyRateLimiter rateLimiter)
      throws Exception {
    MallQuestProperties.RateLimit rateLimit = properties.security().rateLimit();
    http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        // The outermost securityHeadersFilter writes them on every response, before this chain
        // runs.
        .headers(AbstractHttpConfigurer::disable)
        .addFilterBefore(
            new ApiKeyAuthenticationFilter(authenticator), AnonymousAuthenticationFilter.class)
        .addFilterAfter(RequestLogFilter.captureKeyId(), ApiKeyAuthenticationFilter.class)
        .addFilterAfter(
            new ApiKeyRateLimitFilter(rateLimit.requestsPerMinute(), rateLimiter),
            ApiKeyAuthenticationFilter.class)
        .addFilterAfter(new IdempotencyFilter(idempotentRequests), AuthorizationFilter.class)
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, ex) ->
                            ProblemResponses.write(
                                response,
                                ProblemResponses.problem(
                                    HttpStatus.UNAUTHORIZED,
                                    "An API key is required in the X-Api-Key header",
                                    request)))
                    .accessDeniedHandler(
                        (request, response, ex) ->
                            ProblemResponses.write(
                                response,
                                ProblemResponses.problem(
                                    HttpStatus.FORBIDDEN,
                                    "This API key's role may not do this",
                                    request))))
        .authorizeHttpRequests(
            a ->
                a
                    // No endpoint answers TRACE: every resource says 405 with its Allow (which the
                    // API
                    // document shows anyway), with or without a key. It never echoes the request.
                    .requestMatchers(HttpMethod.TRACE)
                    .permitAll()
                    .requestMatchers("/error", "/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .requestMatchers(API_DOCS)
                    .permitAll()
                    // The dashboard's static files hold no data; the API calls they make still need
                    // an ADMIN key.
                    .requestMatchers(
                        HttpMethod.GET,
                        "/dashboard",
                        "/dashboard/**",
                        "/webjars/**",
                        "/favicon.ico")
                    .permitAll()
                    .requestMatchers("/actuator/**")
                    .hasRole(ADMIN)
                    .requestMatchers("/api/v1/api-keys", "/api/v1/api-keys/**", "/api/v1/cache/**")
                    .hasRole(ADMIN)
                    .requestMatchers("/api/v1/operations/**")
                    .hasRole(ADMIN)
                    .requestMatchers("/api/v1/webhooks", "/api/v1/webhooks/**")
                    .hasRole(ADMIN)
                    .requestMatchers(HttpMethod.POST, "/api/v1/purchases")
                    .hasAnyRole(ADMIN, STORE)
                    .requestMatchers(HttpMethod.POST, "/api/v1/purchases/*/refund")
                    .hasAnyRole(ADMIN, STORE)
                    .requestMatchers(HttpMethod.GET, "/api/v1/rewards", "/api/v1/rewards/**")
                    .hasAnyRole(ADMIN, APP)
                    .requestMatchers("/api/v1/rewards", "/api/v1/rewards/**")
                    .hasRole(ADMIN)
                    .requestMatchers(HttpMethod.GET, "/api/v1/leaderboards/**")
                    .hasAnyRole(ADMIN, APP)
                    .requestMatchers("/api/v1/analytics/**")
                    .hasRole(ADMIN)
                    .requestMatchers(HttpMethod.GET, "/api/v1/stores", "/api/v1/stores/**")
                    .hasAnyRole(ADMIN, STORE, APP)
                    .requestMatchers("/api/v1/stores", "/api/v1/stores/**")
                    .hasRole(ADMIN)
                    .requestMatchers(HttpMethod.POST, ShopperImport.PATH)
                    .hasRole(ADMIN)
                    // The operator console: shopper search, adjustments, blocks and the audit log.
                    .requestMatchers(HttpMethod.GET, "/api/v1/shoppers")
                    .hasRole(ADMIN)
                    .requestMatchers(
                        "/api/v1/shoppers/*/adjustments",
                        "/api/v1/shoppers/*/block",
                        "/api/v1/shoppers/*/unblock",
                        "/api/v1/audit")
                    .hasRole(ADMIN)
                    .requestMatchers("/api/v1/shoppers", "/api/v1/shoppers/**")
                    .hasAnyRole(ADMIN, APP)
                    .requestMatchers(
                        HttpMethod.GET,
                        "/api/v1/missions",
                        "/api/v1/missions/**",
                        "/api/v1/companions/species",
                        "/api/v1/companions/species/**")
                    .hasAnyRole(ADMIN, APP)
                    .requestMatchers(
                        "/api/v1/missions",
                        "/api/v1/missions/**",
                        "/api/v1/companions",
                        "/api/v1/companions/**")
                    .hasRole(ADMIN)
                    .anyRequest()
                    .authenticated());
    return http.build();
  }

  /**
   * Spring Security's firewall, which refuses unusual URLs and methods (400), lets TRACE through,
   * so that it gets the 405 every method no endpoint has gets (see {@link WebServerConfiguration}),
   * and checks header names and values by its own rules without a regular expression ({@link
   * HeaderCharacters}).
   */
  @Bean
  WebSecurityCustomizer traceThroughTheFirewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHttpMethods(
        Stream.of(
                HttpMethod.DELETE,
                HttpMethod.GET,
                HttpMethod.HEAD,
                HttpMethod.OPTIONS,
                HttpMethod.PATCH,
                HttpMethod.POST,
                HttpMethod.PUT,
                HttpMethod.TRACE)
            .map(HttpMethod::name)
            .toList());
    firewall.setAllowedHeaderNames(HeaderCharacters.NAMES);
    firewall.setAllowedHeaderValues(HeaderCharacters.VALUES);
    return web -> web.httpFirewall(firewall);
  }

  /**
   * Second only to the request log: the security headers go on every response, also those written
   * before the security chain runs (the size limit's 413) or on an error dispatch.
   */
  @Bean
  FilterRegistrationBean<HeaderWriterFilter> securityHeadersFilter(MallQuestProperties properties) {
    HeaderWriterFilter filter =
        new HeaderWriterFilter(
            SecurityHeaders.writers(properties.security().contentSecurityPolicy()));
    filter.setShouldWriteHeadersEagerly(true);
    FilterRegistrationBean<HeaderWriterFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
    return registration;
  }

  /**
   * Runs before everything else but the request log and the headers, so an oversized body is
   * refused before anyone reads it. The bulk import streams and has its own limit ({@code
   * mallquest.import.max-bytes}).
   */
  @Bean
  FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
      MallQuestProperties properties) {
    FilterRegistrationBean<RequestSizeLimitFilter> registration =
        new FilterRegistrationBean<>(
            new RequestSizeLimitFilter(properties.maxRequestBytes(), Set.of(ShopperImport.PATH)));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
    return registration;
  }

  /** Right after the size limit: a malformed Accept header gets 406 before anyone parses it. */
  @Bean
  FilterRegistrationBean<AcceptHeaderFilter> acceptHeaderFilter() {
    FilterRegistrationBean<AcceptHeaderFilter> registration =
        new FilterRegistrationBean<>(new AcceptHeaderFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
    return registration;
  }

  /** Outermost: times every request, including those refused by the filters after it. */
  @Bean
  FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
    FilterRegistrationBean<RequestLogFilter> registration =
        new FilterRegistrationBean<>(new RequestLogFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
