package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
)

// The national rollup (OversightFigures) shows every government's active
// staff and how many of them hold a current signature of its newest
// pledge. Counted from the rows these read every employee and every
// signature of the country (seconds with the national data set), so the
// counts are kept per government, written in the transaction of every
// change that moves them (migration 00036):
//
//   - staff_counts: a government's employees in state 'active', worked out
//     again at the end of every roster import (the only writer of
//     employees; imports of one government queue on its row).
//   - pledge_counts: for each pledge version and day (yyyymmdd in
//     Jakarta), how many active employees signed that version last on that
//     day. An employee's rows are taken out before a change to them (a
//     signature, an import that changes them) and put back after it.
//
// The renewal period makes a signature current or not as time passes, so
// the kept counts are by day: the employees with a signature since the
// cutoff are those counted on the days after the cutoff's day, plus those
// whose last signature falls on that day at or after the cutoff, counted
// from the signatures themselves (a day's signatures, by an index).
// oversightPledgesRaw and oversightStaffRaw keep the counting from the raw
// rows; the tests hold the two together.

// lastSignedDay is the day in Jakarta of MAX(g.signed_at).
func lastSignedDay(e db.Engine) string {
	if e == db.Postgres {
		return `CAST(to_char((MAX(g.signed_at) AT TIME ZONE 'UTC') + INTERVAL '7 hours', 'YYYYMMDD') AS INTEGER)`
	}
	return `CAST(strftime('%Y%m%d', MAX(g.signed_at), '+7 hours') AS INTEGER)`
}

// pledgeCountsSQL selects tenant_id, version_id, day and sign times the
// number of active employees whose last signature of the version is on
// that day, over the signatures g chosen by where. Migration 00036 fills
// the table with the same statement (sign 1, every signature).
func pledgeCountsSQL(e db.Engine, where, sign string) string {
	return `SELECT x.tenant_id, x.version_id, x.day, ` + sign + ` * COUNT(*) FROM (SELECT g.tenant_id, g.version_id, g.employee_id, ` + lastSignedDay(e) + ` AS day
		FROM pledge_signatures g JOIN employees e ON e.id = g.employee_id AND e.state = 'active'
		WHERE ` + where + ` GROUP BY g.tenant_id, g.version_id, g.employee_id) x WHERE 1 = 1 GROUP BY x.tenant_id, x.version_id, x.day`
}

// movePledgeCounts takes out (sign -1) or puts back (sign 1) the pledge
// counts of some of a tenant's employees. Called with -1 before a change
// to them and 1 after it, in its transaction, with the employees' rows
// locked first (lockEmployees), so that a change to an employee waits
// for another one's to commit and then reads what it wrote.
func (s *Store) movePledgeCounts(ctx context.Context, tx *sql.Tx, tenantID int64, employees []int64, sign int) error {
	for len(employees) > 0 {
		chunk := employees[:min(len(employees), 500)]
		employees = employees[len(chunk):]
		args := make([]any, 0, len(chunk)+2)
		args = append(args, sign, tenantID)
		for _, id := range chunk {
			args = append(args, id)
		}
		where := `g.tenant_id = ` + s.db.Params(2, 1) + ` AND g.employee_id IN (` + s.db.Params(3, len(chunk)) + `)`
		if _, err := tx.ExecContext(ctx, `INSERT INTO pledge_counts (tenant_id, version_id, day, signers) `+
			pledgeCountsSQL(s.db.Engine, where, `CAST(`+s.db.Params(1, 1)+` AS INTEGER)`)+`
			ON CONFLICT (tenant_id, version_id, day) DO UPDATE SET signers = pledge_counts.signers + excluded.signers`, args...); err != nil {
			return apperr.Wrap(err, "pledge counts")
		}
	}
	return nil
}

// lockEmployees holds the rows of some of a tenant's employees until tx
// ends (on SQLite the write transaction holds everything already).
func (s *Store) lockEmployees(ctx context.Context, tx *sql.Tx, tenantID int64, employees []int64) error {
	if s.db.Engine != db.Postgres {
		return nil
	}
	for len(employees) > 0 {
		chunk := employees[:min(len(employees), 500)]
		employees = employees[len(chunk):]
		args := make([]any, 0, len(chunk)+1)
		args = append(args, tenantID)
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM employees WHERE tenant_id = $1 AND id IN (`+db.Params(2, len(chunk))+`) ORDER BY id FOR UPDATE`, args...)
		if err != nil {
			return apperr.Wrap(err, "lock employees")
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return apperr.Wrap(err, "lock employees")
		}
		if n != len(chunk) {
			return apperr.Wrap(errors.New("an employee to lock is not the tenant's"), "lock employees")
		}
	}
	return nil
}

// refreshStaffCount works out again, in tx, a tenant's count of active
// employees: called at the end of every roster import, which holds the
// tenant's row, so that imports of one tenant count one after the other.
func (s *Store) refreshStaffCount(ctx context.Context, tx *sql.Tx, tenantID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM staff_counts WHERE tenant_id = $1`, tenantID); err != nil {
		return apperr.Wrap(err, "clear staff count")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO staff_counts (tenant_id, active)
		SELECT $1, COUNT(*) FROM employees WHERE tenant_id = $1 AND state = 'active'`, tenantID)
	return apperr.Wrap(err, "staff count")
}

// RebuildRollupCounts works out a government's staff and pledge counts
// again from the employees and signatures and replaces them: the repair
// if they were ever found to differ (CheckRollupCounts).
func (s *Store) RebuildRollupCounts(ctx context.Context, a Actor, tenantID int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var locked int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM tenants WHERE id = $1`+s.db.ForUpdate(), tenantID).Scan(&locked); err != nil {
			return notFound(err, "tenant.not_found", "lock tenant")
		}
		if err := s.refreshStaffCount(ctx, tx, tenantID); err != nil {
			return err
		}
		// Signatures being written wait until the counts are replaced, and
		// those in flight are waited for: their rows are then seen here
		// (one government's counts take milliseconds to work out).
		if s.db.Engine == db.Postgres {
			if _, err := tx.ExecContext(ctx, `LOCK TABLE pledge_counts IN EXCLUSIVE MODE`); err != nil {
				return apperr.Wrap(err, "lock pledge counts")
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pledge_counts WHERE tenant_id = $1`, tenantID); err != nil {
			return apperr.Wrap(err, "clear pledge counts")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pledge_counts (tenant_id, version_id, day, signers) `+
			pledgeCountsSQL(s.db.Engine, `g.tenant_id = $1`, `1`), tenantID); err != nil {
			return apperr.Wrap(err, "rebuild pledge counts")
		}
		return s.audit(ctx, tx, tenantID, a, "statistics.rollup.rebuild", "tenant", itoa(tenantID))
	})
}

