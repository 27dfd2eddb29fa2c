package com.mallquest.mall.adapter.web;

import com.mallquest.mall.application.apikey.ApiKeys;
import com.mallquest.mall.config.MallQuestProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Three roles from API keys in {@code X-Api-Key}: ADMIN (operators: everything),
 * STORE (a store's terminal: records purchases for its own store, reads stores), APP (the shopper
 * app's backend: shoppers, check-ins, reads). No key: 401; wrong role: 403; both problem+json.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  private static final String ADMIN = "ADMIN";
  private static final String STORE = "STORE";
  private static final String APP = "APP";

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys) throws Exception {
    http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys), AnonymousAuthenticationFilter.class)
        .exceptionHandling(e -> e
            .authenticationEntryPoint((request, response, ex) -> ProblemResponses.write(response,
                ProblemResponses.problem(HttpStatus.UNAUTHORIZED,
                    "An API key is required in the X-Api-Key header", request)))
            .accessDeniedHandler((request, response, ex) -> ProblemResponses.write(response,
                ProblemResponses.problem(HttpStatus.FORBIDDEN, "This API key's role may not do this", request))))
        .authorizeHttpRequests(a -> a
            .requestMatchers("/error", "/actuator/health", "/actuator/health/**").permitAll()
            // The dashboard's static files hold no data; the API calls they make still need an ADMIN key.
            .requestMatchers(HttpMethod.GET, "/dashboard", "/dashboard/**", "/webjars/**").permitAll()
            .requestMatchers("/actuator/**").hasRole(ADMIN)
            .requestMatchers("/api/v1/api-keys", "/api/v1/api-keys/**", "/api/v1/cache/**").hasRole(ADMIN)
            .requestMatchers(HttpMethod.POST, "/api/v1/purchases").hasAnyRole(ADMIN, STORE)
            .requestMatchers(HttpMethod.GET, "/api/v1/stores", "/api/v1/stores/**").hasAnyRole(ADMIN, STORE, APP)
            .requestMatchers("/api/v1/stores", "/api/v1/stores/**").hasRole(ADMIN)
            .requestMatchers("/api/v1/shoppers", "/api/v1/shoppers/**").hasAnyRole(ADMIN, APP)
            .anyRequest().authenticated());
    return http.build();
  }

  /** Runs before everything else, so an oversized body is refused before anyone reads it. */
  @Bean
  FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(MallQuestProperties properties) {
    FilterRegistrationBean<RequestSizeLimitFilter> registration =
        new FilterRegistrationBean<>(new RequestSizeLimitFilter(properties.maxRequestBytes()));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
