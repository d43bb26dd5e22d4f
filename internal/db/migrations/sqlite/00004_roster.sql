-- +goose Up
-- The civil servants of a tenant, as its personnel office last sent them.
-- A NIP is one person in the whole country: it may sit in several tenants'
-- rosters only while all but one have marked it as left (moved away).
-- search_name is the name without titles or degrees, lower case, so that
-- prefix search uses the index.
CREATE TABLE employees (
    id               INTEGER PRIMARY KEY,
    tenant_id        INTEGER NOT NULL REFERENCES tenants (id),
    nip              TEXT NOT NULL,
    name             TEXT NOT NULL,
    search_name      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('PNS','CPNS','PPPK')),
    rank             TEXT NOT NULL DEFAULT '',
    position         TEXT NOT NULL,
    position_kind    TEXT NOT NULL,
    functional_level TEXT NOT NULL DEFAULT '',
    echelon          TEXT NOT NULL DEFAULT '',
    unit_id          INTEGER NOT NULL REFERENCES units (id),
    superior_id      INTEGER REFERENCES employees (id),
    state            TEXT NOT NULL CHECK (state IN ('active','retired','dismissed','left')),
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    UNIQUE (tenant_id, nip)
);
CREATE INDEX employees_nip ON employees (nip);
CREATE INDEX employees_name ON employees (tenant_id, search_name);
CREATE INDEX employees_superior ON employees (superior_id);
CREATE INDEX employees_unit ON employees (unit_id);

-- One roster import: who sent it and what it changed.
CREATE TABLE employee_imports (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    actor_id    INTEGER,
    rows_read   INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    changed     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    left_roster INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    created_at  DATETIME NOT NULL
);
CREATE INDEX employee_imports_tenant ON employee_imports (tenant_id, id);

-- Position history: a new row whenever position, rank, unit, superior,
-- status or state changes; never updated, so the past stays as it was.
-- Only employee_id is a foreign key. The import, unit and superior were
-- checked when the employees row was written in the same transaction, and
-- neither units nor employees are ever deleted; checking them again for
-- every history row cost a national import about a tenth of its time.
CREATE TABLE employee_positions (
    id               INTEGER PRIMARY KEY,
    employee_id      INTEGER NOT NULL REFERENCES employees (id),
    import_id        INTEGER,
    status           TEXT NOT NULL,
    rank             TEXT NOT NULL,
    position         TEXT NOT NULL,
    position_kind    TEXT NOT NULL,
    functional_level TEXT NOT NULL,
    echelon          TEXT NOT NULL,
    unit_id          INTEGER NOT NULL,
    superior_id      INTEGER,
    state            TEXT NOT NULL,
    recorded_at      DATETIME NOT NULL
);
CREATE INDEX employee_positions_employee ON employee_positions (employee_id, id);

-- A tenant's choice on the authority rules whose reading of the law is
-- unconfirmed (internal/discipline); rules not listed keep their default.
CREATE TABLE authority_overrides (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    rule_id    TEXT NOT NULL,
    enabled    INTEGER NOT NULL,
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (tenant_id, rule_id)
);

-- +goose Down
DROP TABLE authority_overrides;
DROP TABLE employee_positions;
DROP TABLE employee_imports;
DROP TABLE employees;