// CheckRollupCounts compares a government's kept staff and pledge counts
// with those worked out from the employees and signatures, and returns
// how many differ (the staff count, and each version's day).
func (s *Store) CheckRollupCounts(ctx context.Context, tenantID int64) (int, error) {
	type cell struct{ version, day int64 }
	read := func(q string) (map[cell]int64, error) {
		out := map[cell]int64{}
		err := s.eachRow(ctx, q, []any{tenantID}, func(r *sql.Rows) error {
			var tenant int64
			var c cell
			var n int64
			if err := r.Scan(&tenant, &c.version, &c.day, &n); err != nil {
				return err
			}
			if n != 0 {
				out[c] = n
			}
			return nil
		})
		return out, err
	}
	kept, err := read(`SELECT tenant_id, version_id, day, signers FROM pledge_counts WHERE tenant_id = $1`)
	if err != nil {
		return 0, apperr.Wrap(err, "pledge counts")
	}
	worked, err := read(pledgeCountsSQL(s.db.Engine, `g.tenant_id = $1`, `1`))
	if err != nil {
		return 0, apperr.Wrap(err, "pledge counts from signatures")
	}
	diff := differing(kept, worked)
	var staff, counted int64
	err = s.db.R.QueryRowContext(ctx, `SELECT COALESCE((SELECT active FROM staff_counts WHERE tenant_id = $1), 0),
		(SELECT COUNT(*) FROM employees WHERE tenant_id = $1 AND state = 'active')`, tenantID).Scan(&staff, &counted)
	if err != nil {
		return 0, apperr.Wrap(err, "staff count")
	}
	if staff != counted {
		diff++
	}
	return diff, nil
}

// keptSigners adds to signed, for the versions given (all with the same
// cutoff, zero for none), the active employees whose last signature of
// the version is at or after cutoff, from pledge_counts and, for the
// cutoff's own day, the signatures.
func (s *Store) keptSigners(ctx context.Context, versions []int64, cutoff time.Time, signed map[int64]int) error {
	add := func(q string, args []any) error {
		return s.eachRow(ctx, q, args, func(r *sql.Rows) error {
			var tenant int64
			var n int
			if err := r.Scan(&tenant, &n); err != nil {
				return err
			}
			signed[tenant] += n
			return nil
		})
	}
	after := 0 // the days counted whole: those after the cutoff's day
	var from, until time.Time
	if !cutoff.IsZero() {
		day := calendar.DateOf(cutoff, wib)
		after = ymd(day)
		from, until = cutoff, day.AddDays(1).Time(wib)
	}
	for len(versions) > 0 {
		chunk := versions[:min(len(versions), 500)]
		versions = versions[len(chunk):]
		args := []any{after}
		for _, id := range chunk {
			args = append(args, id)
		}
		if err := add(`SELECT tenant_id, CAST(SUM(signers) AS BIGINT) FROM pledge_counts
			WHERE version_id IN (`+db.Params(2, len(chunk))+`) AND day > $1 GROUP BY tenant_id`, args); err != nil {
			return apperr.Wrap(err, "oversight pledges")
		}
		if cutoff.IsZero() {
			continue
		}
		args = append([]any{from, until}, args[1:]...)
		if err := add(`SELECT g.tenant_id, COUNT(DISTINCT g.employee_id) FROM pledge_signatures g
			JOIN employees e ON e.id = g.employee_id AND e.state = 'active'
			WHERE g.version_id IN (`+db.Params(3, len(chunk))+`) AND g.signed_at >= $1 AND g.signed_at < $2
			AND NOT EXISTS (SELECT 1 FROM pledge_signatures h WHERE h.tenant_id = g.tenant_id AND h.employee_id = g.employee_id
				AND h.version_id = g.version_id AND h.signed_at >= $2)
			GROUP BY g.tenant_id`, args); err != nil {
			return apperr.Wrap(err, "oversight pledges")
		}
	}
	return nil
}
