package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.imports.ShopperImport;
import com.mallquest.mall.adapter.web.problem.DatabaseOutage;
import com.mallquest.mall.adapter.web.problem.ProblemResponses;
import com.mallquest.mall.adapter.web.security.ApiKeyPrincipal;
import com.mallquest.mall.application.idempotency.IdempotentRequests;
import com.mallquest.mall.application.idempotency.IdempotentRequests.Decision;
import com.mallquest.mall.application.idempotency.IdempotentRequests.InFlight;
import com.mallquest.mall.application.idempotency.IdempotentRequests.Mismatch;
import com.mallquest.mall.application.idempotency.IdempotentRequests.Proceed;
import com.mallquest.mall.application.idempotency.IdempotentRequests.Replay;
import com.mallquest.mall.application.port.IdempotencyRepository.StoredResponse;
import com.mallquest.mall.domain.IdempotencyKeys;
import com.mallquest.mall.domain.Sha256;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every POST under {@code /api/}, for every endpoint alike (ADR 0006).
 * Runs after authorization, so only requests the caller may make are kept, per API key.
 *
 * <ul>
 *   <li>No header: the request runs as if this filter did not exist.
 *   <li>First use of a key: the body is read once into memory (the size limit applies), the request
 *       runs, and a 2xx response is kept. Any other answer is not kept (the claim is deleted), so a
 *       refused request leaves nothing behind and its retry runs again.
 *   <li>Same key, same method, path and body: the kept response, with {@code Idempotent-Replayed:
 *       true}.
 *   <li>Same key, another request: 422. Same key while the first still runs: 409.
 * </ul>
 *
 * <p>{@code POST /api/v1/api-keys} is run without it: its response holds a secret, which must never
 * be stored. So is the bulk import, whose body streams (up to a gigabyte) and which creates nothing
 * twice anyway.
 */
public final class IdempotencyFilter extends OncePerRequestFilter {

  /** The request header. */
  public static final String HEADER = IdempotencyKeys.HEADER;

  /** The header on replayed responses. */
  public static final String REPLAYED = "Idempotent-Replayed";

  private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
  private static final Set<String> SECRET_RESPONSES = Set.of("/api/v1/api-keys");

  /**
   * Bodies too large to hold in memory; the bulk import is idempotent by itself (a re-run skips).
   */
  private static final Set<String> STREAMED_BODIES = Set.of(ShopperImport.PATH);

  private final IdempotentRequests requests;

  public IdempotencyFilter(IdempotentRequests requests) {
    this.requests = requests;
  }

  /**
   * Whether a POST to this path (under {@code /api/}) takes an {@code Idempotency-Key}; for the
   * OpenAPI document.
   */
  public static boolean appliesTo(String path) {
    return path.startsWith("/api/")
        && !SECRET_RESPONSES.contains(path)
        && !STREAMED_BODIES.contains(path);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !HttpMethod.POST.matches(request.getMethod())
        || request.getHeader(HEADER) == null
        || !request.getRequestURI().startsWith("/api/")
        || SECRET_RESPONSES.contains(request.getRequestURI())
        || STREAMED_BODIES.contains(request.getRequestURI());
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
    String key = request.getHeader(HEADER);
    if (!IdempotencyKeys.isValid(key)) {
      ProblemDetail problem =
          ProblemResponses.problem(HttpStatus.BAD_REQUEST, IdempotencyKeys.RULE, request);
      problem.setProperty("field", HEADER);
      ProblemResponses.write(response, problem);
      return;
    }
    byte[] body;
    try {
      body = request.getInputStream().readAllBytes();
    } catch (RequestSizeLimitFilter.BodyTooLargeException e) {
      ProblemResponses.write(
          response,
          ProblemResponses.problem(
              HttpStatus.CONTENT_TOO_LARGE, "The request body is too large", request));
      return;
    }
    Decision decision;
    try {
      decision = requests.begin(caller.keyId(), key, requestHash(request, body));
    } catch (RuntimeException e) {
      if (!DatabaseOutage.isOutage(e)) {
        throw e;
      }
      DatabaseOutage.write(e, request, response);
      return;
    }
    if (decision instanceof Replay replay) {
      replay(replay.response(), response);
    } else if (decision instanceof Mismatch) {
      ProblemResponses.write(
          response,
          ProblemResponses.problem(
              HttpStatus.UNPROCESSABLE_CONTENT,
              "This Idempotency-Key was used with another request (method, path or body); use a new key",
              request));
    } else if (decision instanceof InFlight) {
      response.setHeader(HttpHeaders.RETRY_AFTER, "1");
      ProblemResponses.write(
          response,
          ProblemResponses.problem(
              HttpStatus.CONFLICT,
              "A request with this Idempotency-Key is still being processed; retry shortly",
              request));
    } else if (decision instanceof Proceed claim) {
      proceed(new CachedBodyRequest(request, body), response, chain, caller.keyId(), key, claim);
    }
  }

  private void proceed(
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain,
      String keyId,
      String key,
      Proceed claim)
      throws ServletException, IOException {
    ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
    boolean kept = false;
    try {
      chain.doFilter(request, captured);
      kept = keep(keyId, key, captured);
    } finally {
      if (!kept) {
        release(keyId, key, claim);
      }
    }
    captured.copyBodyToResponse();
  }

  /** Stores a response worth replaying; false if it is not one, or storing failed. */
  private boolean keep(String keyId, String key, ContentCachingResponseWrapper captured) {
    int status = captured.getStatus();
    if (!worthKeeping(status)) {
      return false;
    }
    try {
      requests.finish(
          keyId,
          key,
          new StoredResponse(
              status,
              Optional.ofNullable(captured.getContentType()),
              Optional.ofNullable(captured.getHeader(HttpHeaders.LOCATION)),
              new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8)));
      return true;
    } catch (DataAccessException e) {
      // The response itself is fine; only keeping it failed: answer it, a retry runs again.
      log.warn("idempotency response not kept: {}", e.getClass().getSimpleName());
      return false;
    }
  }

  private void release(String keyId, String key, Proceed claim) {
    try {
      requests.abandon(keyId, key, claim);
    } catch (DataAccessException e) {
      // The claim then blocks its key until mallquest.idempotency.in-flight-timeout.
      log.warn("idempotency claim not released: {}", e.getClass().getSimpleName());
    }
  }

  private static boolean worthKeeping(int status) {
    return status >= 200 && status < 300;
  }

  private static void replay(StoredResponse stored, HttpServletResponse response)
      throws IOException {
    response.setStatus(stored.status());
    stored.contentType().ifPresent(response::setContentType);
    stored.location().ifPresent(l -> response.setHeader(HttpHeaders.LOCATION, l));
    response.setHeader(REPLAYED, "true");
    byte[] bytes = stored.body().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** Method, path, query and body: what must be the same for a replay. */
  private static String requestHash(HttpServletRequest request, byte[] body) {
    String query = request.getQueryString() == null ? "" : request.getQueryString();
    String head = request.getMethod() + "\n" + request.getRequestURI() + "\n" + query + "\n";
    byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return Sha256.hex(all);
  }

  /** The request with its body already read: every read of the body gets these bytes. */
  private static final class CachedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBodyRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException(
              "the body was read already; no asynchronous reads");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      Charset charset = StandardCharsets.UTF_8;
      try {
        if (getCharacterEncoding() != null) {
          charset = Charset.forName(getCharacterEncoding());
        }
      } catch (IllegalArgumentException e) {
        // An unknown charset named by the client: read the JSON as UTF-8, as Jackson would.
      }
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
