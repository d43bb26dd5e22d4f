-- +goose Up
-- The people of a discipline case beside the accused: reporters, victims,
-- witnesses and others involved in the violation. A party of the roster is
-- linked to its employee; anyone else is named in free text, sealed
-- (name_enc, bound to public_id) and never stored in clear.
CREATE TABLE case_parties (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    case_id     INTEGER NOT NULL REFERENCES discipline_cases (id),
    public_id   TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('reporter','victim','witness','involved')),
    employee_id INTEGER REFERENCES employees (id),
    name_enc    BLOB,
    created_by  INTEGER REFERENCES users (id),
    created_at  DATETIME NOT NULL,
    CHECK ((employee_id IS NULL) <> (name_enc IS NULL)),
    UNIQUE (case_id, role, employee_id)
);
CREATE INDEX case_parties_case ON case_parties (case_id, id);

-- Relations the examiner declares between a roster employee and the
-- accused (party_id NULL) or a party: a kind of internal/discipline's
-- relations.json, and for 'other' the reason, sealed.
CREATE TABLE case_relations (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    case_id     INTEGER NOT NULL REFERENCES discipline_cases (id),
    public_id   TEXT NOT NULL UNIQUE,
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    kind        TEXT NOT NULL,
    party_id    INTEGER REFERENCES case_parties (id),
    reason_enc  BLOB,
    created_by  INTEGER REFERENCES users (id),
    created_at  DATETIME NOT NULL
);
CREATE INDEX case_relations_case ON case_relations (case_id, id);

-- The Tim Pemeriksa of a case (PP 94/2021 Ps 29): one roster employee per
-- seat, several on the 'other' seat.
CREATE TABLE case_team_members (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    case_id     INTEGER NOT NULL REFERENCES discipline_cases (id),
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    seat        TEXT NOT NULL CHECK (seat IN ('superior','oversight','personnel','other')),
    added_by    INTEGER REFERENCES users (id),
    added_at    DATETIME NOT NULL,
    UNIQUE (case_id, employee_id)
);
CREATE INDEX case_team_members_case ON case_team_members (case_id, id);

-- +goose Down
DROP TABLE case_team_members;
DROP TABLE case_relations;
DROP TABLE case_parties;
