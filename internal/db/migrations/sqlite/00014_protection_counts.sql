-- +goose Up
-- The counts of protection cases for the government's statistics
-- (store/protection_counts.go): one row per cell of month of the incident
-- (yyyymm), district, form of violence, victim's sex and age band, where
-- '*' in form, sex or age_group counts every value. victims is the number
-- of victims in the cell; cases the number of cases with at least one
-- victim in it. Written in the transaction of every change that moves a
-- dimension of a case, so that a count over a million incidents reads a
-- few thousand rows. The key starts with the dimensions a question fixes
-- and ends with the month range and the district it reads.
CREATE TABLE protection_counts (
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    month         INTEGER NOT NULL,
    district_code TEXT NOT NULL,
    form          TEXT NOT NULL,
    sex           TEXT NOT NULL,
    age_group     TEXT NOT NULL,
    victims       INTEGER NOT NULL,
    cases         INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, form, sex, age_group, month, district_code)
) WITHOUT ROWID;

-- The days of a month cut by the period asked for are counted from the
-- cases themselves.
CREATE INDEX protection_cases_occurred ON protection_cases (tenant_id, occurred_on);

-- The cases recorded before this migration, counted with the same rule.
INSERT INTO protection_counts (tenant_id, month, district_code, form, sex, age_group, victims, cases)
SELECT tenant_id, month, district_code, form, sex, age_group, SUM(victims) AS victims, SUM(cases) AS cases FROM (
    SELECT c.tenant_id AS tenant_id, CAST(strftime('%Y%m', c.occurred_on) AS INTEGER) AS month, c.district_code AS district_code, pf.form AS form, CASE WHEN x.k = 1 THEN '*' ELSE v.sex END AS sex, CASE WHEN y.k = 1 THEN '*' ELSE v.age_group END AS age_group, 1 AS victims, 0 AS cases FROM protection_cases c JOIN protection_victims v ON v.case_id = c.id CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k) x CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k) y JOIN protection_case_forms pf ON pf.case_id = c.id WHERE c.occurred_on IS NOT NULL
    UNION ALL SELECT c.tenant_id, CAST(strftime('%Y%m', c.occurred_on) AS INTEGER), c.district_code, '*', CASE WHEN x.k = 1 THEN '*' ELSE v.sex END, CASE WHEN y.k = 1 THEN '*' ELSE v.age_group END, 1, 0 FROM protection_cases c JOIN protection_victims v ON v.case_id = c.id CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k) x CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k) y WHERE c.occurred_on IS NOT NULL
    UNION ALL SELECT tenant_id, month, district_code, form, sex, age_group, 0, 1 FROM (
        SELECT c.id AS id, c.tenant_id AS tenant_id, CAST(strftime('%Y%m', c.occurred_on) AS INTEGER) AS month, c.district_code AS district_code, pf.form AS form, CASE WHEN x.k = 1 THEN '*' ELSE v.sex END AS sex, CASE WHEN y.k = 1 THEN '*' ELSE v.age_group END AS age_group FROM protection_cases c JOIN protection_victims v ON v.case_id = c.id CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k) x CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k) y JOIN protection_case_forms pf ON pf.case_id = c.id WHERE c.occurred_on IS NOT NULL
        UNION SELECT c.id, c.tenant_id, CAST(strftime('%Y%m', c.occurred_on) AS INTEGER), c.district_code, '*', CASE WHEN x.k = 1 THEN '*' ELSE v.sex END, CASE WHEN y.k = 1 THEN '*' ELSE v.age_group END FROM protection_cases c JOIN protection_victims v ON v.case_id = c.id CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k) x CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k) y WHERE c.occurred_on IS NOT NULL
        UNION SELECT c.id, c.tenant_id, CAST(strftime('%Y%m', c.occurred_on) AS INTEGER), c.district_code, pf.form, '*', '*' FROM protection_cases c JOIN protection_case_forms pf ON pf.case_id = c.id WHERE c.occurred_on IS NOT NULL
        UNION SELECT c.id, c.tenant_id, CAST(strftime('%Y%m', c.occurred_on) AS INTEGER), c.district_code, '*', '*', '*' FROM protection_cases c WHERE c.occurred_on IS NOT NULL
    ) cs
    ) u GROUP BY tenant_id, month, district_code, form, sex, age_group;

-- A government's codes for Simfoni PPA's lists in the export
-- (protection.CodeLists): sigap's value → the code written in the file. A
-- value without a row is written as it is.
CREATE TABLE protection_export_codes (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    list       TEXT NOT NULL,
    value      TEXT NOT NULL,
    code       TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id),
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (tenant_id, list, value)
);

-- +goose Down
DROP TABLE protection_export_codes;
DROP INDEX protection_cases_occurred;
DROP TABLE protection_counts;
