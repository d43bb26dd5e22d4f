-- +goose Up
-- A discipline case's number, from a per-government, per-year sequence.
ALTER TABLE discipline_cases ADD COLUMN number TEXT NOT NULL DEFAULT '';
CREATE TABLE case_numbers (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    year      INTEGER NOT NULL,
    last      INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

-- The violations a case alleges, as the examiner states them: a code of
-- the catalogue (internal/discipline) and what its level depends on.
CREATE TABLE discipline_charges (
    id               INTEGER PRIMARY KEY,
    tenant_id        INTEGER NOT NULL REFERENCES tenants (id),
    case_id          INTEGER NOT NULL REFERENCES discipline_cases (id),
    code             TEXT NOT NULL,
    impact           TEXT NOT NULL DEFAULT '',
    days_absent      INTEGER NOT NULL DEFAULT 0,
    days_consecutive INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER REFERENCES users (id),
    created_at       DATETIME NOT NULL
);
CREATE INDEX discipline_charges_case ON discipline_charges (case_id, id);
CREATE INDEX discipline_cases_tenant ON discipline_cases (tenant_id, status, id);

-- The steps of a case's procedure (PP 94/2021 Ps 26-38), in order: the
-- case's state is these steps replayed through discipline.Procedure, so a
-- step is never changed, only followed by another.
CREATE TABLE discipline_steps (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    case_id    INTEGER NOT NULL REFERENCES discipline_cases (id),
    kind       TEXT NOT NULL CHECK (kind IN ('summon','missed','examine','decide','dismiss','deliver','object','resolve')),
    day1       DATE,
    day2       DATE,
    sanction   TEXT NOT NULL DEFAULT '',
    outcome    TEXT NOT NULL DEFAULT '',
    actor_id   INTEGER REFERENCES users (id),
    created_at DATETIME NOT NULL
);
CREATE INDEX discipline_steps_case ON discipline_steps (case_id, id);

-- Which roster employee an account belongs to, set by the government's
-- admin: the accused reads their own case through it, and a person is
-- kept from examining or deciding a case about themself.
CREATE TABLE user_employees (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    UNIQUE (tenant_id, employee_id)
);

-- +goose Down
DROP TABLE user_employees;
DROP TABLE discipline_steps;
DROP INDEX discipline_cases_tenant;
DROP TABLE discipline_charges;
DROP TABLE case_numbers;
ALTER TABLE discipline_cases DROP COLUMN number;
