-- +goose Up
-- What the national rollup counts of the rosters and the pledges, kept
-- per government so that it reads a few thousand rows instead of every
-- employee and every signature (store/rollup_counts.go). Written in the
-- transaction of every change that moves them (the roster import, a
-- signature); derived from the employees and signatures and worked out
-- again at any time (store.RebuildRollupCounts), so without foreign keys.

-- A government's employees in state 'active'.
CREATE TABLE staff_counts (
    tenant_id BIGINT PRIMARY KEY,
    active    INTEGER NOT NULL
);

-- For each pledge version, how many active employees signed it last on
-- day (yyyymmdd in Jakarta): the employees with a signature since a
-- cutoff are those of the days after the cutoff's day, plus those whose
-- last signature falls on that day after the cutoff (counted from the
-- signatures themselves).
CREATE TABLE pledge_counts (
    tenant_id  BIGINT NOT NULL,
    version_id BIGINT NOT NULL,
    day        INTEGER NOT NULL,
    signers    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, version_id, day)
);

-- The counts of the rows made before this migration, with the same rule.
INSERT INTO staff_counts (tenant_id, active)
    SELECT tenant_id, COUNT(*) FROM employees WHERE state = 'active' GROUP BY tenant_id;
INSERT INTO pledge_counts (tenant_id, version_id, day, signers)
    SELECT x.tenant_id, x.version_id, x.day, COUNT(*) FROM (SELECT g.tenant_id, g.version_id, g.employee_id, CAST(to_char((MAX(g.signed_at) AT TIME ZONE 'UTC') + INTERVAL '7 hours', 'YYYYMMDD') AS INTEGER) AS day
    FROM pledge_signatures g JOIN employees e ON e.id = g.employee_id AND e.state = 'active'
    GROUP BY g.tenant_id, g.version_id, g.employee_id) x GROUP BY x.tenant_id, x.version_id, x.day;

-- The signatures of a version in a span of time: the cutoff's day.
CREATE INDEX pledge_signatures_signed ON pledge_signatures (version_id, signed_at);

-- +goose Down
DROP INDEX pledge_signatures_signed;
DROP TABLE pledge_counts;
DROP TABLE staff_counts;
