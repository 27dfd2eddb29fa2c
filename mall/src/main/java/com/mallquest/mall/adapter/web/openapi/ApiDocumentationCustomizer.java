package com.mallquest.mall.adapter.web.openapi;

import com.mallquest.mall.adapter.web.IdempotencyFilter;
import com.mallquest.mall.adapter.web.Views;
import com.mallquest.mall.domain.ApiKeyRole;
import com.mallquest.mall.domain.IdempotencyKeys;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

/**
 * Completes every operation of the generated document from what the code already says, so that
 * endpoints added later need no annotation:
 *
 * <ul>
 *   <li><b>Roles</b>: for each operation, the live security rules are asked (through Spring
 *       Security's {@link WebInvocationPrivilegeEvaluator}, the same {@code AuthorizationManager}
 *       that guards requests) whether a caller of each role, or an anonymous one, may call it. The
 *       answer goes into {@code x-roles} and the description; a public operation needs no key.
 *   <li><b>Errors</b>: the RFC 9457 problem+json responses the service's filters and exception
 *       handler can give for that kind of operation (400 for any, 401/403/429 when a key is needed,
 *       404 with a path variable or a body naming another resource by id, 406 for any operation,
 *       409/422 for writes, 413/415 with a body, 503).
 *   <li><b>Headers</b>: the optional {@code Idempotency-Key} every POST takes (ADR 0006; not {@code
 *       POST /api-keys}) and the {@code Idempotent-Replayed} header of a replayed answer; a
 *       description for the parameters every API shares ({@code limit}, {@code cursor}, ...).
 *   <li><b>Examples</b>: request and 2xx response bodies get an example built from their schema,
 *       with realistic values for the field names the API uses.
 * </ul>
 *
 * Anything an operation already declares (an {@code @ApiResponse}, an example) is kept.
 */
final class ApiDocumentationCustomizer implements OpenApiCustomizer {

  /**
   * The extension listing the roles allowed to call an operation ({@code PUBLIC} when no key is
   * needed).
   */
  static final String ROLES_EXTENSION = "x-roles";

