-- Voyager schema, version 3, H2 variant: indexes for the fleet statistics (GET .../products/{id}/stats).
-- Idempotent like version 1, since H2 commits each statement on its own. Same as the PostgreSQL variant.

-- The version distribution: one product's devices, grouped by version.
CREATE INDEX IF NOT EXISTS voyager_device_by_product_version ON voyager_device (product_id, current_version);
-- Outcomes per day, downloads, failures by code and rollout steps: a product's reports in a time range.
CREATE INDEX IF NOT EXISTS voyager_report_by_product_time ON voyager_report (product_id, reported_at);
