-- Voyager schema, version 5, PostgreSQL variant: the events of one aggregate are delivered in append order. A claim
-- takes an event only while no event of its aggregate with a lower seq (the identity column of version 1, assigned
-- at insert) is PENDING or PROCESSING; this index answers that question per candidate row. Only unfinished events
-- are in it, so it stays small however long the processed history grows. Idempotent like version 1; building it
-- holds off outbox writes for as long as it takes to read the unfinished rows.
CREATE INDEX IF NOT EXISTS voyager_outbox_by_aggregate
    ON voyager_outbox (aggregate_id, seq) WHERE state IN ('PENDING', 'PROCESSING');
