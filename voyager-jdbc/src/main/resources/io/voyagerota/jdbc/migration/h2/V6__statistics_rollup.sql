-- Voyager schema, version 6, H2 variant: the fleet statistics read rollups kept in the report's own transaction
-- instead of scanning the report history; the version 1 rollout counters, unread since version 4, go. H2 commits
-- each statement on its own; every backfill empties its table first, so a rerun counts nothing twice. The
-- differences from the PostgreSQL variant are marked "H2:".
-- Days are UTC days numbered from 1970-01-01. A value's bucket keeps its first two digits: 123456 -> 120000.

-- Outcome reports per product, UTC day, status and reason (the failure reason, '' for SUCCESS).
CREATE TABLE IF NOT EXISTS voyager_stats_outcome_day (
    product_id VARCHAR(128)             NOT NULL,
    utc_day    BIGINT                   NOT NULL,
    status     VARCHAR(16)              NOT NULL, -- SUCCESS, FAILED or ROLLED_BACK
    reason     VARCHAR(64)              NOT NULL,
    reports    BIGINT                   NOT NULL,
    PRIMARY KEY (product_id, utc_day, status, reason)
);
DELETE FROM voyager_stats_outcome_day;
INSERT INTO voyager_stats_outcome_day (product_id, utc_day, status, reason, reports)
SELECT product_id, utc_day, status, reason, COUNT(*) FROM (
    SELECT product_id, CAST(FLOOR(EXTRACT(EPOCH FROM reported_at) / 86400) AS BIGINT) AS utc_day, status,
           CASE WHEN status = 'SUCCESS' THEN '' ELSE COALESCE(error_code,
               CASE status WHEN 'ROLLED_BACK' THEN 'rolled-back' ELSE 'unspecified' END) END AS reason
    FROM voyager_report WHERE status IN ('SUCCESS', 'FAILED', 'ROLLED_BACK')) o
GROUP BY product_id, utc_day, status, reason;

-- Downloads (download_millis above 0 and bytes_downloaded set) per product, UTC day, metric and bucket: metric 'T'
-- is the download time in ms, 'S' the speed bytes_downloaded * 1000 / download_millis cut to a whole number; total
-- is the sum of the exact values (the speed not cut), for the averages. The 95th percentile is found in the
-- buckets, then read from the reports of its one bucket through the two indexes below.
CREATE TABLE IF NOT EXISTS voyager_stats_download_day (
    product_id VARCHAR(128)             NOT NULL,
    utc_day    BIGINT                   NOT NULL,
    metric     CHAR(1)                  NOT NULL,
    bucket     BIGINT                   NOT NULL,
    samples    BIGINT                   NOT NULL,
    total      DOUBLE PRECISION         NOT NULL,
    PRIMARY KEY (product_id, utc_day, metric, bucket)
);
DELETE FROM voyager_stats_download_day;
INSERT INTO voyager_stats_download_day (product_id, utc_day, metric, bucket, samples, total)
SELECT product_id, utc_day, 'T', v - MOD(v, CAST(POWER(10, GREATEST(LENGTH(CAST(v AS VARCHAR(20))) - 2, 0)) AS BIGINT)),
       COUNT(*), SUM(CAST(v AS DOUBLE PRECISION)) FROM (
    SELECT product_id, CAST(FLOOR(EXTRACT(EPOCH FROM reported_at) / 86400) AS BIGINT) AS utc_day, download_millis AS v
    FROM voyager_report WHERE download_millis > 0 AND bytes_downloaded IS NOT NULL) d
GROUP BY product_id, utc_day, v - MOD(v, CAST(POWER(10, GREATEST(LENGTH(CAST(v AS VARCHAR(20))) - 2, 0)) AS BIGINT));
INSERT INTO voyager_stats_download_day (product_id, utc_day, metric, bucket, samples, total)
SELECT product_id, utc_day, 'S', v - MOD(v, CAST(POWER(10, GREATEST(LENGTH(CAST(v AS VARCHAR(20))) - 2, 0)) AS BIGINT)),
       COUNT(*), SUM(speed) FROM (
    SELECT product_id, CAST(FLOOR(EXTRACT(EPOCH FROM reported_at) / 86400) AS BIGINT) AS utc_day,
           bytes_downloaded * 1000 / download_millis AS v,
           CAST(bytes_downloaded AS DOUBLE PRECISION) * 1000 / download_millis AS speed
    FROM voyager_report WHERE download_millis > 0 AND bytes_downloaded IS NOT NULL) d
