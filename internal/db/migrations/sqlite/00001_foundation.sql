-- +goose Up
-- Reference data shared by every tenant.
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,          -- Kemendagri code, e.g. 36.04.05.2001
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province','regency','district','village')),
    parent_code TEXT
);
CREATE INDEX regions_parent ON regions (parent_code);

CREATE TABLE national_days_off (
    day  DATE NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('libur','cuti_bersama')),
    PRIMARY KEY (day, name)
);

-- One tenant is one government (instansi), keyed by its Kemendagri code.
CREATE TABLE tenants (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    created_at  DATETIME NOT NULL
);

CREATE TABLE tenant_days_off (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    day        DATE NOT NULL,
    name       TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (tenant_id, day)
);

-- Offices (OPD) and their sub-units, a tree per tenant.
CREATE TABLE units (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    parent_id    INTEGER REFERENCES units (id),
    name         TEXT NOT NULL,
    abbreviation TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,
    archived_at  DATETIME,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE INDEX units_tenant ON units (tenant_id, parent_id);

-- Accounts. tenant_id is NULL for operator-level accounts.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER REFERENCES tenants (id),
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    email         TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    lang          TEXT NOT NULL DEFAULT '',
    disabled_at   DATETIME,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX users_tenant ON users (tenant_id);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id),
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Sessions live in the database so that any instance can serve any request
-- and a user can see and end them. id is the SHA-256 of the cookie value.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL,
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   DATETIME NOT NULL,
    last_used_at DATETIME,
    revoked_at   DATETIME
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The audit trail: who changed or read what, written in the same
-- transaction as the change, never with the sensitive values themselves.
-- One hash chain per tenant (chain = tenant ID, 0 for the installation).
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    chain       INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    tenant_id   INTEGER REFERENCES tenants (id),
    at          DATETIME NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    prev_hash   BLOB NOT NULL,
    hash        BLOB NOT NULL,
    UNIQUE (chain, seq)
);
CREATE INDEX audit_events_actor ON audit_events (chain, actor_id, seq);

-- The head of each chain; its row lock orders the writes of one tenant.
CREATE TABLE audit_heads (
    chain INTEGER PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  BLOB NOT NULL
);

-- Signed statements of a chain's head, checkable with the public key alone.
CREATE TABLE audit_checkpoints (
    chain     INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    hash      BLOB NOT NULL,
    at        DATETIME NOT NULL,
    key_id    TEXT NOT NULL,
    signature BLOB NOT NULL,
    PRIMARY KEY (chain, seq)
);

-- +goose Down
DROP TABLE audit_checkpoints;
DROP TABLE audit_heads;
DROP TABLE audit_events;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE units;
DROP TABLE tenant_days_off;
DROP TABLE tenants;
DROP TABLE national_days_off;
DROP TABLE regions;
