-- +goose Up
-- Integrity pledges (Pakta Integritas, PermenPANRB 49/2011): the
-- government's versions of the text, campaigns asking employees to sign a
-- version, and the signatures. A version's text is never changed: a new
-- wording is a new version. text_sha256 is the hex SHA-256 of the text.
CREATE TABLE pledge_versions (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    number      INTEGER NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  DATETIME NOT NULL,
    UNIQUE (tenant_id, number)
);

-- How often a signature is renewed, in months; 0: only when a new version
-- is issued. The period is a government's choice (UNCONFIRMED in the rules).
CREATE TABLE pledge_settings (
    tenant_id    INTEGER PRIMARY KEY REFERENCES tenants (id),
    renew_months INTEGER NOT NULL,
    updated_by   INTEGER REFERENCES users (id),
    updated_at   DATETIME NOT NULL
);

-- A campaign asks a set of employees, as the roster stands, to sign a
-- version by a date: everyone (scope 'all'), an office and its sub-offices
-- ('unit', unit_id), or a position kind ('kind', position_kind).
CREATE TABLE pledge_campaigns (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    version_id    INTEGER NOT NULL REFERENCES pledge_versions (id),
    name          TEXT NOT NULL,
    scope         TEXT NOT NULL CHECK (scope IN ('all','unit','kind')),
    unit_id       INTEGER REFERENCES units (id),
    position_kind TEXT NOT NULL DEFAULT '',
    due_on        DATE NOT NULL,
    created_by    INTEGER REFERENCES users (id),
    created_at    DATETIME NOT NULL
);
CREATE INDEX pledge_campaigns_tenant ON pledge_campaigns (tenant_id, id);

-- A signature: the version acknowledged, the statement ticked, the hash
-- of the exact text shown, when; 'paper' ones are recorded by the
-- prevention officer with a scan kept in the encrypted file store.
CREATE TABLE pledge_signatures (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    employee_id  INTEGER NOT NULL REFERENCES employees (id),
    version_id   INTEGER NOT NULL REFERENCES pledge_versions (id),
    campaign_id  INTEGER REFERENCES pledge_campaigns (id),
    method       TEXT NOT NULL CHECK (method IN ('electronic','paper')),
    statement    TEXT NOT NULL,
    text_sha256  TEXT NOT NULL,
    signed_at    DATETIME NOT NULL,
    recorded_by  INTEGER REFERENCES users (id),
    file_id      TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    file_size    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pledge_signatures_employee ON pledge_signatures (tenant_id, employee_id, version_id, signed_at);
CREATE INDEX pledge_signatures_version ON pledge_signatures (tenant_id, version_id, employee_id);

-- +goose Down
DROP TABLE pledge_signatures;
DROP TABLE pledge_campaigns;
DROP TABLE pledge_settings;
DROP TABLE pledge_versions;
