-- +goose Up
-- A tenant's own catalogue of report categories. A tenant with no rows
-- here offers the defaults of internal/report.
CREATE TABLE report_categories (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    code      TEXT NOT NULL,
    name_id   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, code)
);

-- Reports of misconduct. What the reporter said is one sealed field
-- (content_enc, bound to public_id); the reporter's identity, when given,
-- is a sealed identity of its own. The receipt is kept only as a keyed
-- hash. No address or browser of the sender is stored, anywhere.
CREATE TABLE reports (
    id                 INTEGER PRIMARY KEY,
    tenant_id          INTEGER NOT NULL REFERENCES tenants (id),
    public_id          TEXT NOT NULL UNIQUE,
    receipt_lookup     BLOB NOT NULL,
    channel            TEXT NOT NULL CHECK (channel IN ('web','walk_in','phone','letter','lapor','social_media','press')),
    category           TEXT NOT NULL,
    mode               TEXT NOT NULL CHECK (mode IN ('anonymous','confidential','named')),
    status             TEXT NOT NULL CHECK (status IN ('new','in_review','closed')),
    occurred_on        DATE,
    district_code      TEXT NOT NULL DEFAULT '',
    village_code       TEXT NOT NULL DEFAULT '',
    reporter_is_victim INTEGER NOT NULL,
    contact_victim     INTEGER NOT NULL,
    share_identity     INTEGER NOT NULL,
    content_enc        BLOB NOT NULL,
    identity_id        INTEGER REFERENCES sealed_identities (id),
    employee_id        INTEGER REFERENCES employees (id),
    created_by         INTEGER REFERENCES users (id),
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL,
    UNIQUE (tenant_id, receipt_lookup)
);
CREATE INDEX reports_queue ON reports (tenant_id, status, id);

-- Messages between the reporter and the desk, and the desk's internal
-- notes (internal: never shown to the reporter). author_id names the desk
-- member, which the reporter never sees either.
CREATE TABLE report_messages (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    report_id  INTEGER NOT NULL REFERENCES reports (id),
    public_id  TEXT NOT NULL UNIQUE,
    author     TEXT NOT NULL CHECK (author IN ('reporter','desk')),
    author_id  INTEGER REFERENCES users (id),
    internal   INTEGER NOT NULL,
    body_enc   BLOB NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX report_messages_report ON report_messages (report_id, id);

-- +goose Down
DROP TABLE report_messages;
DROP TABLE reports;
DROP TABLE report_categories;
