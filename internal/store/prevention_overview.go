package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/guidance"
)

// OfficeOutcome is one top-level office (OPD) beside its cases: its staff
// now, its prevention work over a window and the reports and cases about
// its people in the same window. The sub-offices' figures are in it.
type OfficeOutcome struct {
	UnitID int64
	Name   string
	Staff  int // active employees now
	// PeriodsHeld is how many of the window's guidance periods had a
	// session held in the office (attendance recorded as present or late).
	PeriodsHeld int
	// Reached is how many of today's staff attended a session anywhere
	// in the window; Signed how many have a current signature of the
	// newest pledge version.
	Reached, Signed int
	// Reports made in the window about someone who was in the office at
	// the time (duplicates counted once); Substantiated cases, decided
	// with a sanction in the window and not revoked or annulled since,
	// about someone who was in the office when the case was opened.
	Reports, Substantiated int
}

// PreventionOverview is every top-level office beside its cases.
type PreventionOverview struct {
	Periods []guidance.Period // the window, oldest first
	Offices []OfficeOutcome   // by name
	// Unplaced holds the reports and cases whose office is not known: no
	// employee named, or one not found in the roster history.
	Unplaced      OfficeOutcome
	PledgeVersion PledgeVersion // the newest version; zero when none
}

// PreventionOverview counts, for each of the tenant's active top-level
// offices, its staff, guidance, pledges, reports and substantiated cases
// over periods (oldest first, up to today). Signatures count from
// pledgeCutoff (the renewal period).
func (s *Store) PreventionOverview(ctx context.Context, tenantID int64, periods []guidance.Period, today calendar.Date, pledgeCutoff time.Time) (PreventionOverview, error) {
	v := PreventionOverview{Periods: periods}
	if len(periods) == 0 {
		return v, nil
	}
	units, err := s.Units(ctx, tenantID, true)
	if err != nil {
		return v, err
	}
	top := newOfficeTree(units).top
	row := map[int64]*OfficeOutcome{}
	for _, u := range units {
		if u.ParentID == 0 && !u.Archived {
			v.Offices = append(v.Offices, OfficeOutcome{UnitID: u.ID, Name: u.Name})
		}
	}
	for i := range v.Offices {
		row[v.Offices[i].UnitID] = &v.Offices[i]
	}
	officeOf := func(unit sql.NullInt64) *OfficeOutcome {
		if !unit.Valid {
			return &v.Unplaced
		}
		if o := row[top(unit.Int64)]; o != nil {
			return o
		}
		return &v.Unplaced // an archived office
	}

	// Today's staff, and the office of each.
	staffOffice := map[int64]*OfficeOutcome{}
	err = s.eachRow(ctx, `SELECT id, unit_id FROM employees WHERE tenant_id = $1 AND state = 'active'`, []any{tenantID}, func(r *sql.Rows) error {
		var id int64
		var unit sql.NullInt64
		if err := r.Scan(&id, &unit); err != nil {
			return err
		}
		if o := officeOf(unit); o != &v.Unplaced {
			o.Staff++
			staffOffice[id] = o
		}
		return nil
	})
	if err != nil {
		return v, apperr.Wrap(err, "overview staff")
	}

	// Guidance: the periods each office held a session in, and who of
	// today's staff attended one.
	first, last := periods[0].Start, periods[len(periods)-1].End
	if today.Before(last) {
		last = today
	}
	held := map[*OfficeOutcome]map[int]bool{}
	reached := map[int64]bool{}
	err = s.eachRow(ctx, `SELECT g.unit_id, g.held_on, a.employee_id
		FROM guidance_sessions g JOIN guidance_attendance a ON a.session_id = g.id AND a.status IN ('present','late')
		WHERE g.tenant_id = $1 AND g.cancelled = $2 AND g.held_on >= $3 AND g.held_on <= $4`,
		[]any{tenantID, false, first, last}, func(r *sql.Rows) error {
			var unit sql.NullInt64
			var on calendar.Date
			var emp int64
			if err := r.Scan(&unit, &on, &emp); err != nil {
				return err
			}
			if o := officeOf(unit); o != &v.Unplaced {
				for i, p := range periods {
					if p.Contains(on) {
						if held[o] == nil {
							held[o] = map[int]bool{}
						}
						held[o][i] = true
					}
				}
			}
			if o := staffOffice[emp]; o != nil && !reached[emp] {
				reached[emp] = true
				o.Reached++
			}
			return nil
		})
	if err != nil {
		return v, apperr.Wrap(err, "overview guidance")
	}
	for o, ps := range held {
		o.PeriodsHeld = len(ps)
	}

	// Pledges: today's staff with a current signature of the newest version.
	versions, err := s.PledgeVersions(ctx, tenantID)
	if err != nil {
		return v, err
	}
	if len(versions) > 0 {
		v.PledgeVersion = versions[0]
		err = s.eachRow(ctx, `SELECT DISTINCT employee_id FROM pledge_signatures
			WHERE tenant_id = $1 AND version_id = $2 AND signed_at >= $3`,
			[]any{tenantID, v.PledgeVersion.ID, pledgeCutoff}, func(r *sql.Rows) error {
				var emp int64
				if err := r.Scan(&emp); err != nil {
					return err
				}
				if o := staffOffice[emp]; o != nil {
					o.Signed++
				}
				return nil
			})
		if err != nil {
			return v, apperr.Wrap(err, "overview pledges")
		}
	}

	// Reports and substantiated cases, each in the office its subject was
	// in at the time: the newest history row recorded by then.
	from, until := first.Time(wib), last.AddDays(1).Time(wib)
	officeAt := func(who, when string) string {
		return `COALESCE((SELECT p.unit_id FROM employee_positions p WHERE p.employee_id = ` + who + ` AND p.recorded_at <= ` + when + `
			ORDER BY p.recorded_at DESC, p.id DESC LIMIT 1), e.unit_id)`
	}
	err = s.eachRow(ctx, `SELECT `+officeAt("r.employee_id", "r.created_at")+`
		FROM reports r LEFT JOIN employees e ON e.id = r.employee_id
		WHERE r.tenant_id = $1 AND r.duplicate_of IS NULL AND r.created_at >= $2 AND r.created_at < $3`,
		[]any{tenantID, from, until}, func(r *sql.Rows) error {
			var unit sql.NullInt64
			if err := r.Scan(&unit); err != nil {
				return err
			}
			officeOf(unit).Reports++
			return nil
		})
	if err != nil {
		return v, apperr.Wrap(err, "overview reports")
	}
	err = s.eachRow(ctx, `SELECT `+officeAt("c.employee_id", "c.opened_at")+`
		FROM discipline_cases c LEFT JOIN employees e ON e.id = c.employee_id
		WHERE c.tenant_id = $1 AND c.stage <> 'revoked'
		AND EXISTS (SELECT 1 FROM discipline_steps d WHERE d.case_id = c.id AND d.kind = 'decide' AND d.day1 >= $2 AND d.day1 <= $3)`,
		[]any{tenantID, first, last}, func(r *sql.Rows) error {
			var unit sql.NullInt64
			if err := r.Scan(&unit); err != nil {
				return err
			}
			officeOf(unit).Substantiated++
			return nil
		})
	return v, apperr.Wrap(err, "overview cases")
}

// eachRow runs a read query and calls fn on each row.
func (s *Store) eachRow(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.db.Stats.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AuditOverviewExport records that the overview was exported.
func (s *Store) AuditOverviewExport(ctx context.Context, a Actor, tenantID int64) error {
	return apperr.Wrap(s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, tenantID, a, "prevention.overview.export", "tenant", strconv.FormatInt(tenantID, 10))
	}), "audit overview export")
}
