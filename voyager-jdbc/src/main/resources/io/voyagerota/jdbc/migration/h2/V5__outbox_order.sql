-- Voyager schema, version 5, H2 variant: the events of one aggregate are delivered in append order. A claim takes
-- an event only while no event of its aggregate with a lower seq (the identity column of version 1, assigned at
-- insert) is PENDING or PROCESSING; this index answers that question per candidate row.
-- H2: no partial indexes, so it covers finished events too.
CREATE INDEX IF NOT EXISTS voyager_outbox_by_aggregate ON voyager_outbox (aggregate_id, seq);
