-- ADR 0030: whether the shopper has a companion (then one of them is active: the first one is made
-- active, and activation only moves the flag between the shopper's companions). Set by the first
-- companion's insert, under the shopper's row lock; read by every balance change, which answers the
-- locked row, so a purchase or check-in of a shopper without one runs no statement to feed it.
-- Same dialect rules as V1 (H2 in PostgreSQL mode and PostgreSQL 15).
ALTER TABLE shoppers ADD COLUMN has_companion BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE shoppers SET has_companion = TRUE WHERE id IN (SELECT shopper_id FROM companions);
