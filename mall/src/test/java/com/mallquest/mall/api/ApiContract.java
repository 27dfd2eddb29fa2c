package com.mallquest.mall.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The API contract as a test: every request an API test sends through {@link ApiTestSupport} and
 * the answer it gets are checked against the service's live {@code /v3/api-docs} with an
 * independent validator (Atlassian's swagger-request-validator, its own parser and JSON Schema
 * engine, not springdoc's models).
 *
 * <ul>
 *   <li>The <b>answer</b> must match the document: a declared status for that operation, a declared
 *       content type, a body that matches the schema, and no field the schema does not list (the
 *       validator treats every object schema without {@code additionalProperties} as closed).
 *   <li>A <b>request</b> the document calls invalid (a missing required header, a value out of
 *       range, an unknown field, no key) must be refused: a 2xx answer to it means the document is
 *       stricter than the server. Tests send invalid requests on purpose; those only need a 4xx.
 * </ul>
 *
 * Query parameters and bodies an operation does not take are ignored by the server and not counted
 * against a request. Paths outside {@code /api/} (actuator, Swagger UI, the dashboard) are not part
 * of the document and are not checked.
 */
final class ApiContract {

  /**
   * Request bodies larger than this are not read back for the check (only the answer is checked).
   */
  private static final long MAX_CHECKED_BODY = 4L << 20;

  /** Request messages that mean "no such operation": there is no answer schema to check against. */
  private static final Set<String> NO_OPERATION =
      Set.of("validation.request.path.missing", "validation.request.operation.notAllowed");

  private static final Map<Integer, OpenApiInteractionValidator> VALIDATORS =
      new ConcurrentHashMap<>();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ApiContract() {}

  /** Throws an {@link AssertionError} naming every way the exchange breaks the live document. */
  static void check(HttpRequest request, HttpResponse<String> response) {
    if (checked(request)) {
      check(
          VALIDATORS.computeIfAbsent(request.uri().getPort(), ApiContract::load),
          request,
          response);
    }
  }

  /**
   * Throws an {@link AssertionError} naming every way the exchange breaks {@code validator}'s
   * document.
   */
  static void check(
      OpenApiInteractionValidator validator, HttpRequest request, HttpResponse<String> response) {
    if (!checked(request)) {
      return;
    }
    URI uri = request.uri();
    String path = uri.getRawPath();
    Request.Method method = Request.Method.valueOf(request.method().toUpperCase(Locale.ROOT));
    ValidationReport requestReport = validator.validateRequest(toRequest(request, method, path));
    List<String> failures = new ArrayList<>();
    boolean operation =
        requestReport.getMessages().stream().noneMatch(m -> NO_OPERATION.contains(m.getKey()));
    int status = response.statusCode();
    if (refused(requestReport, uri.getRawQuery()) && status >= 200 && status < 300) {
      failures.add(
          "the document refuses this request, yet the server answered "
              + status
              + ": "
              + describe(requestReport));
    }
    if (operation) {
      ValidationReport responseReport =
          validator.validateResponse(path, method, toResponse(response));
      if (responseReport.hasErrors()) {
        failures.add(
            "the answer " + status + " does not match the document: " + describe(responseReport));
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(
          "API contract broken by "
              + request.method()
              + " "
              + uri.getRawPath()
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
              + "\n  "
              + String.join("\n  ", failures)
              + "\n  answer body: "
              + abbreviate(response.body()));
    }
  }

  /**
   * Whether the document refuses the request. The validator reports an optional query parameter
   * sent with an empty value ({@code ?limit=}) as "required but missing"; the server, like Spring
   * everywhere, takes an empty value for an absent one (its default applies), which the document
   * allows. That one message, for a parameter the request does carry empty, is not a refusal.
   */
  private static boolean refused(ValidationReport report, String rawQuery) {
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .anyMatch(m -> !sentEmpty(m, rawQuery));
  }

  private static boolean sentEmpty(ValidationReport.Message message, String rawQuery) {
    if (!"validation.request.parameter.missing".equals(message.getKey()) || rawQuery == null) {
      return false;
    }
    java.util.regex.Matcher name =
        java.util.regex.Pattern.compile("Parameter '([^']+)'").matcher(message.getMessage());
    if (!name.find()) {
      return false;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.equals(name.group(1) + "=") || pair.equals(name.group(1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean checked(HttpRequest request) {
    String path = request.uri().getRawPath();
    return path != null && path.startsWith("/api/");
  }

  /** The validator for a document, with the levels described above. */
  static OpenApiInteractionValidator validator(String document) {
    return OpenApiInteractionValidator.createForInlineApiSpecification(document)
        .withLevelResolver(
            LevelResolver.create()
                // The server ignores query parameters and request bodies an operation does not take
                // (as
                // HTTP allows); the document need not list everything a client might add.
                .withLevel(
                    "validation.request.parameter.query.unexpected", ValidationReport.Level.IGNORE)
                .withLevel("validation.request.body.unexpected", ValidationReport.Level.IGNORE)
                // Read only with a body (which it then refuses itself: 415).
                .withLevel("validation.request.contentType.invalid", ValidationReport.Level.IGNORE)
                .build())
        // As Spring MVC matches: /api/v1/stores/ is not /api/v1/stores (it is a 404).
        .withStrictOperationPathMatching()
        .build();
  }

  private static OpenApiInteractionValidator load(int port) {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      HttpResponse<String> docs = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
      if (docs.statusCode() != 200) {
        throw new AssertionError("/v3/api-docs answered " + docs.statusCode() + ": " + docs.body());
      }
      return validator(docs.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Request toRequest(HttpRequest request, Request.Method method, String path) {
    SimpleRequest.Builder b = new SimpleRequest.Builder(method, path);
    request
        .headers()
        .map()
        .forEach(
            (name, values) ->
                b.withHeader(
                    name,
                    "accept".equalsIgnoreCase(name)
                        ? values.stream().map(ApiContract::bareStarAsAnyType).toList()
                        : values));
    query(request.uri().getRawQuery()).forEach(b::withQueryParam);
    byte[] body = body(request);
    if (body != null) {
      b.withBody(body);
    }
    return b.build();
  }

  /**
   * An {@code Accept} value with each bare {@code *} range read as {@code *}{@code /*}, as the
   * server (Spring's media-type parser) reads it: Java's own {@code HttpURLConnection} sends {@code
   * *; q=.2} by default, so the server serves it, while the validator, by the letter of RFC 9110,
   * calls it no media type.
   */
  static String bareStarAsAnyType(String accept) {
    List<String> ranges = new ArrayList<>();
    for (String range : accept.split(",", -1)) {
      String type = range.split(";", 2)[0].strip();
      ranges.add(type.equals("*") ? range.replaceFirst("\\*", "*/*") : range);
    }
    return String.join(",", ranges);
  }

  private static SimpleResponse toResponse(HttpResponse<String> response) {
    SimpleResponse.Builder b = new SimpleResponse.Builder(response.statusCode());
    response.headers().map().forEach(b::withHeader);
    if (response.body() != null && !response.body().isEmpty()) {
      b.withBody(response.body());
    }
    return b.build();
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a malformed escape, sent on purpose: checked as it is
    }
  }

  /**
   * The request's body, read again from its publisher (the tests' publishers can be read twice).
   */
  private static byte[] body(HttpRequest request) {
    HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
    if (publisher == null
        || publisher.contentLength() == 0
        || publisher.contentLength() > MAX_CHECKED_BODY) {
      return null;
    }
    CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    publisher.subscribe(
        new Flow.Subscriber<ByteBuffer>() {
          private final ByteArrayOutputStream out = new ByteArrayOutputStream();
          private Flow.Subscription subscription;

          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(ByteBuffer buffer) {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            out.write(chunk, 0, chunk.length);
            if (out.size() > MAX_CHECKED_BODY) {
              subscription.cancel();
              bytes.complete(null);
            }
          }

          @Override
          public void onError(Throwable t) {
            bytes.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            bytes.complete(out.toByteArray());
          }
        });
    try {
      byte[] read = bytes.get(30, TimeUnit.SECONDS);
      return read == null || read.length == 0 ? null : read;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not read the request body back", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String describe(ValidationReport report) {
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .map(
            m ->
                "["
                    + m.getKey()
                    + "] "
                    + m.getMessage()
                    + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()))
        .collect(Collectors.joining("; "));
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= 600 ? body : body.substring(0, 600) + "...";
  }
}
