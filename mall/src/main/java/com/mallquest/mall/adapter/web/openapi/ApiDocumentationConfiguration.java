package com.mallquest.mall.adapter.web.openapi;

import com.mallquest.mall.adapter.web.Views;
import com.mallquest.mall.adapter.web.security.ApiKeyAuthenticationFilter;
import com.mallquest.mall.domain.IdempotencyKeys;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
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

  /** The name of the schema of an event in purchase, check-in, companion and refund answers. */
  public static final String EVENT_SCHEMA = "Event";

  /** The document's tags, one per resource, in the order Swagger UI shows them. */
  static final List<Tag> TAGS =
      List.of(
          new Tag()
              .name("Shoppers")
              .description(
                  "Registration, profiles, check-ins, purchase history, coin ledger, bulk import"),
          new Tag()
              .name("Purchases")
              .description("Purchases reported by stores, and their refunds"),
          new Tag().name("Stores").description("The mall's stores and their coin multipliers"),
          new Tag().name("Missions").description("Mission definitions and each shopper's progress"),
          new Tag()
              .name("Companions")
              .description("Companion species and the companions shoppers own"),
          new Tag().name("Rewards").description("The reward catalogue"),
          new Tag().name("Redemptions").description("Rewards bought with coins"),
          new Tag().name("Leaderboards").description("Xp rankings per period"),
          new Tag().name("Analytics").description("Sales and engagement figures over date ranges"),
          new Tag().name("API keys").description("Keys, their roles and revocation"),
          new Tag().name("Operations").description("Cache statistics and reconciliation"));

  @Bean
  OpenAPI mallQuestOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("MallQuest API")
                .version("v1")
                .description(
                    "Loyalty and gamification for a shopping mall. Every call carries an API key in "
                        + "`X-Api-Key`; each operation lists the roles (ADMIN, STORE, APP) that may call it. Errors are "
                        + "RFC 9457 `application/problem+json`. Any POST may carry an `Idempotency-Key` header (companion "
                        + "purchases and redemptions require one): "
                        + IdempotencyKeys.RULE
                        + "; anything else is a 400.")
                .license(new License().name("Proprietary (MallQuest); not for redistribution")))
        // Relative: the document describes whichever host serves it (springdoc would put the port
        // it saw).
        .servers(List.of(new Server().url("/").description("The server that serves this document")))
        .tags(TAGS)
        .components(
            new Components()
                .addSecuritySchemes(
                    SECURITY_SCHEME,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(ApiKeyAuthenticationFilter.HEADER)
                        .description(
                            "An API key; its role (ADMIN, STORE or APP) decides what it may call.")))
        .addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
  }

  @Bean
  OpenApiCustomizer apiDocumentationCustomizer(
      ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator) {
    return new ApiDocumentationCustomizer(evaluator::getObject);
  }

  @Bean
  OperationCustomizer createdResponseCustomizer() {
    return ApiDocumentationCustomizer::documentCreated;
  }

  /**
   * The RFC 9457 problem details schema: the members every problem carries, and the extension
   * members the service adds ({@code field}; a bulk import's progress). Nothing else is sent.
   */
  static ObjectSchema problemSchema() {
    ObjectSchema schema = new ObjectSchema();
    schema.description("RFC 9457 problem details");
    schema.addProperty(
        "type",
        new StringSchema()
            .format("uri-reference")
            .example("about:blank")
            .description(
                "a URI reference naming the problem type; about:blank when the status says it all"));
    schema.addProperty(
        "title", new StringSchema().example("Bad Request").description("the status's phrase"));
    schema.addProperty(
        "status",
        new IntegerSchema()
            .minimum(BigDecimal.valueOf(400))
            .maximum(BigDecimal.valueOf(599))
            .example(400)
            .description("the HTTP status"));
    schema.addProperty(
        "detail",
        new StringSchema()
            .example("amountMinor: must not be null")
            .description("what went wrong, for a human"));
    schema.addProperty(
        "instance",
        new StringSchema()
            .format("uri-reference")
            .example("/api/v1/purchases")
            .description("the request path (a relative URI reference)"));
    schema.addProperty(
        "field",
        new StringSchema()
            .example("amountMinor")
            .description("the request field, parameter or header at fault, when one is"));
    schema.addProperty(
        "lastLine",
        new IntegerSchema()
            .format("int64")
            .example(1200)
            .description("bulk import only: the last line read in full before the body failed"));
    schema.addProperty(
        "created",
        new IntegerSchema()
            .format("int64")
            .example(1190)
            .description("bulk import only: shoppers created before the body failed"));
    schema.addProperty(
        "skipped",
        new IntegerSchema()
            .format("int64")
            .example(8)
            .description("bulk import only: rows skipped (the id existed) before the body failed"));
    schema.addProperty(
        "rejected",
        new IntegerSchema()
            .format("int64")
            .example(2)
            .description("bulk import only: rows rejected before the body failed"));
    schema.addProperty(
        "block",
        new ObjectSchema()
            .addProperty("shopperId", new StringSchema().example("ada"))
            .addProperty(
                "blockedAt", new StringSchema().format("date-time").example("2026-11-27T08:00:00Z"))
            .additionalProperties(false)
            .description(
                "403 \"Shopper blocked\" only: whose block, since when (the operator's reason is not shown)"));
    schema.addRequiredItem("type");
    schema.addRequiredItem("title");
    schema.addRequiredItem("status");
    return schema;
  }

  /**
   * An event of a purchase, check-in, companion purchase or refund ({@link Views#eventFields}): its
   * {@code type}, the fields of that type, and a {@code message} in the shopper's language.
   */
  static ObjectSchema eventSchema() {
    ObjectSchema schema = new ObjectSchema();
    schema.description(
        "Something that happened: `type` says what, and which of the other fields it carries");
    schema.addProperty(
        "type",
        new StringSchema()
            ._enum(
                List.of(
                    "level_up",
                    "tier_changed",
                    "checked_in",
                    "mission_progress",
                    "mission_completed",
                    "cap_reached",
                    "companion_acquired",
                    "companion_evolved")));
    schema.addProperty(
        "message",
        new StringSchema().description("the event for a human, in the shopper's language"));
    Schema<Object> levelOrTier = new Schema<>();
    levelOrTier.oneOf(List.of(new IntegerSchema(), new StringSchema()));
    schema.addProperty(
        "from",
        levelOrTier.description(
            "level_up: the level before (integer); tier_changed: the tier " + "before (text)"));
    Schema<Object> toLevelOrTier = new Schema<>();
    toLevelOrTier.oneOf(List.of(new IntegerSchema(), new StringSchema()));
    schema.addProperty(
        "to", toLevelOrTier.description("level_up: the new level; tier_changed: the new tier"));
    schema.addProperty("streak", new IntegerSchema().description("checked_in: the streak in days"));
    schema.addProperty(
        "coinsAwarded",
        new IntegerSchema().format("int64").description("checked_in: coins credited"));
    schema.addProperty(
        "missionId", new StringSchema().description("mission_progress, mission_completed"));
    schema.addProperty(
        "progress", new IntegerSchema().format("int64").description("mission_progress"));
    schema.addProperty(
        "target", new IntegerSchema().format("int64").description("mission_progress"));
    schema.addProperty(
        "windowStart",
        new StringSchema()
            .format("date-time")
            .description("mission_completed: the start of the window period it was completed in"));
    schema.addProperty(
        "coins", new IntegerSchema().format("int64").description("mission_completed: coins paid"));
    schema.addProperty(
        "xp", new IntegerSchema().format("int64").description("mission_completed: xp paid"));
    schema.addProperty(
        "companionSpeciesId",
        new StringSchema().description("mission_completed: a companion paid"));
    schema.addProperty("cap", new StringSchema().description("cap_reached: which cap"));
    schema.addProperty(
        "limit", new IntegerSchema().format("int64").description("cap_reached: the cap's limit"));
    schema.addProperty(
        "coinsWithheld",
        new IntegerSchema().format("int64").description("cap_reached: coins not credited"));
    schema.addProperty(
        "companionId", new StringSchema().description("companion_acquired, companion_evolved"));
    schema.addProperty(
        "speciesId", new StringSchema().description("companion_acquired, companion_evolved"));
    schema.addProperty(
        "source",
        new StringSchema().description("companion_acquired: how (purchase, mission, ...)"));
    schema.addProperty(
        "fromStage", new IntegerSchema().description("companion_evolved: the stage before"));
    schema.addProperty(
        "toStage", new IntegerSchema().description("companion_evolved: the new stage"));
    schema.addRequiredItem("type");
    return schema;
  }
}
