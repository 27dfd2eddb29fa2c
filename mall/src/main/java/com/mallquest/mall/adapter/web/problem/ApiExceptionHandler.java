package com.mallquest.mall.adapter.web.problem;

import com.mallquest.mall.adapter.web.RequestSizeLimitFilter;
import com.mallquest.mall.adapter.web.security.StoreAccessDeniedException;
import com.mallquest.mall.application.shopper.ImportShoppers;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.IdempotencyKeyReusedException;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.ShopperBlockedException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure into RFC 9457 problem+json, built by {@link ProblemResponses}. Client errors
 * are 4xx with the field named and are logged at debug without a stack trace; a database outage is
 * {@link DatabaseOutage}'s 503; anything else is a 500 that says nothing about the internals and is
 * logged once with its stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(InvalidInputException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
    return problem(HttpStatus.BAD_REQUEST, e.getMessage(), e.field());
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, e.getMessage(), null);
  }

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<ProblemDetail> conflict(ConflictException e) {
    return problem(HttpStatus.CONFLICT, e.getMessage(), null);
  }

  @ExceptionHandler(IdempotencyKeyReusedException.class)
  ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException e) {
    return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage(), "Idempotency-Key");
  }

  /**
   * A blocked shopper may not earn or redeem: 403 naming the block (not its reason, an operator's
   * note).
   */
  @ExceptionHandler(ShopperBlockedException.class)
  ResponseEntity<ProblemDetail> blocked(ShopperBlockedException e) {
    ResponseEntity<ProblemDetail> response = problem(HttpStatus.FORBIDDEN, e.getMessage(), null);
    ProblemDetail body = response.getBody();
    if (body != null) {
      body.setTitle("Shopper blocked");
      body.setProperty(
          "block",
          java.util.Map.of("shopperId", e.shopperId(), "blockedAt", e.blockedAt().toString()));
    }
    return response;
  }

  @ExceptionHandler(StoreAccessDeniedException.class)
  ResponseEntity<ProblemDetail> forbidden(StoreAccessDeniedException e) {
    return problem(HttpStatus.FORBIDDEN, e.getMessage(), null);
  }

  @ExceptionHandler({
    CannotGetJdbcConnectionException.class,
    DataAccessResourceFailureException.class,
    TransientDataAccessException.class,
    CannotCreateTransactionException.class
  })
  ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
    return DatabaseOutage.entity(e, ProblemResponses.currentPath());
  }

  /** A multipart body the container cannot parse (no boundary, truncated) or too large. */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> multipart(MultipartException e) {
    if (e instanceof MaxUploadSizeExceededException) {
      return problem(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large", null);
    }
    return problem(HttpStatus.BAD_REQUEST, "The multipart request body could not be parsed", null);
  }

  @ExceptionHandler(RequestSizeLimitFilter.BodyTooLargeException.class)
  ResponseEntity<ProblemDetail> tooLarge(RequestSizeLimitFilter.BodyTooLargeException e) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, e.getMessage(), null);
  }

  /**
   * A bulk import whose body failed part-way: the rows read in full were imported; say how far it
   * got.
   */
  @ExceptionHandler(ImportShoppers.ImportInterruptedException.class)
  ResponseEntity<ProblemDetail> importInterrupted(ImportShoppers.ImportInterruptedException e) {
    boolean tooLarge = e.getCause() instanceof RequestSizeLimitFilter.BodyTooLargeException;
    ImportShoppers.Result soFar = e.soFar();
    String detail =
        (tooLarge ? e.getCause().getMessage() : "The request body could not be read to its end")
            + "; the rows up to line "
            + e.lastLine()
            + " were imported (a re-run creates nothing twice)";
    ResponseEntity<ProblemDetail> response =
        problem(tooLarge ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST, detail, null);
    ProblemDetail body = response.getBody();
    if (body != null) {
      body.setProperty("lastLine", e.lastLine());
      body.setProperty("created", soFar.created());
      body.setProperty("skipped", soFar.skipped());
      body.setProperty("rejected", soFar.rejected());
    }
    return response;
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (DatabaseOutage.isOutage(e)) {
      return DatabaseOutage.entity(e, ProblemResponses.currentPath());
    }
    log.error("unexpected failure", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred", null);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (hasCause(e, RequestSizeLimitFilter.BodyTooLargeException.class)) {
      return asObject(problem(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large", null));
    }
    InvalidInputException domain = cause(e, InvalidInputException.class);
    if (domain != null) {
      return asObject(invalid(domain));
    }
    JacksonException json = cause(e, JacksonException.class);
    String field = json == null ? null : fieldOf(json);
    String detail;
    if (json instanceof UnrecognizedPropertyException unknown) {
      detail = "Unknown field '" + unknown.getPropertyName() + "'";
      field = unknown.getPropertyName();
    } else if (field != null) {
      detail = "Field '" + field + "' has the wrong type or format";
    } else if (json instanceof StreamReadException syntax && syntax.getOriginalMessage() != null) {
      detail = "The request body is not valid JSON: " + abbreviate(syntax.getOriginalMessage());
    } else {
      detail = "The request body is not valid JSON";
    }
    return asObject(problem(HttpStatus.BAD_REQUEST, detail, field));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<FieldError> errors = e.getBindingResult().getFieldErrors();
    String detail =
        errors.stream()
            .map(f -> f.getField() + ": " + f.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    return asObject(
        problem(
            HttpStatus.BAD_REQUEST,
            detail.isEmpty() ? "Invalid request" : detail,
            errors.isEmpty() ? null : errors.get(0).getField()));
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail =
        e.getParameterValidationResults().stream()
            .map(
                r ->
                    r.getMethodParameter().getParameterName()
                        + ": "
                        + r.getResolvableErrors().stream()
                            .map(m -> String.valueOf(m.getDefaultMessage()))
                            .collect(Collectors.joining(", ")))
            .collect(Collectors.joining("; "));
    return asObject(problem(HttpStatus.BAD_REQUEST, detail, null));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    return problem(
        HttpStatus.BAD_REQUEST, "Parameter '" + e.getName() + "' has the wrong type", e.getName());
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String detail, String field) {
    ProblemDetail body = ProblemResponses.problem(status, detail);
    if (field != null) {
      body.setProperty("field", field);
    }
    if (status.is4xxClientError()) {
      // Not the detail: it echoes client input, which may hold anything, an API key included.
      log.debug("client error {} field={}", status.value(), field);
    }
    return ProblemResponses.entity(body);
  }

  /**
   * Every answer of the base class is problem+json whatever the request's {@code Accept} said: a
   * preset content type skips content negotiation, so a client asking for XML, or sending an
   * unparsable {@code Accept}, still learns what went wrong instead of getting an empty 406.
   */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    HttpHeaders problemHeaders = new HttpHeaders();
    problemHeaders.addAll(headers);
    problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    Object completed =
        body instanceof ProblemDetail problem
            ? ProblemResponses.complete(
                problem,
                request instanceof ServletWebRequest servlet
                    ? ProblemResponses.pathOf(servlet.getRequest())
                    : null)
            : body;
    return super.createResponseEntity(completed, problemHeaders, statusCode, request);
  }

  @SuppressWarnings({
    "unchecked",
    "rawtypes"
  }) // the base class's signature is ResponseEntity<Object>
  private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> entity) {
    return (ResponseEntity) entity;
  }

  private static String abbreviate(String message) {
    String firstLine = message.lines().findFirst().orElse("");
    return firstLine.length() <= 160 ? firstLine : firstLine.substring(0, 160) + "...";
  }

  private static String fieldOf(JacksonException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    return path.isEmpty() ? null : path;
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    return cause(t, type) != null;
  }

  private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
