-- Voyager schema, version 3, PostgreSQL variant: indexes for the fleet statistics (GET .../products/{id}/stats).
-- Idempotent like version 1; the migrator runs it in one transaction.

-- The version distribution: an index-only scan of one product's devices, grouped by version.
CREATE INDEX IF NOT EXISTS voyager_device_by_product_version ON voyager_device (product_id, current_version);
-- Outcomes per day, downloads, failures by code and rollout steps: a product's reports in a time range. Reports
-- arrive roughly in time order, so the rows of a range sit close together in the table.
CREATE INDEX IF NOT EXISTS voyager_report_by_product_time ON voyager_report (product_id, reported_at);
