package com.mallquest.mall.application.companion;

import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.domain.Companion;
import com.mallquest.mall.domain.ShopperId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** How a shopper gets a companion, whether bought or granted: the first one is active. */
final class NewCompanions {

  private NewCompanions() {}

  /** Inserts a companion, active if it is the shopper's first; empty if the key was used. */
  static Optional<Companion> add(
      CompanionRepository companions,
      ShopperId shopperId,
      String speciesId,
      String source,
      String key,
      Instant now) {
    boolean first = companions.findActive(shopperId).isEmpty();
    Companion companion =
        new Companion(UUID.randomUUID().toString(), shopperId, speciesId, 0, 0, first, source, now);
    return companions.insert(companion, key) ? Optional.of(companion) : Optional.empty();
  }
}
