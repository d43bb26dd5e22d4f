-- +goose Up
-- A tenant's own catalogue of report categories. A tenant with no rows
-- here offers the defaults of internal/report. A category no longer
-- offered stays, inactive, so that old reports keep its name.
CREATE TABLE report_categories (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    code      TEXT NOT NULL,
    name_id   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    position  INTEGER NOT NULL,
    active    INTEGER NOT NULL,
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
    duplicate_of       INTEGER REFERENCES reports (id),
    created_by         INTEGER REFERENCES users (id),
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL,
    -- The public-complaint clocks: when the desk verified the report, when
    -- it first told the reporter something, when it closed it.
    verified_at        DATETIME,
    followed_up_at     DATETIME,
    closed_at          DATETIME,
    UNIQUE (tenant_id, receipt_lookup)
);
CREATE INDEX reports_queue ON reports (tenant_id, status, id);
CREATE INDEX reports_employee ON reports (tenant_id, employee_id);

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

-- Files sent with a report or a message: the content is in the encrypted
-- file store (file_id); the name the sender gave is sealed here, since a
-- name can say as much as the file. flagged marks a file kept as sent (a
-- PDF), to be opened with care.
CREATE TABLE report_files (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    report_id    INTEGER NOT NULL REFERENCES reports (id),
    message_id   INTEGER REFERENCES report_messages (id),
    public_id    TEXT NOT NULL UNIQUE,
    file_id      TEXT NOT NULL,
    name_enc     BLOB NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    flagged      INTEGER NOT NULL,
    scanned      INTEGER NOT NULL,
    created_at   DATETIME NOT NULL
);
CREATE INDEX report_files_report ON report_files (report_id, id);

-- What the desk decided on a report; a report may have several outcomes.
-- kind: discipline_case, protection_case, referral, rejection. case_id
-- names the case opened (in the table its kind says); referral_to is
-- where a referral went. note_enc is the reason or the referral's note,
-- sealed; for a rejection it is the reason the reporter reads.
CREATE TABLE report_outcomes (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    report_id   INTEGER NOT NULL REFERENCES reports (id),
    public_id   TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('discipline_case','protection_case','referral','rejection')),
    case_id     INTEGER,
    referral_to TEXT NOT NULL DEFAULT '',
    note_enc    BLOB,
    created_by  INTEGER REFERENCES users (id),
    created_at  DATETIME NOT NULL
);
CREATE INDEX report_outcomes_report ON report_outcomes (report_id, id);

-- A discipline case (PP 94/2021) as the desk opens it from reports; the
-- procedure (issue of the discipline engine) fills in the rest.
CREATE TABLE discipline_cases (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    public_id   TEXT NOT NULL UNIQUE,
    employee_id INTEGER REFERENCES employees (id),
    status      TEXT NOT NULL CHECK (status IN ('open','closed')),
    opened_by   INTEGER REFERENCES users (id),
    opened_at   DATETIME NOT NULL
);
CREATE TABLE discipline_case_reports (
    case_id   INTEGER NOT NULL REFERENCES discipline_cases (id),
    report_id INTEGER NOT NULL REFERENCES reports (id),
    PRIMARY KEY (case_id, report_id)
);

-- A protection case for the victim of a report, for the protection office.
CREATE TABLE protection_cases (
    id        INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    public_id TEXT NOT NULL UNIQUE,
    report_id INTEGER REFERENCES reports (id),
    status    TEXT NOT NULL CHECK (status IN ('open','closed')),
    opened_by INTEGER REFERENCES users (id),
    opened_at DATETIME NOT NULL
);

-- Notifications: one row per person told, shown in the app, and mailed
-- when the person has an e-mail address (mail_state pending → sent, or
-- failed after the last attempt). They are written in the transaction of
-- the event they tell of, so none is lost, and mailed afterwards; a mail
-- names what happened and links to it, never a report's words.
CREATE TABLE notifications (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    kind          TEXT NOT NULL,
    object_type   TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    created_at    DATETIME NOT NULL,
    read_at       DATETIME,
    mail_state    TEXT NOT NULL CHECK (mail_state IN ('none','pending','sent','failed')),
    mail_attempts INTEGER NOT NULL DEFAULT 0,
    mail_next_at  DATETIME,
    mail_error    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_mail ON notifications (mail_state, mail_next_at);

-- +goose Down
DROP TABLE notifications;
DROP TABLE protection_cases;
DROP TABLE discipline_case_reports;
DROP TABLE discipline_cases;
DROP TABLE report_outcomes;
DROP TABLE report_files;
DROP TABLE report_messages;
DROP TABLE reports;
DROP TABLE report_categories;
