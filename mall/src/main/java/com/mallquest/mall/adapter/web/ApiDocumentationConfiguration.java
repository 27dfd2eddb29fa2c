package com.mallquest.mall.adapter.web;

import com.mallquest.mall.domain.IdempotencyKeys;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/**
 * The OpenAPI 3 document at {@code /v3/api-docs} and Swagger UI at {@code /swagger-ui}. springdoc
 * derives paths, parameters and schemas from the controllers; {@link ApiDocumentationCustomizer}
 * adds what the code says elsewhere (roles from the live security rules, problem+json errors,
 * examples), so an endpoint added later is documented without annotations.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentationConfiguration {

  /** The name of the {@code X-Api-Key} security scheme in the document. */
  public static final String SECURITY_SCHEME = "apiKey";
  /** The name of the RFC 9457 problem schema in the document's components. */
  public static final String PROBLEM_SCHEMA = "Problem";

  @Bean
  OpenAPI mallQuestOpenApi() {
    return new OpenAPI()
        .info(new Info().title("MallQuest API").version("v1")
            .description("Loyalty and gamification for a shopping mall. Every call carries an API key in "
                + "`X-Api-Key`; each operation lists the roles (ADMIN, STORE, APP) that may call it. Errors are "
                + "RFC 9457 `application/problem+json`. Any POST may carry an `Idempotency-Key` header (companion "
                + "purchases and redemptions require one): " + IdempotencyKeys.RULE + "; anything else is a 400."))
        .components(new Components()
            .addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name(ApiKeyAuthenticationFilter.HEADER)
                .description("An API key; its role (ADMIN, STORE or APP) decides what it may call.")))
        .addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
  }

  @Bean
  OpenApiCustomizer apiDocumentationCustomizer(ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator) {
    return new ApiDocumentationCustomizer(evaluator::getObject);
  }

  @Bean
  OperationCustomizer createdResponseCustomizer() {
    return ApiDocumentationCustomizer::documentCreated;
  }

  /** The RFC 9457 problem details schema. */
  static ObjectSchema problemSchema() {
    ObjectSchema schema = new ObjectSchema();
    schema.description("RFC 9457 problem details");
    schema.addProperty("type", new StringSchema().format("uri").example("about:blank")
        .description("a URI naming the problem type; about:blank when the status says it all"));
    schema.addProperty("title", new StringSchema().example("Bad Request").description("the status's phrase"));
    schema.addProperty("status", new IntegerSchema().example(400).description("the HTTP status"));
    schema.addProperty("detail", new StringSchema().example("amountMinor: must not be null")
        .description("what went wrong, for a human"));
    schema.addProperty("instance", new StringSchema().format("uri").example("/api/v1/purchases")
        .description("the request path"));
    schema.addProperty("field", new StringSchema().example("amountMinor")
        .description("the request field at fault, when one is"));
    schema.addRequiredItem("type");
    schema.addRequiredItem("title");
    schema.addRequiredItem("status");
    return schema;
  }
}
