package com.mallquest.mall.application.audit;

import com.mallquest.mall.application.port.ApiKeyRecord;
import com.mallquest.mall.application.port.ApiKeyRepository;
import com.mallquest.mall.application.port.AuditLogRepository;
import com.mallquest.mall.domain.AuditEntry;
import com.mallquest.mall.domain.InvalidInputException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The audit log of ADMIN writes: recorded by the web layer after each one, read by operators. */
public final class AuditTrail {

  /** The largest page a client may ask for. */
  public static final int MAX_PAGE_SIZE = 200;

  /** Longest target filter (the column's width). */
  public static final int MAX_TARGET = 200;

  /**
   * A write to record.
   *
   * @param keyId the API key that made it
   * @param action what was done
   * @param target what it was done to
   * @param reason the reason the request gave, if any
   * @param status the HTTP status of the answer
   */
  public record Write(
      String keyId, String action, String target, Optional<String> reason, int status) {}

  private final AuditLogRepository log;
  private final ApiKeyRepository keys;
  private final Clock clock;

  /** With its ports. */
  public AuditTrail(AuditLogRepository log, ApiKeyRepository keys, Clock clock) {
    this.log = log;
    this.keys = keys;
    this.clock = clock;
  }

  /** Records the write with the key's name, now. */
  public void record(Write write) {
    String name = keys.findById(write.keyId()).map(ApiKeyRecord::name).orElse("(unknown key)");
    log.append(
        new AuditEntry(
            0,
            clock.instant(),
            write.keyId(),
            name,
            cut(write.action(), 100),
            cut(write.target(), MAX_TARGET),
            write.reason().map(r -> cut(r, 200)),
            write.status()));
  }

  /**
   * Entries newest first.
   *
   * @throws InvalidInputException naming {@code limit} or {@code target}
   */
  public List<AuditEntry> list(Optional<String> target, OptionalLong beforeId, int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidInputException(
          "limit", "limit must be between 1 and " + MAX_PAGE_SIZE + ": " + limit);
    }
    if (target.isPresent() && (target.get().isEmpty() || target.get().length() > MAX_TARGET)) {
      throw new InvalidInputException("target", "target must be 1-" + MAX_TARGET + " characters");
    }
    return log.list(target, beforeId, limit);
  }

  private static String cut(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }
}
