-- +goose Up
-- A government's retention periods (internal/retention), in months after
-- the end of a record's legal life; a kind without a row keeps the
-- default.
CREATE TABLE retention_rules (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    kind       TEXT NOT NULL CHECK (kind IN ('rejected_report','discipline_case','protection_case','attachment','audit_event','export')),
    months     INTEGER NOT NULL CHECK (months BETWEEN 12 AND 1200),
    updated_by INTEGER REFERENCES users (id),
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);

-- Legal holds: while one is set (released_at NULL) nothing of the record
-- or of the records linked to it is purged. kind 'court' records a court
-- matter about the case. The reason may name people, so it is sealed.
CREATE TABLE legal_holds (
    id                 INTEGER PRIMARY KEY,
    tenant_id          INTEGER NOT NULL REFERENCES tenants (id),
    public_id          TEXT NOT NULL UNIQUE,
    object_type        TEXT NOT NULL CHECK (object_type IN ('report','discipline_case','protection_case')),
    object_id          INTEGER NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('hold','court')),
    reason_enc         BLOB NOT NULL,
    set_by             INTEGER REFERENCES users (id),
    set_at             DATETIME NOT NULL,
    released_by        INTEGER REFERENCES users (id),
    released_at        DATETIME,
    release_reason_enc BLOB
);
CREATE INDEX legal_holds_tenant ON legal_holds (tenant_id, released_at, id);
CREATE INDEX legal_holds_object ON legal_holds (tenant_id, object_type, object_id);

-- Reminders before a purge: one row per record and purge date, so the
-- admins and the auditor are told once, whichever instance notices first,
-- and again only if the date moves.
CREATE TABLE retention_reminders (
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    object_type TEXT NOT NULL,
    public_id   TEXT NOT NULL,
    purge_on    DATE NOT NULL,
    sent_at     DATETIME NOT NULL,
    PRIMARY KEY (tenant_id, object_type, public_id, purge_on)
);

-- +goose Down
DROP TABLE retention_reminders;
DROP TABLE legal_holds;
DROP TABLE retention_rules;
