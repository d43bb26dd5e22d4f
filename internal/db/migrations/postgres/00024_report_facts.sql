-- +goose Up
-- What the staff dashboard counts of each report (store/report_facts.go):
-- one row per report that is not a merged duplicate, with the day and
-- month it came in (yyyymmdd and yyyymm in Jakarta), its category,
-- channel, status, mode and district, the unit its person was in at the
-- time (0 when no employee is named), the days of the desk's first answer
-- and of its closing (0 for none), and whether an anonymous reporter
-- wrote again after the answer (back). Written in the transaction of
-- every change that moves one of them, so that the dashboard's counts
-- are grouped by the database from an index instead of reading every
-- report into the application. The rows are derived from the reports and
-- can be worked out again at any time (store.RebuildReportFacts), so they
-- carry no foreign keys: checking one would lock every report's row while
-- a million of them are filled in below.
CREATE TABLE report_facts (
    report_id     BIGINT PRIMARY KEY,
    tenant_id     BIGINT NOT NULL,
    month         INTEGER NOT NULL,
    day           INTEGER NOT NULL,
    category      TEXT NOT NULL,
    channel       TEXT NOT NULL,
    status        TEXT NOT NULL,
    mode          TEXT NOT NULL,
    district_code TEXT NOT NULL,
    unit_id       BIGINT NOT NULL,
    responded     INTEGER NOT NULL,
    closed        INTEGER NOT NULL,
    back          INTEGER NOT NULL
);

-- The reports made before this migration, with the same rule.
INSERT INTO report_facts (report_id, tenant_id, month, day, category, channel, status, mode, district_code, unit_id, responded, closed, back)
    SELECT r.id, r.tenant_id, CAST(to_char((r.created_at AT TIME ZONE 'UTC') + INTERVAL '7 hours', 'YYYYMM') AS INTEGER), CAST(to_char((r.created_at AT TIME ZONE 'UTC') + INTERVAL '7 hours', 'YYYYMMDD') AS INTEGER),
    r.category, r.channel, r.status, r.mode, r.district_code,
    CASE WHEN r.employee_id IS NULL THEN 0 ELSE COALESCE(COALESCE((SELECT p.unit_id FROM employee_positions p WHERE p.employee_id = r.employee_id AND p.recorded_at <= r.created_at
    ORDER BY p.recorded_at DESC, p.id DESC LIMIT 1), e.unit_id), 0) END,
    COALESCE(CAST(to_char((r.followed_up_at AT TIME ZONE 'UTC') + INTERVAL '7 hours', 'YYYYMMDD') AS INTEGER), 0), COALESCE(CAST(to_char((r.closed_at AT TIME ZONE 'UTC') + INTERVAL '7 hours', 'YYYYMMDD') AS INTEGER), 0),
    CASE WHEN r.mode = 'anonymous' AND r.followed_up_at IS NOT NULL AND EXISTS (SELECT 1 FROM report_messages m
    WHERE m.report_id = r.id AND m.author = 'reporter' AND m.created_at > r.followed_up_at) THEN 1 ELSE 0 END
    FROM reports r LEFT JOIN employees e ON e.id = r.employee_id
    WHERE r.duplicate_of IS NULL;

-- Made after the rows are in, which is faster than keeping them on the
-- way. The counts read the months of the period in the order they are
-- grouped by; the durations the days with their answer and closing.
CREATE INDEX report_facts_counts ON report_facts (tenant_id, month, category, channel, status, mode, district_code, unit_id, day);
CREATE INDEX report_facts_times ON report_facts (tenant_id, day, responded, closed, mode, back, category, district_code, unit_id);

-- +goose Down
DROP TABLE report_facts;
