package com.mallquest.mall.adapter.web.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one producer of RFC 9457 problem+json answers. The controller advice, the filters, the {@code
 * /error} controller and Tomcat's error valve all build their bodies here, so every problem has the
 * same members: {@code type} ({@code about:blank}: the status says it all), {@code title}, {@code
 * status}, {@code detail}, {@code instance} (the request's path, a relative URI reference without
 * the query) and extensions such as {@code field}.
 */
public final class ProblemResponses {

  /** The problem type of every answer: the status and detail say what went wrong. */
  static final URI BLANK_TYPE = URI.create("about:blank");

  /**
   * Serializes like Spring MVC's converter does (the same mix-in), for answers written outside it.
   */
  private static final JsonMapper MAPPER =
      JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

  private ProblemResponses() {}

  /** A problem about {@code request}, with a title derived from the status. */
  public static ProblemDetail problem(
      HttpStatusCode status, String detail, HttpServletRequest request) {
    return problem(status, detail, request == null ? null : pathOf(request));
  }

  /** A problem about the request at {@code path} (none if null). */
  public static ProblemDetail problem(HttpStatusCode status, String detail, String path) {
    return complete(ProblemDetail.forStatusAndDetail(status, detail), path);
  }

  /**
   * A problem about the request being handled on this thread, if any (the controller advice, which
   * has no request at hand in every handler).
   */
  public static ProblemDetail problem(HttpStatusCode status, String detail) {
    return problem(status, detail, currentPath());
  }

  /** Gives a problem built elsewhere (Spring's own) the members every problem has. */
  static ProblemDetail complete(ProblemDetail problem, String path) {
    if (problem.getType() == null) {
      problem.setType(BLANK_TYPE);
    }
    if (problem.getInstance() == null && path != null) {
      problem.setInstance(instance(path));
    }
    return problem;
  }

  /**
   * What to tell a client whose request the container or the firewall refused before any controller
   * saw it: only the status is known there, so the detail says what that status means for a
   * request.
   */
  static String containerDetail(int status) {
    return switch (status) {
      case 400 ->
          "The request was refused: its request line, a header or its URL is malformed or not allowed"
              + " (such as '..', '//', ';' or an encoded '/', '.', '%' or NUL in the path)";
      case 404 -> "No such resource";
      case 405 -> "This method is not allowed here";
      case 408 -> "The request was not received in time";
      case 411 -> "The request needs a Content-Length";
      case 413 -> "The request body is too large";
      case 414 -> "The request URI is too long";
      case 431 -> "The request's headers are too large";
      case 501 -> "This method is not implemented";
      case 505 -> "The request's HTTP version is not supported; use HTTP/1.1";
      default -> status >= 500 ? "An unexpected error occurred" : "The request was refused";
    };
  }

  /**
   * The problem as a response entity, {@code application/problem+json} whatever {@code Accept}
   * says.
   */
  public static ResponseEntity<ProblemDetail> entity(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /** Writes the problem as the response (from a filter, where no message converter runs). */
  public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    byte[] body = json(problem).getBytes(StandardCharsets.UTF_8);
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The problem's JSON text, as Spring MVC would write it. */
  static String json(ProblemDetail problem) {
    return MAPPER.writeValueAsString(problem);
  }

  /**
   * The path the client asked for: on an error dispatch the original request's, not {@code /error}.
   */
  static String pathOf(HttpServletRequest request) {
    Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    return original instanceof String s ? s : request.getRequestURI();
  }

  /**
   * The path as a relative URI reference. A path the container let through is one already; anything
   * else (never seen, but it is client input) is percent-encoded rather than allowed to fail.
   */
  static URI instance(String path) {
    try {
      URI uri = new URI(path);
      if (uri.getScheme() == null && uri.getRawAuthority() == null && !path.startsWith("//")) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // encoded below
    }
    StringBuilder encoded = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~!$&'()*+,;=@/".indexOf(c) >= 0;
      encoded.append(plain ? String.valueOf(c) : String.format("%%%02X", (int) c));
    }
    // A leading "//" would read as an authority (a network-path reference): keep it a path.
    String reference = encoded.toString();
    return URI.create(reference.startsWith("//") ? "/%2F" + reference.substring(2) : reference);
  }

  /** The path of the request being handled on this thread, if any. */
  static String currentPath() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    return attributes instanceof ServletRequestAttributes servlet
        ? pathOf(servlet.getRequest())
        : null;
  }
}
