-- ADR 0031: a shopper's period score without reading the period's rows. Each xp row carries the
-- shopper's xp after it, counted in (created_at, id) order, so the xp a shopper earned since any
-- instant is the newest row's xp_after minus that of the last row before the instant: two index
-- descents, however long the history. Rows written from now on come last in that order: the
-- balance change stamps them with shoppers.xp_at, the time of the shopper's newest xp row, never
-- earlier than the one before. Same dialect rules as V1 (H2 in PostgreSQL mode and PostgreSQL 15).
ALTER TABLE xp_ledger ADD COLUMN xp_after BIGINT;
MERGE INTO xp_ledger x
USING (SELECT id, SUM(delta) OVER (PARTITION BY shopper_id ORDER BY created_at, id) AS running FROM xp_ledger) r
ON x.id = r.id
WHEN MATCHED THEN UPDATE SET xp_after = r.running;
ALTER TABLE xp_ledger ALTER COLUMN xp_after SET NOT NULL;

ALTER TABLE shoppers ADD COLUMN xp_at TIMESTAMP WITH TIME ZONE;
UPDATE shoppers SET xp_at = (SELECT MAX(x.created_at) FROM xp_ledger x WHERE x.shopper_id = shoppers.id);

-- The refresh's index: the newest row, and the last row before a period's start, of each shopper.
DROP INDEX ix_xp_ledger_shopper_created;
CREATE INDEX ix_xp_ledger_shopper_running ON xp_ledger (shopper_id, created_at, id, xp_after);