GROUP BY product_id, utc_day, v - MOD(v, CAST(POWER(10, GREATEST(LENGTH(CAST(v AS VARCHAR(20))) - 2, 0)) AS BIGINT));
-- H2: no partial and no expression indexes, so the time index holds every report and the speed has none.
CREATE INDEX IF NOT EXISTS voyager_report_download_time ON voyager_report (product_id, download_millis, reported_at);

-- One row per (product, rollout, device) that reported for the rollout: the days of its first and last report,
-- and its latest report in recording order (seq). A device counts under its latest status on that report's day;
-- a range that holds some of its reports but not that one reads them from the report history instead.
CREATE TABLE IF NOT EXISTS voyager_stats_rollout_device (
    product_id    VARCHAR(128)          NOT NULL,
    rollout_id    VARCHAR(255)          NOT NULL,
    device_id     VARCHAR(128)          NOT NULL,
    first_day     BIGINT                NOT NULL,
    last_day      BIGINT                NOT NULL,
    latest_seq    BIGINT                NOT NULL,
    latest_day    BIGINT                NOT NULL,
    latest_status VARCHAR(16)           NOT NULL,
    PRIMARY KEY (product_id, rollout_id, device_id)
);
DELETE FROM voyager_stats_rollout_device;
INSERT INTO voyager_stats_rollout_device (product_id, rollout_id, device_id, first_day, last_day, latest_seq,
    latest_day, latest_status)
SELECT product_id, rollout_id, device_id, MIN(utc_day), MAX(utc_day), MAX(seq), MAX(CASE WHEN newest = 1 THEN utc_day END),
       MAX(CASE WHEN newest = 1 THEN status END) FROM (
    SELECT product_id, rollout_id, device_id, seq, status,
           CAST(FLOOR(EXTRACT(EPOCH FROM reported_at) / 86400) AS BIGINT) AS utc_day,
           ROW_NUMBER() OVER (PARTITION BY product_id, rollout_id, device_id ORDER BY seq DESC) AS newest
    FROM voyager_report WHERE rollout_id IS NOT NULL) r
GROUP BY product_id, rollout_id, device_id;
-- The devices whose latest report lies after a range but an earlier one in it, and those whose latest report lies
-- before a range but a later-dated one in it (recorded out of date order, so only those rows are indexed).
CREATE INDEX IF NOT EXISTS voyager_stats_rollout_device_latest ON voyager_stats_rollout_device (product_id, latest_day);
-- H2: no partial indexes.
CREATE INDEX IF NOT EXISTS voyager_stats_rollout_device_late ON voyager_stats_rollout_device (product_id, last_day);

-- Devices per product, rollout, day of their latest report for it, and that report's status.
CREATE TABLE IF NOT EXISTS voyager_stats_stage_day (
    product_id VARCHAR(128)             NOT NULL,
    rollout_id VARCHAR(255)             NOT NULL,
    utc_day    BIGINT                   NOT NULL,
    status     VARCHAR(16)              NOT NULL,
    devices    BIGINT                   NOT NULL,
    PRIMARY KEY (product_id, rollout_id, utc_day, status)
);
DELETE FROM voyager_stats_stage_day;
INSERT INTO voyager_stats_stage_day (product_id, rollout_id, utc_day, status, devices)
SELECT product_id, rollout_id, latest_day, latest_status, COUNT(*) FROM voyager_stats_rollout_device
GROUP BY product_id, rollout_id, latest_day, latest_status;

-- voyager_rollout_stats and voyager_rollout_failure (version 1) are read by nothing since version 4 but stay:
-- migrations only add, so a node of an older version keeps running against this schema during an upgrade.
