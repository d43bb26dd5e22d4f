-- +goose Up
-- The record of an examination (BAP, PP 94/2021 Ps 27, 32), one per case:
-- how it was held and whether the accused signed, in clear; where, who
-- examined and the questions and answers, sealed in content_enc (a JSON
-- document, vault place discipline_examinations.content_enc.public_id).
CREATE TABLE discipline_examinations (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    case_id     INTEGER NOT NULL UNIQUE REFERENCES discipline_cases (id),
    public_id   TEXT NOT NULL UNIQUE,
    mode        TEXT NOT NULL CHECK (mode IN ('in_person','virtual')),
    signature   TEXT NOT NULL CHECK (signature IN ('signed','refused')),
    content_enc BLOB NOT NULL,
    updated_by  INTEGER REFERENCES users (id),
    updated_at  DATETIME NOT NULL
);

-- Statements of other parties (Ps 30): the victim, colleagues. Who they
-- are and what they said are sealed; their role and the day are not.
CREATE TABLE discipline_statements (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    case_id     INTEGER NOT NULL REFERENCES discipline_cases (id),
    public_id   TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('victim','colleague','superior','other')),
    taken_on    DATE NOT NULL,
    content_enc BLOB NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  DATETIME NOT NULL
);
CREATE INDEX discipline_statements_case ON discipline_statements (case_id, id);

-- A temporary release from the duties of the post (Ps 31), one per case:
-- from its day until the decision, which ends it (the end is read from the
-- case's steps, not stored). The acting official (pelaksana harian) is an
-- employee of the roster, or a name typed in, sealed.
CREATE TABLE discipline_releases (
    id                 INTEGER PRIMARY KEY,
    tenant_id          INTEGER NOT NULL REFERENCES tenants (id),
    case_id            INTEGER NOT NULL UNIQUE REFERENCES discipline_cases (id),
    public_id          TEXT NOT NULL UNIQUE,
    from_day           DATE NOT NULL,
    acting_employee_id INTEGER REFERENCES employees (id),
    acting_enc         BLOB,
    created_by         INTEGER REFERENCES users (id),
    created_at         DATETIME NOT NULL
);

-- +goose Down
DROP TABLE discipline_releases;
DROP INDEX discipline_statements_case;
DROP TABLE discipline_statements;
DROP TABLE discipline_examinations;
