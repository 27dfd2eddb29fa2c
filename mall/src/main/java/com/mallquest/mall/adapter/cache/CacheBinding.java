package com.mallquest.mall.adapter.cache;

import com.mallquest.mall.application.port.InstallationRepository;
import com.mallquest.mall.domain.Installation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds what this process keeps in Redis to the database it caches (ADR 0016). At start it reads
 * the database's {@link Installation} (writing it on the very first start); every Redis key of the
 * caches and leaderboards lives under {@code <mallquest.redis.namespace>-<installation cache key>},
 * so another database's entries (another deployment on the same Redis and namespace, or this
 * database before it was restored and its epoch bumped) are never read.
 *
 * <p>While running, {@link #check()} compares the database's row with the one this process bound
 * itself to. A difference (the epoch was bumped, or another database is now behind the same URL)
 * means this process's Redis entries and memory describe another database: it logs one ERROR, the
 * health component {@code redis} turns DEGRADED, and the registered actions stop the Redis tier
 * (the caches go on with memory and the database). A restart binds to the new row.
 */
public final class CacheBinding {

  private static final Logger log = LoggerFactory.getLogger(CacheBinding.class);

  private final InstallationRepository installations;
  private final Installation bound;
  private final List<Runnable> onMismatch = new CopyOnWriteArrayList<>();
  private volatile String mismatch;

  /** Reads (or, on a new database, writes) the installation row. */
  public CacheBinding(InstallationRepository installations) {
    this.installations = Objects.requireNonNull(installations, "installations");
    this.bound =
        installations.find().orElseGet(() -> installations.createIfAbsent(Installation.create()));
    log.info("cache binding: installation={} cacheEpoch={}", bound.id(), bound.cacheEpoch());
  }

  /** The installation this process bound its Redis keys to. */
  public Installation bound() {
    return bound;
  }

  /**
   * The longest configured namespace: SmartCache allows 64 characters, the cache key takes up to
   * 34.
   */
  public static final int MAX_CONFIGURED_NAMESPACE = 30;

  /**
   * The Redis namespace for the configured one: {@code <configured>-<installation cache key>}, e.g.
   * {@code mallquest-3f1c2a9e0b7d-e0}.
   *
   * @throws IllegalStateException if the configured namespace is longer than {@value
   *     #MAX_CONFIGURED_NAMESPACE}
   */
  public String namespace(String configured) {
    if (configured.length() > MAX_CONFIGURED_NAMESPACE) {
      throw new IllegalStateException(
          "mallquest.redis.namespace must be at most "
              + MAX_CONFIGURED_NAMESPACE
              + " characters (the database's installation key is appended, ADR 0016): "
              + configured);
    }
    return configured + "-" + bound.cacheKey();
  }

  /** Runs {@code action} once if (and when) the binding no longer matches the database. */
  public void onMismatch(Runnable action) {
    onMismatch.add(Objects.requireNonNull(action, "action"));
    if (mismatch != null) {
      action.run();
    }
  }

  /** What no longer matches, if the database changed under this process. */
  public Optional<String> mismatch() {
    return Optional.ofNullable(mismatch);
  }

  /**
   * Compares the database's installation row with the bound one; on the first difference, logs it
   * and runs the mismatch actions. A failed read changes nothing (the next check tries again).
   */
  public void check() {
    if (mismatch != null) {
      return;
    }
    Optional<Installation> now;
    try {
      now = installations.find();
    } catch (RuntimeException e) {
      log.debug("cache binding not checked: {}", e.getClass().getSimpleName());
      return;
    }
    if (now.isPresent() && now.get().equals(bound)) {
      return;
    }
    synchronized (this) {
      if (mismatch != null) {
        return;
      }
      mismatch =
          "this process caches installation "
              + bound.id()
              + " epoch "
              + bound.cacheEpoch()
              + " but the database is now "
              + now.map(i -> "installation " + i.id() + " epoch " + i.cacheEpoch())
                  .orElse("without an installation row");
    }
    log.error(
        "cache binding mismatch: {}; the Redis tier is switched off on this instance (memory and database"
            + " only) so that no entry of another database is served: restart it to bind to the database's current"
            + " epoch (docs/OPERATIONS.md)",
        mismatch);
    onMismatch.forEach(
        action -> {
          try {
            action.run();
          } catch (RuntimeException e) {
            log.warn("cache binding mismatch action failed: {}", e.toString());
          }
        });
  }
}
