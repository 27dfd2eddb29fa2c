-- Missions, abuse-cap index and companions. Same dialect rules as V1 (runs unchanged on H2 in
-- PostgreSQL mode and on PostgreSQL 15). Localized texts are JSON objects {"en": "...", ...} in
-- VARCHAR columns; enum-like columns hold the Java enum name.

CREATE TABLE missions (
    id                VARCHAR(64)              NOT NULL,
    title             VARCHAR(200000)          NOT NULL,
    description       VARCHAR(200000)          NOT NULL,
    goal_kind         VARCHAR(32)              NOT NULL,
    goal_target       BIGINT                   NOT NULL,
    goal_category     VARCHAR(32),
    goal_store_id     VARCHAR(64),
    window_kind       VARCHAR(16)              NOT NULL,
    window_start      TIMESTAMP WITH TIME ZONE,
    window_end        TIMESTAMP WITH TIME ZONE,
    -- Comma-separated tier names; empty: every tier.
    eligible_tiers    VARCHAR(64)              NOT NULL,
    reward_coins      BIGINT                   NOT NULL,
    reward_xp         BIGINT                   NOT NULL,
    reward_species_id VARCHAR(64),
    active            BOOLEAN                  NOT NULL,
    version           BIGINT                   NOT NULL,
    CONSTRAINT pk_missions PRIMARY KEY (id),
    CONSTRAINT ck_missions_target CHECK (goal_target >= 1),
    CONSTRAINT ck_missions_reward CHECK (reward_coins >= 0 AND reward_xp >= 0),
    CONSTRAINT ck_missions_version CHECK (version >= 1)
);

-- A shopper's progress per mission and window period (period = its start instant). Written only
-- while the shopper's row is locked.
CREATE TABLE mission_progress (
    mission_id   VARCHAR(64)              NOT NULL,
    shopper_id   VARCHAR(64)              NOT NULL,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    progress     BIGINT                   NOT NULL,
    completed    BOOLEAN                  NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_mission_progress PRIMARY KEY (shopper_id, mission_id, window_start),
    CONSTRAINT fk_mission_progress_mission FOREIGN KEY (mission_id) REFERENCES missions (id),
    CONSTRAINT fk_mission_progress_shopper FOREIGN KEY (shopper_id) REFERENCES shoppers (id),
    CONSTRAINT ck_mission_progress CHECK (progress >= 0)
);

-- The stores a shopper bought at in a period, for DISTINCT_STORES goals.
CREATE TABLE mission_window_stores (
    mission_id   VARCHAR(64)              NOT NULL,
    shopper_id   VARCHAR(64)              NOT NULL,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    store_id     VARCHAR(64)              NOT NULL,
    CONSTRAINT pk_mission_window_stores PRIMARY KEY (shopper_id, mission_id, window_start, store_id),
    CONSTRAINT fk_mission_window_stores_mission FOREIGN KEY (mission_id) REFERENCES missions (id)
);

-- One row per completed (mission, shopper, period): the reward is paid once per row. Analytics
-- counts this table by completed_at.
CREATE TABLE mission_completions (
    mission_id   VARCHAR(64)              NOT NULL,
    shopper_id   VARCHAR(64)              NOT NULL,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_mission_completions UNIQUE (mission_id, shopper_id, window_start),
    CONSTRAINT fk_mission_completions_shopper FOREIGN KEY (shopper_id) REFERENCES shoppers (id)
);

CREATE INDEX ix_mission_completions_completed ON mission_completions (completed_at);

-- The hourly per-store purchase cap counts a shopper's purchases at one store since a time.
CREATE INDEX ix_purchases_shopper_store_created ON purchases (shopper_id, store_id, created_at);

CREATE TABLE companion_species (
    id          VARCHAR(64)     NOT NULL,
    name        VARCHAR(200000) NOT NULL,
    rarity      VARCHAR(16)     NOT NULL,
    price_coins BIGINT,
    -- JSON array [{"name": {"en": ...}, "xpRequired": 0}, ...], xpRequired strictly increasing from 0.
    stages      VARCHAR(200000) NOT NULL,
    version     BIGINT          NOT NULL,
    CONSTRAINT pk_companion_species PRIMARY KEY (id),
    CONSTRAINT ck_companion_species_price CHECK (price_coins IS NULL OR price_coins > 0),
    CONSTRAINT ck_companion_species_version CHECK (version >= 1)
);

CREATE TABLE companions (
    id              VARCHAR(64)              NOT NULL,
    shopper_id      VARCHAR(64)              NOT NULL,
    species_id      VARCHAR(64)              NOT NULL,
    xp              BIGINT                   NOT NULL,
    stage           INTEGER                  NOT NULL,
    active          BOOLEAN                  NOT NULL,
    source          VARCHAR(16)              NOT NULL,
    -- The client's Idempotency-Key of a purchase, or a key the service derives for a grant
    -- (mission period, level milestone); unique per shopper so a retry grants nothing twice.
    idempotency_key VARCHAR(200)             NOT NULL,
    acquired_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_companions PRIMARY KEY (id),
    CONSTRAINT fk_companions_shopper FOREIGN KEY (shopper_id) REFERENCES shoppers (id),
    CONSTRAINT fk_companions_species FOREIGN KEY (species_id) REFERENCES companion_species (id),
    CONSTRAINT uq_companions_idempotency UNIQUE (shopper_id, idempotency_key),
    CONSTRAINT ck_companions_xp CHECK (xp >= 0),
    CONSTRAINT ck_companions_stage CHECK (stage >= 0)
);

CREATE INDEX ix_companions_shopper ON companions (shopper_id, acquired_at);
