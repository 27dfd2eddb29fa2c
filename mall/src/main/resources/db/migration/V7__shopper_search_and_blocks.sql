-- Operator console (issue 15): shopper search and blocks. Same dialect rules as V1 (runs unchanged
-- on H2 in PostgreSQL mode and on PostgreSQL 15).

-- Display-name prefix search: the name lower-cased (Java's Locale.ROOT rules, written by the
-- repository on every insert and rename), searched as a range [prefix, prefix with its last code
-- point + 1), which an index serves on any collation that orders by code point (C, C.UTF-8; H2).
-- Rows written before this migration get the database's LOWER, the same for every ASCII name.
ALTER TABLE shoppers ADD COLUMN display_name_key VARCHAR(100) DEFAULT '' NOT NULL;
UPDATE shoppers SET display_name_key = LOWER(display_name);
CREATE INDEX ix_shoppers_name_key ON shoppers (display_name_key, id);

-- Search by receipt id alone (the unique key is per store).
CREATE INDEX ix_purchases_receipt ON purchases (receipt_id);

-- A blocked shopper earns nothing and cannot redeem. One row per blocked shopper; unblocking deletes it
-- (the audit log keeps the history).
CREATE TABLE shopper_blocks (
    shopper_id VARCHAR(64)              NOT NULL,
    reason     VARCHAR(200)             NOT NULL,
    blocked_at TIMESTAMP WITH TIME ZONE NOT NULL,
    blocked_by VARCHAR(36)              NOT NULL,
    CONSTRAINT pk_shopper_blocks PRIMARY KEY (shopper_id),
    CONSTRAINT fk_shopper_blocks_shopper FOREIGN KEY (shopper_id) REFERENCES shoppers (id)
);
