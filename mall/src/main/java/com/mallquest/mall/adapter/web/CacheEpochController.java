package com.mallquest.mall.adapter.web;

import com.mallquest.mall.application.operations.CacheEpoch;
import com.mallquest.mall.domain.Installation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The database's cache binding (ADMIN, ADR 0016): which installation and cache epoch the Redis keys
 * are bound to, and the bump an operator makes after restoring the database from a backup.
 */
@Tag(name = "Operations")
@RestController
@RequestMapping(
    path = "/api/v1/operations/cache-epoch",
    produces = MediaType.APPLICATION_JSON_VALUE)
class CacheEpochController {

  /**
   * The binding.
   *
   * @param installationId the database's installation id
   * @param cacheEpoch its cache epoch
   * @param restartRequired true after a bump: every running instance has switched its Redis tier
   *     off (within {@code mallquest.redis.binding-check-interval}) until restarted
   */
  record CacheEpochResponse(String installationId, long cacheEpoch, boolean restartRequired) {}

  private final CacheEpoch epochs;

  CacheEpochController(CacheEpoch epochs) {
    this.epochs = epochs;
  }

  /** The database's installation id and cache epoch. */
  @Operation(
      operationId = "getCacheEpoch",
      summary = "Read the installation id and cache epoch Redis is bound to")
  @GetMapping
  CacheEpochResponse current() {
    Installation now = epochs.current();
    return new CacheEpochResponse(now.id(), now.cacheEpoch(), false);
  }

  /**
   * Bumps the cache epoch, after the database was restored from a backup or copied: no instance
   * reads what Redis cached before. Running instances switch their Redis tier off; restart them.
   */
  @Operation(
      operationId = "bumpCacheEpoch",
      summary =
          "Bump the cache epoch after a database restore (running instances drop Redis until restarted)")
  @PostMapping
  CacheEpochResponse bump() {
    Installation bumped = epochs.bump();
    return new CacheEpochResponse(bumped.id(), bumped.cacheEpoch(), true);
  }
}
