-- Which database this is, for the Redis tier (ADR 0016). The caches' and leaderboards' Redis keys
-- are bound to this installation's id and cache epoch, so two deployments sharing one Redis, and a
-- database restored from a backup once its epoch is bumped, never read each other's entries.
-- One row, written by the service at its first start (a UUID made in Java: no dialect function).
-- Same dialect rules as V1 (runs unchanged on PostgreSQL 15 and H2 in PostgreSQL mode).
CREATE TABLE installation (
    singleton   INTEGER                  NOT NULL,
    id          VARCHAR(36)              NOT NULL,
    -- Bumped by an operator after a restore (POST /api/v1/operations/cache-epoch, or the UPDATE in
    -- docs/OPERATIONS.md): never goes down.
    cache_epoch BIGINT                   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_installation PRIMARY KEY (singleton),
    CONSTRAINT ck_installation_singleton CHECK (singleton = 1),
    CONSTRAINT ck_installation_cache_epoch CHECK (cache_epoch >= 0)
);
