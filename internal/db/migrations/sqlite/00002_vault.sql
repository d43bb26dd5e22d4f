-- +goose Up
-- Per-tenant keys, each wrapped by the master key (which never enters the
-- database). Data keys are versioned and rotated; the lookup key is not.
CREATE TABLE tenant_keys (
    tenant_id   INTEGER NOT NULL, -- 0: the installation itself (secrets of its accounts)
    kind        TEXT NOT NULL CHECK (kind IN ('data','lookup')),
    version     INTEGER NOT NULL,
    master_id   TEXT NOT NULL,
    blob        BLOB NOT NULL,
    created_at  DATETIME NOT NULL,
    resealed_at DATETIME, -- data keys: when every sealed field had moved to this version
    PRIMARY KEY (tenant_id, kind, version)
);

-- A reporter's or victim's identity, sealed: its fields are encrypted and
-- shown as "sealed" to everyone until a custodian approves a request.
-- public_id is the row key bound into each ciphertext.
CREATE TABLE sealed_identities (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    public_id    TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL CHECK (role IN ('reporter','victim')),
    subject_type TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    name_enc     BLOB,
    contact_enc  BLOB,
    nik_enc      BLOB,
    nik_lookup   BLOB,
    created_by   INTEGER REFERENCES users (id),
    created_at   DATETIME NOT NULL
);
CREATE INDEX sealed_identities_subject ON sealed_identities (tenant_id, subject_type, subject_id);
CREATE INDEX sealed_identities_nik ON sealed_identities (tenant_id, nik_lookup);

-- Requests to see a sealed identity, decided by a custodian. Approved
-- access lasts until expires_at.
CREATE TABLE unseal_requests (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    public_id    TEXT NOT NULL UNIQUE,
    identity_id  INTEGER NOT NULL REFERENCES sealed_identities (id),
    requester_id INTEGER NOT NULL REFERENCES users (id),
    reason_enc   BLOB NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending','approved','refused')),
    decided_by   INTEGER REFERENCES users (id),
    decided_at   DATETIME,
    note_enc     BLOB,
    expires_at   DATETIME,
    created_at   DATETIME NOT NULL
);
CREATE INDEX unseal_requests_tenant ON unseal_requests (tenant_id, status, id);

-- +goose Down
DROP TABLE unseal_requests;
DROP TABLE sealed_identities;
DROP TABLE tenant_keys;
