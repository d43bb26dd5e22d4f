package store

import (
	"context"
	"database/sql"
	"strings"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
)

// What the dashboard counts of each report is kept in report_facts, one
// row per counted report (merged duplicates have none), written in the
// transaction of every change that moves it: the report's own columns,
// a message from the reporter, an employee's history. A row holds what
// the counting of the raw rows works out per report (the day in Jakarta,
// the unit the person was in at the time, whether an anonymous reporter
// came back), so that the dashboard's counts are grouped by the database
// from a narrow index instead of reading every report into Go.
// reportStatsRaw keeps the counting from the reports themselves; the
// tests hold the two together.

// factColumns are report_facts' columns in the order factsSQL gives them.
const factColumns = `report_id, tenant_id, month, day, category, channel, status, mode, district_code, unit_id, responded, closed, back`

// factsSQL selects the facts of the reports chosen by where (over reports
// r): the rule of reportStatsRaw in SQL. Migration 00024 fills the table
// with the same statement.
func factsSQL(e db.Engine, where string) string {
	day := func(col, format string) string {
		if e == db.Postgres {
			return `CAST(to_char((` + col + ` AT TIME ZONE 'UTC') + INTERVAL '7 hours', '` + format + `') AS INTEGER)`
		}
		return `CAST(strftime('` + strings.NewReplacer("YYYY", "%Y", "MM", "%m", "DD", "%d").Replace(format) + `', ` + col + `, '+7 hours') AS INTEGER)`
	}
	return `SELECT r.id, r.tenant_id, ` + day("r.created_at", "YYYYMM") + `, ` + day("r.created_at", "YYYYMMDD") + `,
		r.category, r.channel, r.status, r.mode, r.district_code,
		CASE WHEN r.employee_id IS NULL THEN 0 ELSE COALESCE(` + officeAt("r.employee_id", "r.created_at") + `, 0) END,
		COALESCE(` + day("r.followed_up_at", "YYYYMMDD") + `, 0), COALESCE(` + day("r.closed_at", "YYYYMMDD") + `, 0),
		CASE WHEN r.mode = 'anonymous' AND r.followed_up_at IS NOT NULL AND EXISTS (SELECT 1 FROM report_messages m
			WHERE m.report_id = r.id AND m.author = 'reporter' AND m.created_at > r.followed_up_at) THEN 1 ELSE 0 END
		FROM reports r LEFT JOIN employees e ON e.id = r.employee_id
		WHERE r.duplicate_of IS NULL AND ` + where
}

// refreshFacts writes again, in tx, the facts of the reports chosen by
// where (over reports r, with args): called after every change to them.
// The facts of a purged report are kept as they were when it was purged:
// what it was counted on is gone, and published figures must not move.
func (s *Store) refreshFacts(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	where = `r.purged_at IS NULL AND (` + where + `)`
	if _, err := tx.ExecContext(ctx, `DELETE FROM report_facts WHERE purged = 0 AND report_id IN (SELECT r.id FROM reports r WHERE `+where+`)`, args...); err != nil {
		return apperr.Wrap(err, "clear report facts")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO report_facts (`+factColumns+`) `+factsSQL(s.db.Engine, where), args...)
	return apperr.Wrap(err, "report facts")
}

// insertNewFacts writes the facts of reports just made, in one multi-row
// insert worked out here rather than read back: a new report names no
// employee, has no answer and is not closed, so factsSQL would give
// exactly these (the tests compare them with it). On PostgreSQL round
// trips are the cost of the report channel: one statement per group.
func (s *Store) insertNewFacts(ctx context.Context, tx *sql.Tx, ns []*newReport) error {
	const cols = 13
	args := make([]any, 0, len(ns)*cols)
	for _, n := range ns {
		r := &n.r
		day := calendar.DateOf(r.CreatedAt, wib)
		args = append(args, r.ID, r.TenantID, monthOf(day), ymd(day), r.Category, string(r.Channel), string(r.Status), string(r.Mode),
			n.c.DistrictCode, 0, 0, 0, 0)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO report_facts (`+factColumns+`) VALUES `+s.db.Rows(len(ns), cols), args...)
	return apperr.Wrap(err, "report facts")
}

