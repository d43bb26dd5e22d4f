package store

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/guidance"
)

// CoverageCell is one office in one period.
type CoverageCell struct {
	State    guidance.Cell
	Held     int // sessions held
	Planned  int // sessions planned and not yet held
	Attended int // people of the office who attended a held session
	Staff    int // the office's staff on the date of its last held session (or the period's end)
}

// Share is the percentage of the staff who attended, 0 when none.
func (c CoverageCell) Share() int {
	if c.Staff == 0 {
		return 0
	}
	return min(c.Attended*100/c.Staff, 100)
}

// CoverageRow is one office across the periods.
type CoverageRow struct {
	UnitID   int64
	UnitName string
	Cells    []CoverageCell
}

// Coverage is the matrix of offices × periods.
type Coverage struct {
	Periods []guidance.Period
	Rows    []CoverageRow
}

// staffSpan is one employee's stretch in one office: from recorded_at
// until the next history row.
type staffSpan struct {
	employee int64
	from, to time.Time // to zero: still
}

// GuidanceCoverage builds the matrix for the tenant's active offices over
// periods (oldest first), as on today. A session counts as held when its
// date has come and some attendance was recorded as present or late. The
// share is of the people in the office on the session date; offices with
// nothing held in the last period come first.
func (s *Store) GuidanceCoverage(ctx context.Context, tenantID int64, periods []guidance.Period, today calendar.Date) (Coverage, error) {
	cov := Coverage{Periods: periods}
	if len(periods) == 0 {
		return cov, nil
	}
	units, err := s.Units(ctx, tenantID, false)
	if err != nil {
		return cov, err
	}
	first, last := periods[0].Start, periods[len(periods)-1].End
	index := map[int64]int{}
	for _, u := range units {
		index[u.ID] = len(cov.Rows)
		cov.Rows = append(cov.Rows, CoverageRow{UnitID: u.ID, UnitName: u.Name, Cells: make([]CoverageCell, len(periods))})
	}
	periodOf := func(d calendar.Date) int {
		for i, p := range periods {
			if p.Contains(d) {
				return i
			}
		}
		return -1
	}

	// Sessions and who attended them.
	type held struct {
		id, unit int64
		period   int
		on       calendar.Date
		who      []int64 // present or late
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, unit_id, held_on FROM guidance_sessions
		WHERE tenant_id = $1 AND cancelled = $2 AND held_on >= $3 AND held_on <= $4`,
		tenantID, false, first, last)
	if err != nil {
		return cov, apperr.Wrap(err, "guidance coverage")
	}
	var list []*held
	byID := map[int64]*held{}
	for rows.Next() {
		h := &held{}
		var on calendar.Date
		if err := rows.Scan(&h.id, &h.unit, &on); err != nil {
			rows.Close()
			return cov, apperr.Wrap(err, "scan guidance coverage")
		}
		h.on, h.period = on, periodOf(on)
		list = append(list, h)
		byID[h.id] = h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return cov, apperr.Wrap(err, "guidance coverage")
	}
	// The attendees of one session are distinct (the primary key), so a
	// set is needed only for a cell with more than one session held.
	rows, err = s.db.R.QueryContext(ctx, `SELECT a.session_id, a.employee_id
		FROM guidance_sessions g JOIN guidance_attendance a ON a.session_id = g.id AND a.status IN ('present','late')
		WHERE g.tenant_id = $1 AND g.cancelled = $2 AND g.held_on >= $3 AND g.held_on <= $4`,
		tenantID, false, first, last)
	if err != nil {
		return cov, apperr.Wrap(err, "guidance attendance")
	}
	for rows.Next() {
		var id, emp int64
		if err := rows.Scan(&id, &emp); err != nil {
			rows.Close()
			return cov, apperr.Wrap(err, "scan guidance attendance")
		}
		if h := byID[id]; h != nil {
			h.who = append(h.who, emp)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return cov, apperr.Wrap(err, "guidance attendance")
	}

	// Each cell: its held and planned sessions, the date staff is counted
	// on, and the people who attended.
	type cellKey struct {
		unit   int64
		period int
	}
	who := map[cellKey][]*held{}
	staffOn := map[cellKey]calendar.Date{}
	for _, h := range list {
		r, ok := index[h.unit]
		if !ok || h.period < 0 {
			continue
		}
		c := &cov.Rows[r].Cells[h.period]
		k := cellKey{h.unit, h.period}
		if !h.on.After(today) && len(h.who) > 0 {
			c.Held++
			who[k] = append(who[k], h)
			if h.on.After(staffOn[k]) {
				staffOn[k] = h.on
			}
		} else if !periods[h.period].End.Before(today) {
			c.Planned++ // to come, or come without attendance recorded yet
		}
	}
	attendedIn := func(k cellKey) int {
		hs := who[k]
		if len(hs) == 1 {
			return len(hs[0].who)
		}
		set := map[int64]bool{}
		for _, h := range hs {
			for _, e := range h.who {
				set[e] = true
			}
		}
		return len(set)
	}

	// Staff of each office on a date, from the position history.
	spans, err := s.staffSpans(ctx, tenantID)
	if err != nil {
		return cov, err
	}
	for ri := range cov.Rows {
		row := &cov.Rows[ri]
		for pi, p := range periods {
			c := &row.Cells[pi]
			k := cellKey{row.UnitID, pi}
			on, ok := staffOn[k]
			if !ok {
				on = p.End
				if today.Before(on) {
					on = today
				}
			}
			at := on.AddDays(1).Time(wib)
			for _, sp := range spans[row.UnitID] {
				if sp.from.Before(at) && (sp.to.IsZero() || !sp.to.Before(at)) {
					c.Staff++
				}
			}
			c.Attended = attendedIn(k)
			switch {
			case c.Held > 0:
				c.State = guidance.Held
			case c.Planned > 0:
				c.State = guidance.Planned
			case p.End.Before(today):
				c.State = guidance.Missed
			default:
				c.State = guidance.Nothing
			}
		}
	}
	lastP := len(periods) - 1
	sort.SliceStable(cov.Rows, func(i, j int) bool {
		hi, hj := cov.Rows[i].Cells[lastP].Held > 0, cov.Rows[j].Cells[lastP].Held > 0
		return !hi && hj
	})
	return cov, nil
}

// staffSpans returns, per office, the stretches employees of the tenant
// were active in it, read from the position history in one pass.
func (s *Store) staffSpans(ctx context.Context, tenantID int64) (map[int64][]staffSpan, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT p.employee_id, p.unit_id, p.state, p.recorded_at
		FROM employee_positions p JOIN employees e ON e.id = p.employee_id
		WHERE e.tenant_id = $1 ORDER BY p.employee_id, p.id`, tenantID)
	if err != nil {
		return nil, apperr.Wrap(err, "staff history")
	}
	defer rows.Close()
	out := map[int64][]staffSpan{}
	var prevEmp, prevUnit int64
	var prevActive bool
	var prevFrom time.Time
	flush := func(to time.Time) {
		if prevEmp != 0 && prevActive {
			out[prevUnit] = append(out[prevUnit], staffSpan{employee: prevEmp, from: prevFrom, to: to})
		}
	}
	for rows.Next() {
		var emp, unit int64
		var state string
		var at time.Time
		if err := rows.Scan(&emp, &unit, &state, &at); err != nil {
			return nil, apperr.Wrap(err, "scan staff history")
		}
		if emp == prevEmp {
			flush(at)
		} else {
			flush(time.Time{})
		}
		prevEmp, prevUnit, prevActive, prevFrom = emp, unit, state == "active", at
	}
	flush(time.Time{})
	return out, apperr.Wrap(rows.Err(), "staff history")
}

