package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.AuditEntry;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The audit log of ADMIN writes; append-only. */
public interface AuditLogRepository {

  /** Appends an entry (its id is ignored; the database gives one). */
  void append(AuditEntry entry);

  /**
   * Entries newest first, with ids below {@code beforeId} if given, for one target if given; at
   * most {@code limit}.
   */
  List<AuditEntry> list(Optional<String> target, OptionalLong beforeId, int limit);
}