// refreshReportFacts writes again the facts of one report.
func (s *Store) refreshReportFacts(ctx context.Context, tx *sql.Tx, reportID int64) error {
	return s.refreshFacts(ctx, tx, `r.id = $1`, reportID)
}

// refreshEmployeeFacts writes again the facts of the reports about some
// of a tenant's employees, whose unit or history has just changed: the
// unit they were in when a report came in may be another now.
func (s *Store) refreshEmployeeFacts(ctx context.Context, tx *sql.Tx, tenantID int64, employees []int64) error {
	for len(employees) > 0 {
		chunk := employees[:min(len(employees), 500)]
		employees = employees[len(chunk):]
		args := make([]any, 0, len(chunk)+1)
		args = append(args, tenantID)
		for _, id := range chunk {
			args = append(args, id)
		}
		// Params: plain ? on SQLite, whose lookup of $N is slow in long lists.
		where := `r.tenant_id = ` + s.db.Params(1, 1) + ` AND r.employee_id IN (` + s.db.Params(2, len(chunk)) + `)`
		if err := s.refreshFacts(ctx, tx, where, args...); err != nil {
			return err
		}
	}
	return nil
}

// RebuildReportFacts works out a government's report facts again from
// the reports themselves and replaces them: the repair if they were ever
// found to differ (CheckReportFacts). The facts of purged reports are
// kept: the reports no longer hold what they were worked out from.
func (s *Store) RebuildReportFacts(ctx context.Context, a Actor, tenantID int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM report_facts WHERE tenant_id = $1 AND purged = 0`, tenantID); err != nil {
			return apperr.Wrap(err, "clear report facts")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_facts (`+factColumns+`) `+factsSQL(s.db.Engine, `r.tenant_id = $1 AND r.purged_at IS NULL`), tenantID); err != nil {
			return apperr.Wrap(err, "rebuild report facts")
		}
		return s.audit(ctx, tx, tenantID, a, "statistics.rebuild", "tenant", itoa(tenantID))
	})
}

// CheckReportFacts compares a government's report facts with the facts
// worked out from the reports themselves and returns how many reports
// differ. Purged reports are left out: their facts are all that is left
// of them.
func (s *Store) CheckReportFacts(ctx context.Context, tenantID int64) (int, error) {
	read := func(q string) (map[int64]string, error) {
		out := map[int64]string{}
		err := s.eachRow(ctx, q, []any{tenantID}, func(rows *sql.Rows) error {
			var id, tenant, month, day, unit, responded, closed, back int64
			var category, channel, status, mode, district string
			if err := rows.Scan(&id, &tenant, &month, &day, &category, &channel, &status, &mode, &district, &unit, &responded, &closed, &back); err != nil {
				return err
			}
			out[id] = strings.Join([]string{itoa(month), itoa(day), category, channel, status, mode, district, itoa(unit), itoa(responded), itoa(closed), itoa(back)}, "|")
			return nil
		})
		return out, err
	}
	kept, err := read(`SELECT ` + factColumns + ` FROM report_facts WHERE tenant_id = $1 AND purged = 0`)
	if err != nil {
		return 0, apperr.Wrap(err, "report facts")
	}
	worked, err := read(factsSQL(s.db.Engine, `r.tenant_id = $1 AND r.purged_at IS NULL`))
	if err != nil {
		return 0, apperr.Wrap(err, "report facts from reports")
	}
	return differing(kept, worked), nil
}

// differing counts the keys whose values differ between kept (what a
// derived table holds) and worked (what the raw rows give), and the kept
// keys the raw rows no longer give.
func differing[K, V comparable](kept, worked map[K]V) int {
	diff := 0
	for k, v := range worked {
		if kept[k] != v {
			diff++
		}
	}
	for k := range kept {
		if _, ok := worked[k]; !ok {
			diff++
		}
	}
	return diff
}