// WatchGuidance tells the tenant's prevention officers, once per period,
// when the current period ends within guidance.DueSoonDays and some active
// office has held no session in it. It reports whether it told them.
func (s *Store) WatchGuidance(ctx context.Context, tenantID int64, today calendar.Date) (bool, error) {
	st, err := s.GuidanceSettings(ctx, tenantID)
	if err != nil {
		return false, err
	}
	p := guidance.PeriodOf(st.Cadence, today)
	if today.DaysUntil(p.End) > guidance.DueSoonDays {
		return false, nil
	}
	var sent int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM guidance_reminders WHERE tenant_id = $1 AND period = $2`,
		tenantID, p.Key()).Scan(&sent); err != nil {
		return false, apperr.Wrap(err, "guidance reminders")
	}
	if sent > 0 {
		return false, nil
	}
	var missing int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM units u WHERE u.tenant_id = $1 AND u.archived_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM guidance_sessions g JOIN guidance_attendance a ON a.session_id = g.id AND a.status IN ('present','late')
			WHERE g.unit_id = u.id AND g.cancelled = $2 AND g.held_on >= $3 AND g.held_on <= $4)`,
		tenantID, false, p.Start, today).Scan(&missing); err != nil {
		return false, apperr.Wrap(err, "guidance offices without a session")
	}
	if missing == 0 {
		return false, nil
	}
	told := false
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO guidance_reminders (tenant_id, period, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			tenantID, p.Key(), s.Now())
		if err != nil {
			return apperr.Wrap(err, "guidance reminder")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		told = true
		return s.notifyRole(ctx, tx, tenantID, "prevention", "guidance.due_soon", "guidance_period", p.Key())
	})
	return told, err
}
