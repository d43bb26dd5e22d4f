-- +goose Up
-- A victim protection case as the protection office keeps it (UU 12/2022
-- TPKS; Simfoni PPA). What identifies or describes a victim is sealed;
-- the district, the kind of place, the forms of violence, the victims' sex
-- and age band stay in clear because the counts by district, form, age
-- and sex are read over every case of a government.
ALTER TABLE protection_cases ADD COLUMN number TEXT NOT NULL DEFAULT '';
ALTER TABLE protection_cases ADD COLUMN opened_via TEXT NOT NULL DEFAULT 'report' CHECK (opened_via IN ('report','walk_in','outreach'));
-- When the victim's report reached the office: the TPKS clocks run from it.
ALTER TABLE protection_cases ADD COLUMN reported_at DATETIME;
ALTER TABLE protection_cases ADD COLUMN occurred_on DATE;
ALTER TABLE protection_cases ADD COLUMN occurred_time TEXT NOT NULL DEFAULT '';
ALTER TABLE protection_cases ADD COLUMN district_code TEXT NOT NULL DEFAULT '';
ALTER TABLE protection_cases ADD COLUMN village_code TEXT NOT NULL DEFAULT '';
ALTER TABLE protection_cases ADD COLUMN place_kind TEXT NOT NULL DEFAULT '';
-- The chronology, and the short summary written for sharing with consent.
ALTER TABLE protection_cases ADD COLUMN chronology_enc BLOB;
ALTER TABLE protection_cases ADD COLUMN summary_enc BLOB;
ALTER TABLE protection_cases ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE protection_cases ADD COLUMN follow_up_on DATE;
ALTER TABLE protection_cases ADD COLUMN closed_at DATETIME;
-- When the case last moved: shown to the other side of the bridge.
ALTER TABLE protection_cases ADD COLUMN updated_at DATETIME;
CREATE INDEX protection_cases_tenant ON protection_cases (tenant_id, status, id);
CREATE INDEX protection_cases_district ON protection_cases (tenant_id, district_code, occurred_on);

CREATE TABLE protection_case_numbers (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    year      INTEGER NOT NULL,
    last      INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

-- The forms of violence of a case (several allowed).
CREATE TABLE protection_case_forms (
    case_id   INTEGER NOT NULL REFERENCES protection_cases (id),
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    form      TEXT NOT NULL CHECK (form IN ('fisik','psikis','seksual','eksploitasi','trafficking','penelantaran','lainnya')),
    PRIMARY KEY (case_id, form)
);
CREATE INDEX protection_case_forms_tenant ON protection_case_forms (tenant_id, form);

-- The victims: the sealed identity holds name, contact and NIK; details_enc
-- the birth date, age, disability and address. sex and age_group are the
-- counts' dimensions.
CREATE TABLE protection_victims (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    case_id     INTEGER NOT NULL REFERENCES protection_cases (id),
    public_id   TEXT NOT NULL UNIQUE,
    identity_id INTEGER NOT NULL REFERENCES sealed_identities (id),
    sex         TEXT NOT NULL CHECK (sex IN ('L','P')),
    age_group   TEXT NOT NULL DEFAULT '',
    details_enc BLOB NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  DATETIME NOT NULL
);
CREATE INDEX protection_victims_case ON protection_victims (case_id, id);

-- The perpetrators, as far as they are known; a civil servant is linked to
-- the roster, and to the discipline case about them.
CREATE TABLE protection_perpetrators (
    id                 INTEGER PRIMARY KEY,
    tenant_id          INTEGER NOT NULL REFERENCES tenants (id),
    case_id            INTEGER NOT NULL REFERENCES protection_cases (id),
    public_id          TEXT NOT NULL UNIQUE,
    name_enc           BLOB,
    sex                TEXT NOT NULL DEFAULT '',
    age                INTEGER NOT NULL DEFAULT -1,
    relation           TEXT NOT NULL,
    employee_id        INTEGER REFERENCES employees (id),
    discipline_case_id INTEGER REFERENCES discipline_cases (id),
    created_by         INTEGER REFERENCES users (id),
    created_at         DATETIME NOT NULL
);
CREATE INDEX protection_perpetrators_case ON protection_perpetrators (case_id, id);
CREATE INDEX protection_perpetrators_discipline ON protection_perpetrators (discipline_case_id);

-- The case workers assigned to a case.
CREATE TABLE protection_workers (
    case_id     INTEGER NOT NULL REFERENCES protection_cases (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    assigned_by INTEGER REFERENCES users (id),
    assigned_at DATETIME NOT NULL,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX protection_workers_user ON protection_workers (user_id, case_id);

-- What a victim (or a guardian) agreed to share, with whom: scopes is a
-- comma list of summary, chronology, identity. A consent is never changed,
-- only withdrawn.
CREATE TABLE protection_consents (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    case_id      INTEGER NOT NULL REFERENCES protection_cases (id),
    public_id    TEXT NOT NULL UNIQUE,
    victim_id    INTEGER REFERENCES protection_victims (id),
    recipient    TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    given_by     TEXT NOT NULL CHECK (given_by IN ('victim','guardian')),
    given_on     DATETIME NOT NULL,
    recorded_by  INTEGER REFERENCES users (id),
    recorded_at  DATETIME NOT NULL,
    withdrawn_at DATETIME,
    withdrawn_by INTEGER REFERENCES users (id)
);
CREATE INDEX protection_consents_case ON protection_consents (case_id, id);

-- Services given to a victim (Simfoni PPA's kinds), with the day, the
-- provider and notes; the notes (counselling among them) are sealed and
-- never cross the bridge to a discipline case.
CREATE TABLE protection_services (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    case_id    INTEGER NOT NULL REFERENCES protection_cases (id),
    public_id  TEXT NOT NULL UNIQUE,
    victim_id  INTEGER REFERENCES protection_victims (id),
    kind       TEXT NOT NULL,
    given_on   DATE NOT NULL,
    provider   TEXT NOT NULL,
    notes_enc  BLOB,
    created_by INTEGER REFERENCES users (id),
    created_at DATETIME NOT NULL
);
CREATE INDEX protection_services_case ON protection_services (case_id, id);
CREATE INDEX protection_services_tenant ON protection_services (tenant_id, given_on);

-- +goose Down
DROP TABLE protection_services;
DROP TABLE protection_consents;
DROP TABLE protection_workers;
DROP TABLE protection_perpetrators;
DROP TABLE protection_victims;
DROP TABLE protection_case_forms;
DROP TABLE protection_case_numbers;
DROP INDEX protection_cases_district;
DROP INDEX protection_cases_tenant;
ALTER TABLE protection_cases DROP COLUMN updated_at;
ALTER TABLE protection_cases DROP COLUMN closed_at;
ALTER TABLE protection_cases DROP COLUMN follow_up_on;
ALTER TABLE protection_cases DROP COLUMN outcome;
ALTER TABLE protection_cases DROP COLUMN summary_enc;
ALTER TABLE protection_cases DROP COLUMN chronology_enc;
ALTER TABLE protection_cases DROP COLUMN place_kind;
ALTER TABLE protection_cases DROP COLUMN village_code;
ALTER TABLE protection_cases DROP COLUMN district_code;
ALTER TABLE protection_cases DROP COLUMN occurred_time;
ALTER TABLE protection_cases DROP COLUMN occurred_on;
ALTER TABLE protection_cases DROP COLUMN reported_at;
ALTER TABLE protection_cases DROP COLUMN opened_via;
ALTER TABLE protection_cases DROP COLUMN number;
