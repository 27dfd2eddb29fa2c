-- Write path (ADR 0030): every index on purchases is one more B-tree insert in every purchase. Two
-- of the seven served no query:
-- - ix_purchases_store_created (store_id, created_at): no statement reads purchases by store over
--   time (the store figures group one created_at range of every store: ix_purchases_created);
-- - ix_purchases_shopper_store_created (shopper_id, store_id, created_at): the per-store purchase
--   cap counts one shopper's purchases of the last hour, which ix_purchases_shopper_created
--   (shopper_id, created_at DESC, id DESC) finds as a range, the store compared on each row.
-- Same dialect rules as V1 (H2 in PostgreSQL mode and PostgreSQL 15).
DROP INDEX IF EXISTS ix_purchases_store_created;
DROP INDEX IF EXISTS ix_purchases_shopper_store_created;
