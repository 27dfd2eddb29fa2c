package com.mallquest.mall.adapter.web.security;

import java.util.List;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The security headers of every response, as Spring Security header writers, written eagerly by one
 * outermost servlet filter (for requests and error dispatches), so they are also on the responses
 * written before the security chain runs (413 from the size limit). The security chain's own {@code
 * headers()} is off: it would only evaluate the same writers a second time per request.
 */
public final class SecurityHeaders {

  /** For the errors Tomcat answers itself, which load nothing. */
  public static final String ERROR_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /**
   * What Swagger UI adds to the configured policy: its bundle sets inline styles. It has no inline
   * scripts, so {@code script-src} stays {@code 'self'}.
   */
  static final String SWAGGER_UI_CSP_EXTRA = "; style-src 'self' 'unsafe-inline'";

  /**
   * nosniff, frame DENY, Referrer-Policy no-referrer, the CSP (with inline styles allowed for
   * Swagger UI only), and {@code Cache-Control: no-store} (with {@code Pragma}/{@code Expires}) on
   * everything but the static dashboard and its webjars.
   */
  static List<HeaderWriter> writers(String contentSecurityPolicy) {
    var staticFiles =
        new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/dashboard/**"),
            PathPatternRequestMatcher.withDefaults().matcher("/webjars/**"));
    var swaggerUi = PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**");
    return List.of(
        new XContentTypeOptionsHeaderWriter(),
        new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY),
        new ReferrerPolicyHeaderWriter(ReferrerPolicy.NO_REFERRER),
        new DelegatingRequestMatcherHeaderWriter(
            swaggerUi,
            new ContentSecurityPolicyHeaderWriter(contentSecurityPolicy + SWAGGER_UI_CSP_EXTRA)),
        new DelegatingRequestMatcherHeaderWriter(
            new NegatedRequestMatcher(swaggerUi),
            new ContentSecurityPolicyHeaderWriter(contentSecurityPolicy)),
        new DelegatingRequestMatcherHeaderWriter(
            new NegatedRequestMatcher(staticFiles), new CacheControlHeadersWriter()));
  }
}
