-- +goose Up
-- The purge (store/retention_purge.go). A purged report or case stays as a
-- tombstone: purged_at set, its sealed fields emptied, only what the
-- statistics count kept. Its report facts stay too, marked purged, so a
-- rebuild of the facts keeps them as they were.
ALTER TABLE reports ADD COLUMN purged_at DATETIME;
ALTER TABLE discipline_cases ADD COLUMN purged_at DATETIME;
ALTER TABLE protection_cases ADD COLUMN purged_at DATETIME;
ALTER TABLE report_facts ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;

-- The log of what was destroyed: kind, the record's reference (a case
-- number or a report's code) and the day, nothing of its content.
-- record_id is the purged row; shredded is set once its data keys are
-- destroyed (retried at every purge until then). count is the number of
-- files, for attachments.
CREATE TABLE retention_purges (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    kind        TEXT NOT NULL,
    object_type TEXT NOT NULL,
    public_id   TEXT NOT NULL,
    reference   TEXT NOT NULL,
    record_id   INTEGER NOT NULL DEFAULT 0,
    shredded    INTEGER NOT NULL DEFAULT 0,
    count       INTEGER NOT NULL DEFAULT 1,
    purged_at   DATETIME NOT NULL
);
CREATE INDEX retention_purges_tenant ON retention_purges (tenant_id, id);

-- Files to delete from the file store, written in the transaction that
-- drops their rows and deleted after it commits; a file the store could
-- not delete stays here and is tried again at the next purge.
CREATE TABLE file_deletions (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    file_id   TEXT NOT NULL,
    queued_at DATETIME NOT NULL,
    attempts  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, file_id)
);

-- Where an audit chain starts once its oldest events are purged: the
-- sequence and hash of the last event purged. Verification starts from
-- it; the purge itself is an event of the chain naming seq.
CREATE TABLE audit_anchors (
    chain     INTEGER PRIMARY KEY,
    seq       INTEGER NOT NULL,
    hash      BLOB NOT NULL,
    purged_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE audit_anchors;
DROP TABLE file_deletions;
DROP TABLE retention_purges;
ALTER TABLE report_facts DROP COLUMN purged;
ALTER TABLE protection_cases DROP COLUMN purged_at;
ALTER TABLE discipline_cases DROP COLUMN purged_at;
ALTER TABLE reports DROP COLUMN purged_at;
