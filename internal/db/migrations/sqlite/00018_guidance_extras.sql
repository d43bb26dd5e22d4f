-- +goose NO TRANSACTION
-- +goose Up
-- A session's audience may now be people named one by one ('named'). The
-- audience CHECK of guidance_sessions is widened; SQLite cannot change a
-- CHECK in place, so the table is rebuilt (the writer holds a single
-- connection, so the foreign key switch applies to these statements only).
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE guidance_sessions_new (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    held_on       DATE NOT NULL,
    starts_at     TEXT NOT NULL,
    topics        TEXT NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    link          TEXT NOT NULL DEFAULT '',
    facilitator   TEXT NOT NULL DEFAULT '',
    audience      TEXT NOT NULL CHECK (audience IN ('all','kind','named')),
    audience_kind TEXT NOT NULL DEFAULT '',
    cancelled     INTEGER NOT NULL DEFAULT 0,
    code_hash     TEXT NOT NULL DEFAULT '',
    code_until    DATETIME,
    created_by    INTEGER REFERENCES users (id),
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
INSERT INTO guidance_sessions_new SELECT id, tenant_id, unit_id, held_on, starts_at, topics, place, link, facilitator, audience,
    audience_kind, cancelled, code_hash, code_until, created_by, created_at, updated_at FROM guidance_sessions;
DROP TABLE guidance_sessions;
ALTER TABLE guidance_sessions_new RENAME TO guidance_sessions;
CREATE INDEX guidance_sessions_tenant ON guidance_sessions (tenant_id, held_on);
CREATE INDEX guidance_sessions_code ON guidance_sessions (tenant_id, code_hash);

-- The people a 'named' session is for, chosen one by one from the roster.
CREATE TABLE guidance_session_people (
    session_id  INTEGER NOT NULL REFERENCES guidance_sessions (id),
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    PRIMARY KEY (session_id, employee_id)
);
CREATE INDEX guidance_session_people_employee ON guidance_session_people (employee_id);

-- Materials of a session (slides, handouts, photos): the content lives in
-- the encrypted file store under file_id; the row keeps what a list needs.
-- A removed material keeps its row (who removed it, when) and loses its
-- file.
CREATE TABLE guidance_materials (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    session_id   INTEGER NOT NULL REFERENCES guidance_sessions (id),
    file_id      TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    flagged      INTEGER NOT NULL DEFAULT 0,
    scanned      INTEGER NOT NULL DEFAULT 0,
    added_by     INTEGER REFERENCES users (id),
    added_at     DATETIME NOT NULL,
    removed_by   INTEGER REFERENCES users (id),
    removed_at   DATETIME
);
CREATE INDEX guidance_materials_session ON guidance_materials (tenant_id, session_id, id);
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
-- Named sessions fall back to the office's staff.
PRAGMA foreign_keys = OFF;
BEGIN;
DROP TABLE guidance_materials;
DROP TABLE guidance_session_people;
CREATE TABLE guidance_sessions_old (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    held_on       DATE NOT NULL,
    starts_at     TEXT NOT NULL,
    topics        TEXT NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    link          TEXT NOT NULL DEFAULT '',
    facilitator   TEXT NOT NULL DEFAULT '',
    audience      TEXT NOT NULL CHECK (audience IN ('all','kind')),
    audience_kind TEXT NOT NULL DEFAULT '',
    cancelled     INTEGER NOT NULL DEFAULT 0,
    code_hash     TEXT NOT NULL DEFAULT '',
    code_until    DATETIME,
    created_by    INTEGER REFERENCES users (id),
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
INSERT INTO guidance_sessions_old SELECT id, tenant_id, unit_id, held_on, starts_at, topics, place, link, facilitator,
    CASE audience WHEN 'named' THEN 'all' ELSE audience END, audience_kind, cancelled, code_hash, code_until, created_by, created_at, updated_at
    FROM guidance_sessions;
DROP TABLE guidance_sessions;
ALTER TABLE guidance_sessions_old RENAME TO guidance_sessions;
CREATE INDEX guidance_sessions_tenant ON guidance_sessions (tenant_id, held_on);
CREATE INDEX guidance_sessions_code ON guidance_sessions (tenant_id, code_hash);
COMMIT;
PRAGMA foreign_keys = ON;
