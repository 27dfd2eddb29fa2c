package com.mallquest.mall.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * One ADMIN write, as the audit log keeps it.
 *
 * @param id the log's id (0 before it is stored); newer entries have larger ids
 * @param createdAt when the write was answered
 * @param keyId the id of the API key that made it
 * @param keyName that key's name
 * @param action what was done, e.g. {@code "PATCH /api/v1/stores/{id}"}
 * @param target what it was done to, e.g. {@code "store:sneakers"}
 * @param reason the reason the request gave, if any
 * @param status the HTTP status of the answer
 */
public record AuditEntry(
    long id,
    Instant createdAt,
    String keyId,
    String keyName,
    String action,
    String target,
    Optional<String> reason,
    int status) {

  /**
   * @throws NullPointerException if a field is missing
   */
  public AuditEntry {
    Checks.notNull(createdAt, "createdAt");
    Checks.notNull(keyId, "keyId");
    Checks.notNull(keyName, "keyName");
    Checks.notNull(action, "action");
    Checks.notNull(target, "target");
    Checks.notNull(reason, "reason");
  }
}
