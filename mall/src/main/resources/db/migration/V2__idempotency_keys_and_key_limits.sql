-- Access: a per-key rate limit and the responses kept for Idempotency-Key replays. Same dialect
-- rules as V1 (runs unchanged on PostgreSQL 15 and H2 in PostgreSQL mode).

-- Requests a minute this key may make; NULL: mallquest.security.rate-limit.requests-per-minute.
ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute INTEGER;
ALTER TABLE api_keys ADD CONSTRAINT ck_api_keys_rate_limit
    CHECK (rate_limit_per_minute IS NULL OR rate_limit_per_minute > 0);

-- One row per (API key, Idempotency-Key): claimed (status NULL) when the first request starts,
-- completed with its response when it ends. No foreign key to api_keys: rows are purged after
-- mallquest.idempotency.retention whatever happens to the key.
CREATE TABLE idempotency_keys (
    api_key_id      VARCHAR(36)              NOT NULL,
    idempotency_key VARCHAR(255)             NOT NULL,
    -- hex SHA-256 of method, path and body: the same key with another request is refused.
    request_hash    VARCHAR(64)              NOT NULL,
    status          INTEGER,
    content_type    VARCHAR(255),
    location        VARCHAR(2048),
    response_body   TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (api_key_id, idempotency_key),
    CONSTRAINT ck_idempotency_keys_status CHECK (status IS NULL OR (status >= 200 AND status < 500))
);

-- Serves the purge of rows older than the retention.
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);
