-- Voyager schema, version 2, H2 variant: the device directory (credential hashes and server-side tags).
-- Idempotent like version 1, since H2 commits each statement on its own. The differences from the PostgreSQL
-- variant are marked "H2:".

-- The directory's revision counter: one row, updated first in every directory write and kept locked until that
-- write commits. Writers therefore take revisions one at a time, in commit order, so a reader that has seen
-- revision r can never later find a committed change below r. A sequence would not do: it hands out numbers at
-- once, and a transaction holding a low number may commit after one holding a higher number was already read.
CREATE TABLE IF NOT EXISTS voyager_directory_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT  NOT NULL
);
INSERT INTO voyager_directory_revision (id, revision)
SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM voyager_directory_revision WHERE id = 1);

-- One row per device ever written; rows are never deleted, so a revoked credential reaches every node as a change.
CREATE TABLE IF NOT EXISTS voyager_device_directory (
    device_id   VARCHAR(128)             PRIMARY KEY,
    secret_hash VARCHAR(64),                        -- SHA-256 of the credential, lower-case hex; NULL: none
    tags        VARCHAR(2100)            NOT NULL,  -- lower-case tags in alphabetical order, comma-separated
    revision    BIGINT                   NOT NULL,  -- the counter's value at this row's last change
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CHECK (REGEXP_LIKE(secret_hash, '^[0-9a-f]{64}$', 'c')) -- H2: REGEXP_LIKE, case-sensitive
);
-- The feed: changedSince reads rows above a revision in revision order.
CREATE UNIQUE INDEX IF NOT EXISTS voyager_device_directory_by_revision ON voyager_device_directory (revision);