  static final String PUBLIC = "PUBLIC";
  private static final String PROBLEM_JSON =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
  private static final String SAMPLE_PATH_VALUE = "sample";
  private static final Authentication ANONYMOUS =
      new AnonymousAuthenticationToken(
          "openapi", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

  private final Supplier<WebInvocationPrivilegeEvaluator> evaluator;

  ApiDocumentationCustomizer(Supplier<WebInvocationPrivilegeEvaluator> evaluator) {
    this.evaluator = evaluator;
  }

  @Override
  public void customise(OpenAPI openApi) {
    if (openApi.getPaths() == null) {
      return;
    }
    if (openApi.getComponents() == null) {
      openApi.setComponents(new Components());
    }
    Components components = openApi.getComponents();
    // Here rather than on the OpenAPI bean: springdoc drops component schemas no controller refers
    // to.
    components.addSchemas(
        ApiDocumentationConfiguration.PROBLEM_SCHEMA,
        ApiDocumentationConfiguration.problemSchema());
    documentEvents(components);
    documentNullableRequestFields(openApi, components);
    openApi
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> {
                          List<String> roles = roles(path, method);
                          documentRoles(operation, roles);
                          documentHeaders(path, method, operation);
                          documentParameters(operation);
                          documentErrors(path, method, operation, roles, components);
                          documentExamples(operation, components);
                        }));
  }

  /**
   * The handlers build events as maps ({@link Views#eventFields}), which springdoc can only call
   * "object of objects": every {@code events} array of a component gets the {@code Event} schema.
   */
  private static void documentEvents(Components components) {
    if (components.getSchemas() == null) {
      return;
    }
    components.addSchemas(
        ApiDocumentationConfiguration.EVENT_SCHEMA, ApiDocumentationConfiguration.eventSchema());
    components
        .getSchemas()
        .values()
        .forEach(
            schema -> {
              if (schema.getProperties() != null
                  && schema.getProperties().get("events") instanceof Schema<?> events
                  && events.getItems() != null) {
                events.setItems(
                    new Schema<>()
                        .$ref(
                            "#/components/schemas/" + ApiDocumentationConfiguration.EVENT_SCHEMA));
              }
            });
  }

  /**
   * In a request body, a JSON {@code null} for an optional field is the field left out (the
   * records' boxed fields): the scalar and list fields of request schemas that are not required are
   * nullable.
   */
  private static void documentNullableRequestFields(OpenAPI openApi, Components components) {
    Set<String> names = new TreeSet<>();
    openApi
        .getPaths()
        .values()
        .forEach(
            item ->
                item.readOperations()
                    .forEach(
                        operation -> {
                          if (operation.getRequestBody() != null
                              && operation.getRequestBody().getContent() != null) {
                            operation
                                .getRequestBody()
                                .getContent()
                                .values()
                                .forEach(
                                    media -> collectRefs(media.getSchema(), components, names));
                          }
                        }));
    for (String name : names) {
      Schema<?> schema = components.getSchemas().get(name);
      if (schema == null || schema.getProperties() == null) {
        continue;
      }
      List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
      schema
          .getProperties()
          .forEach(
              (field, property) -> {
                boolean scalarOrList =
                    property.get$ref() == null
                        && property.getAdditionalProperties() == null
                        && property.getType() != null
                        && !"object".equals(property.getType());
                if (scalarOrList && !required.contains(field)) {
                  property.setNullable(true);
                }
              });
    }
  }

  private static void collectRefs(Schema<?> schema, Components components, Set<String> names) {
    if (schema == null) {
      return;
    }
    if (schema.get$ref() != null) {
      String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
      if (names.add(name) && components.getSchemas() != null) {
        collectRefs(components.getSchemas().get(name), components, names);
      }
      return;
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(p -> collectRefs(p, components, names));
    }
    if (schema.getItems() != null) {
      collectRefs(schema.getItems(), components, names);
    }
  }

  /**
   * An {@code OperationCustomizer}: a POST whose handler answers a {@link ResponseEntity} creates
   * something (201); springdoc only knows the default 200, which such handlers give when a repeat
   * created nothing. Skipped when the handler declares its responses itself.
   */
  static Operation documentCreated(Operation operation, HandlerMethod handler) {
    RequestMapping mapping =
        AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
    boolean post = mapping != null && List.of(mapping.method()).contains(RequestMethod.POST);
    boolean declared =
        AnnotatedElementUtils.hasAnnotation(
            handler.getMethod(), io.swagger.v3.oas.annotations.responses.ApiResponse.class);
    ApiResponses responses = operation.getResponses();
    if (!post
        || declared
        || responses == null
        || !ResponseEntity.class.isAssignableFrom(handler.getMethod().getReturnType())
        || !responses.containsKey("200")
        || responses.containsKey("201")) {
      return operation;
    }
    ApiResponse ok = responses.get("200");
    ApiResponses reordered = new ApiResponses();
    reordered.addApiResponse(
        "201", new ApiResponse().description("Created").content(ok.getContent()));
    reordered.addApiResponse(
        "200",
        ok.description(
            "Nothing new was created (a repeat of an earlier request, "
                + "where the operation allows one); same body"));
    responses.forEach((code, response) -> reordered.putIfAbsent(code, response));
    operation.setResponses(reordered);
    return operation;
  }

  private List<String> roles(String path, PathItem.HttpMethod method) {
    String uri = path.replaceAll("\\{[^}]*}", SAMPLE_PATH_VALUE);
    WebInvocationPrivilegeEvaluator rules = evaluator.get();
    if (rules.isAllowed("", uri, method.name(), ANONYMOUS)) {
      return List.of(PUBLIC);
    }
    List<String> roles = new ArrayList<>();
    for (ApiKeyRole role : ApiKeyRole.values()) {
      Authentication caller =
          UsernamePasswordAuthenticationToken.authenticated(
              "openapi", null, AuthorityUtils.createAuthorityList("ROLE_" + role.name()));
      if (rules.isAllowed("", uri, method.name(), caller)) {
        roles.add(role.name());
      }
    }
    return roles;
  }

  private static void documentRoles(Operation operation, List<String> roles) {
    operation.addExtension(ROLES_EXTENSION, roles);
    String who =
        roles.equals(List.of(PUBLIC))
            ? "**Public**: no API key needed."
            : roles.isEmpty()
                ? "**Roles**: none (no API key may call this)."
                : "**Roles**: " + String.join(", ", roles) + ".";
    operation.setDescription(
        operation.getDescription() == null ? who : operation.getDescription() + "\n\n" + who);
    if (roles.equals(List.of(PUBLIC))) {
      operation.setSecurity(List.of());
    }
  }

  /**
   * The optional {@code Idempotency-Key} of every POST (an operation that requires it declares it
   * itself), and {@code Idempotent-Replayed} on its 2xx answers.
   */
  private static void documentHeaders(
      String path, PathItem.HttpMethod method, Operation operation) {
    if (method != PathItem.HttpMethod.POST || !IdempotencyFilter.appliesTo(path)) {
      return;
    }
    boolean declared =
        operation.getParameters() != null
            && operation.getParameters().stream()
                .anyMatch(
                    p ->
                        "header".equals(p.getIn())
                            && IdempotencyFilter.HEADER.equalsIgnoreCase(p.getName()));
    if (!declared) {
      operation.addParametersItem(
          new Parameter()
              .in("header")
              .name(IdempotencyFilter.HEADER)
              .required(false)
              .schema(idempotencyKeySchema()));
    }
    if (operation.getResponses() != null) {
      operation
          .getResponses()
          .forEach(
              (code, response) -> {
                if (code.startsWith("2")) {
                  response.addHeaderObject(
                      IdempotencyFilter.REPLAYED,
                      new Header()
                          .description(
                              "`true` when this is the kept answer to an earlier request with the same Idempotency-Key")
                          .schema(new StringSchema()._enum(List.of("true"))));
                }
              });
    }
  }

  /** The Idempotency-Key's schema ({@link IdempotencyKeys}): 1 to 128 visible ASCII characters. */
  static StringSchema idempotencyKeySchema() {
    StringSchema schema = new StringSchema();
    schema.minLength(1).maxLength(IdempotencyKeys.MAX_LENGTH).pattern("^[\\x21-\\x7E]+$");
    schema.setExample("5f0c2b9e-8d1a-4c55-a1f7-0e3b6f2d9c41");
    return schema;
  }

  /** Descriptions for the parameters every API shares, where the operation gives none. */
  private static void documentParameters(Operation operation) {
    if (operation.getParameters() == null) {
      return;
    }
    for (Parameter parameter : operation.getParameters()) {
      if (parameter.getDescription() == null) {
        parameter.setDescription(
            PARAMETER_DESCRIPTIONS.get(parameter.getIn() + " " + parameter.getName()));
      }
    }
  }

  private static final Map<String, String> PARAMETER_DESCRIPTIONS =
      Map.ofEntries(
          Map.entry("path id", "The resource's id"),
          Map.entry("path shopperId", "The shopper's id"),
          Map.entry("path companionId", "The companion's id (from the shopper's companion list)"),
          Map.entry("path deliveryId", "The delivery's id (from the subscription's delivery log)"),
          Map.entry("query limit", "The most items to return"),
          Map.entry(
              "query cursor",
              "Where to go on: the previous page's `nextCursor`; absent for the first page"),
          Map.entry(
              "query after",
              "Where to go on: the previous page's `nextCursor`; absent for the first page"),
          Map.entry(
              "header Accept-Language",
              "Preferred languages for titles, names and event messages "
                  + "(a shopper's own language comes first where there is one); English when none is supported"),
          Map.entry(
              "header Idempotency-Key",
              "Makes a retry safe: the same key and body within 24 h replays the "
                  + "first 2xx answer (with `Idempotent-Replayed: true`); another body with the same key is 422"));

  private static void documentErrors(
      String path,
      PathItem.HttpMethod method,
      Operation operation,
      List<String> roles,
      Components components) {
    boolean secured = !roles.equals(List.of(PUBLIC));
    boolean body = operation.getRequestBody() != null;
    boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
    boolean write = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
    if (operation.getResponses() == null) {
      operation.setResponses(new ApiResponses());
    }
    ApiResponses responses = operation.getResponses();
    // Any request can be unreadable (a malformed multipart Content-Type on a GET is a 400 too).
    addProblem(
        responses,
        HttpStatus.BAD_REQUEST,
        body || parameters
            ? "Bad input (the field, parameter or header at fault is named in `field`); nothing changed"
            : "A request the service cannot read (a malformed header); nothing changed",
        body || parameters
            ? "Field 'amountMinor' has the wrong type or format"
            : "The multipart request body could not be parsed",
        path);
    if (secured) {
      addProblem(
          responses,
          HttpStatus.UNAUTHORIZED,
          "No API key, or one that is unknown, revoked or expired",
          "An API key is required in the X-Api-Key header",
          path);
      if (roles.size() < ApiKeyRole.values().length || write) {
        addProblem(
            responses,
            HttpStatus.FORBIDDEN,
            "The key's role (or its store) may not do this",
            "This API key's role may not do this",
            path);
      }
    }
    if (path.contains("{") || (body && namesAnotherResource(operation, components))) {
      addProblem(
          responses,
          HttpStatus.NOT_FOUND,
          "No such resource (in the path, or named by id in the body)",
          "shopper 'ada' does not exist",
          path);
    }
    addProblem(
        responses,
        HttpStatus.NOT_ACCEPTABLE,
        "The Accept header allows no media type this operation gives "
            + "(it answers application/json, and application/problem+json for errors)",
        "Acceptable representations: [application/json, application/*+json]",
        path);
    if (write) {
      addProblem(
          responses,
          HttpStatus.CONFLICT,
          "The change conflicts with the current state (a duplicate id, "
              + "an inactive store, a receipt used for another purchase, ...)",
          "shopper ada exists already",
          path);
    }
    if (method == PathItem.HttpMethod.POST && IdempotencyFilter.appliesTo(path)) {
      addProblem(
          responses,
          HttpStatus.UNPROCESSABLE_CONTENT,
          "The Idempotency-Key was used before with a different request",
          "Idempotency-Key reused with another body",
          path);
    }
    if (body) {
      addProblem(
          responses,
          HttpStatus.CONTENT_TOO_LARGE,
          "The request body is too large",
          "The request body is larger than 65536 bytes",
          path);
      addProblem(
          responses,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "The request's Content-Type is not one this operation takes",
          "Content-Type 'text/plain' is not supported",
          path);
    }
    if (secured) {
      addProblem(
              responses,
              HttpStatus.TOO_MANY_REQUESTS,
              "Rate limit of this key reached; retry after " + "`Retry-After` seconds",
              "Too many requests",
              path)
          .addHeaderObject("Retry-After", retryAfter());
    }
    addProblem(
            responses,
            HttpStatus.SERVICE_UNAVAILABLE,
            "The database is unavailable; nothing changed. Retry after " + "`Retry-After` seconds",
            "The database is unavailable; nothing was changed. Retry later.",
            path)
        .addHeaderObject("Retry-After", retryAfter());
  }

  /**
   * Whether a request body names another resource by id ({@code shopperId}, {@code storeId}, ...).
   */
  private static boolean namesAnotherResource(Operation operation, Components components) {
    if (operation.getRequestBody().getContent() == null) {
      return false;
    }
    return operation.getRequestBody().getContent().values().stream()
        .map(MediaType::getSchema)
        .map(schema -> ApiExamples.resolve(schema, components))
        .anyMatch(
            schema ->
                schema != null
                    && schema.getProperties() != null
                    && schema.getProperties().keySet().stream()
                        .anyMatch(name -> name.length() > 2 && name.endsWith("Id")));
  }

  private static ApiResponse addProblem(
      ApiResponses responses, HttpStatus status, String description, String detail, String path) {
    String code = String.valueOf(status.value());
    ApiResponse existing = responses.get(code);
    if (existing != null
        && existing.getContent() != null
        && existing.getContent().containsKey(PROBLEM_JSON)) {
      return existing;
    }
    Map<String, Object> example = new LinkedHashMap<>();
    example.put("type", "about:blank");
    example.put("title", status.getReasonPhrase());
    example.put("status", status.value());
    example.put("detail", detail);
    example.put("instance", samplePath(path));
    MediaType problem =
        new MediaType()
            .schema(
                new Schema<>()
                    .$ref("#/components/schemas/" + ApiDocumentationConfiguration.PROBLEM_SCHEMA))
            .example(example);
    ApiResponse response = existing != null ? existing : new ApiResponse().description(description);
    if (response.getContent() == null) {
      response.setContent(new Content());
    }
    response.getContent().addMediaType(PROBLEM_JSON, problem);
    responses.addApiResponse(code, response);
    return response;
  }

  /** The path with a sample value for each variable: an {@code instance} is a path asked for. */
  private static String samplePath(String path) {
    String sample =
        path.replace("{period}", "week")
            .replace("{shopperId}", "ada")
            .replace("{companionId}", "1");
    for (Map.Entry<String, String> id : SAMPLE_IDS.entrySet()) {
      sample = sample.replace(id.getKey() + "/{id}", id.getKey() + "/" + id.getValue());
    }
    return sample.replaceAll("\\{[^}]*}", "sample");
  }

  private static final Map<String, String> SAMPLE_IDS =
      Map.of(
          "/shoppers",
          "ada",
          "/stores",
          "sneakers",
          "/purchases",
          "0b6f7c1e-4a57-4c41-9d0e-5b1f8f0c2a11",
          "/missions",
          "spend-100",
          "/rewards",
          "free-coffee",
          "/species",
          "fox",
          "/api-keys",
          "4f1d2c3b-9a8e-4d7c-b6a5-1e2f3a4b5c6d");

  private static Header retryAfter() {
    return new Header()
        .description("seconds to wait before retrying")
        .schema(new IntegerSchema().example(5));
  }

  private static void documentExamples(Operation operation, Components components) {
    if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
      operation
          .getRequestBody()
          .getContent()
          .values()
          .forEach(media -> exampleFor(media, components));
    }
    if (operation.getResponses() != null) {
      operation
          .getResponses()
          .forEach(
              (code, response) -> {
                if (code.startsWith("2") && response.getContent() != null) {
                  response.getContent().values().forEach(media -> exampleFor(media, components));
                }
              });
    }
  }

  private static void exampleFor(MediaType media, Components components) {
    if (media.getExample() == null
        && (media.getExamples() == null || media.getExamples().isEmpty())
        && media.getSchema() != null) {
      media.setExample(ApiExamples.of(media.getSchema(), components));
    }
  }
}
