package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.Views.Page;
import com.mallquest.mall.application.audit.AuditTrail;
import com.mallquest.mall.domain.AuditEntry;
import com.mallquest.mall.domain.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log of ADMIN writes (ADMIN). */
@RestController
class AuditController {

  /**
   * One audited write.
   *
   * @param id the entry's id
   * @param at when it was answered
   * @param keyId the API key that made it
   * @param keyName that key's name
   * @param action method and path pattern
   * @param target what it was done to, e.g. {@code shopper:ada}
   * @param reason the reason the request gave
   * @param status the HTTP status of the answer
   */
  record AuditView(
      long id,
      Instant at,
      String keyId,
      String keyName,
      String action,
      String target,
      String reason,
      int status) {

    static AuditView of(AuditEntry e) {
      return new AuditView(
          e.id(),
          e.createdAt(),
          e.keyId(),
          e.keyName(),
          e.action(),
          e.target(),
          e.reason().orElse(null),
          e.status());
    }
  }

  private final AuditTrail trail;

  AuditController(AuditTrail trail) {
    this.trail = trail;
  }

  /**
   * Newest first; {@code cursor} is the previous page's {@code nextCursor}; {@code target} filters
   * exactly.
   */
  @Operation(
      operationId = "listAuditLog",
      summary = "List the audit log of ADMIN writes, newest first")
  @Tag(name = "Operations")
  @GetMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
  Page<AuditView> list(
      @Parameter(
              schema =
                  @Schema(
                      type = "integer",
                      format = "int32",
                      minimum = "1",
                      maximum = "" + AuditTrail.MAX_PAGE_SIZE,
                      defaultValue = "50"))
          @RequestParam(defaultValue = "50")
          int limit,
      @RequestParam(required = false) String cursor,
      @Parameter(
              description =
                  "Only the entries about this target, e.g. `shopper:ada` or `store:sneakers`",
              schema = @Schema(minLength = 1, maxLength = AuditTrail.MAX_TARGET))
          @RequestParam(required = false)
          String target) {
    OptionalLong before = OptionalLong.empty();
    if (cursor != null && !cursor.isEmpty()) {
      if (!cursor.matches("[0-9]{1,18}")) {
        throw new InvalidInputException("cursor", "cursor is not valid");
      }
      before = OptionalLong.of(Long.parseLong(cursor));
    }
    List<AuditEntry> rows = trail.list(Optional.ofNullable(target), before, limit);
    String next = rows.size() < limit ? null : String.valueOf(rows.get(rows.size() - 1).id());
    return new Page<>(rows.stream().map(AuditView::of).toList(), next);
  }
}
