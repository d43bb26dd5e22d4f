-- +goose Up
-- A government's choices on its guidance programme (internal/guidance
-- Settings): the cadence and the topics, one a line; a government without
-- a row applies the defaults.
CREATE TABLE guidance_settings (
    tenant_id  INTEGER PRIMARY KEY REFERENCES tenants (id),
    cadence    TEXT NOT NULL CHECK (cadence IN ('monthly','quarterly','halfyearly')),
    topics     TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id),
    updated_at DATETIME NOT NULL
);

-- A guidance session of one office (unit). topics holds one topic a line.
-- audience is 'all' (the office's staff on held_on) or 'kind' (those of
-- audience_kind). A check-in code is kept only as its hash, with the time
-- it stops being accepted.
CREATE TABLE guidance_sessions (
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
CREATE INDEX guidance_sessions_tenant ON guidance_sessions (tenant_id, held_on);
CREATE INDEX guidance_sessions_code ON guidance_sessions (tenant_id, code_hash);

-- Who attended a session, and how it was recorded: 'tick' on the page,
-- 'import' from a sign-in sheet, 'self' by the employee with the code.
CREATE TABLE guidance_attendance (
    session_id  INTEGER NOT NULL REFERENCES guidance_sessions (id),
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    status      TEXT NOT NULL CHECK (status IN ('present','late','absent','excused')),
    how         TEXT NOT NULL CHECK (how IN ('tick','import','self')),
    recorded_by INTEGER REFERENCES users (id),
    recorded_at DATETIME NOT NULL,
    PRIMARY KEY (session_id, employee_id)
);
CREATE INDEX guidance_attendance_employee ON guidance_attendance (employee_id);

-- The deadline watch's reminders of offices with nothing held, one per
-- government and period.
CREATE TABLE guidance_reminders (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    period    TEXT NOT NULL,
    sent_at   DATETIME NOT NULL,
    PRIMARY KEY (tenant_id, period)
);

-- +goose Down
DROP TABLE guidance_reminders;
DROP TABLE guidance_attendance;
DROP TABLE guidance_sessions;
DROP TABLE guidance_settings;
