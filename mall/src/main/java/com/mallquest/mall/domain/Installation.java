package com.mallquest.mall.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * Which database this is (ADR 0016): an id made when the database was first used, and a cache epoch
 * that an operator bumps after restoring it from a backup. What the Redis tier caches belongs to
 * one (id, epoch): the Redis key namespace carries {@link #cacheKey()}.
 *
 * @param id a UUID
 * @param cacheEpoch 0 at first; only ever goes up
 */
public record Installation(String id, long cacheEpoch) {

  /**
   * @throws IllegalArgumentException if the id is not a UUID or the epoch is negative
   */
  public Installation {
    Objects.requireNonNull(id, "id");
    UUID.fromString(id);
    if (cacheEpoch < 0) {
      throw new IllegalArgumentException("cacheEpoch must not be negative, was " + cacheEpoch);
    }
  }

  /** A new installation: a random id, epoch 0. */
  public static Installation create() {
    return new Installation(UUID.randomUUID().toString(), 0);
  }

  /**
   * The part of the Redis key namespace that binds it to this database: the id's first 12 hex
   * digits (48 bits: deployments sharing one Redis do not collide) and the epoch, e.g. {@code
   * 3f1c2a9e0b7d-e0}: at most 33 characters of {@code [0-9a-f-e]}.
   */
  public String cacheKey() {
    return id.replace("-", "").substring(0, 12) + "-e" + cacheEpoch;
  }
}
