-- Voyager schema, version 4, PostgreSQL variant: report ids unique per device, whether a report counted toward a
-- rollout, and each device's latest outcome per rollout (the rollouts' figures are over devices, not reports).
-- Idempotent like version 1; the migrator runs it in one transaction.

-- Why a report counts toward no rollout ('not-admitted', ...); NULL exactly when rollout_id is set.
ALTER TABLE voyager_report ADD COLUMN IF NOT EXISTS not_counted_reason VARCHAR(64);
UPDATE voyager_report SET not_counted_reason = 'no-rollout' WHERE rollout_id IS NULL AND not_counted_reason IS NULL;

-- A report id is unique per device: one device cannot spend another's ids.
ALTER TABLE voyager_report DROP CONSTRAINT IF EXISTS voyager_report_pkey;
ALTER TABLE voyager_report DROP CONSTRAINT IF EXISTS voyager_report_per_device;
ALTER TABLE voyager_report ADD CONSTRAINT voyager_report_per_device PRIMARY KEY (device_id, report_id);

-- One row per (rollout, device): the device's latest outcome (by reported_at) among its counted reports.
-- Outcomes recorded before this version are not carried over (their buckets cannot be computed in SQL), so a
-- rollout running across the upgrade starts its figures afresh: gates and pause windows see new outcomes only.
CREATE TABLE IF NOT EXISTS voyager_rollout_outcome (
    rollout_id  VARCHAR(255) COLLATE "C"  NOT NULL,
    device_id   VARCHAR(128) COLLATE "C"  NOT NULL,
    bucket      INTEGER                  NOT NULL, -- the device's bucket in the rollout: which stage admitted it
    status      VARCHAR(16)              NOT NULL, -- SUCCESS, FAILED or ROLLED_BACK
    reason      VARCHAR(64),                       -- the failure reason; NULL for SUCCESS
    reported_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (rollout_id, device_id),
    CHECK (bucket >= 0 AND bucket < 10000)
);
-- The pause windows read the latest outcomes of a rollout.
CREATE INDEX IF NOT EXISTS voyager_rollout_outcome_latest ON voyager_rollout_outcome (rollout_id, reported_at);
