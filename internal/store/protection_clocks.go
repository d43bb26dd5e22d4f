package store

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/protection"
)

// The TPKS clocks of a case are worked out from its recorded moments
// (protection.StatusOf). Each change of a moment writes, in its
// transaction, the earliest due time of a clock still waiting and the
// next instant the watch owes the case something, so that lists and the
// watch read an index; the alerts already sent are kept as keys per due
// time, so each goes out once.

const momentCols = `reported_at, police_reported_at, temp_protection_from, temp_protection_until, lpsk_requested_at, restraint_from, restraint_until,
	restraint_renewal_requested_at`

type rowScanner interface{ Scan(...any) error }

// scanMoments reads momentCols, then dest.
func scanMoments(row rowScanner, dest ...any) (protection.Moments, error) {
	var t [8]sql.NullTime
	args := []any{&t[0], &t[1], &t[2], &t[3], &t[4], &t[5], &t[6], &t[7]}
	err := row.Scan(append(args, dest...)...)
	v := func(i int) time.Time {
		if !t[i].Valid {
			return time.Time{}
		}
		return t[i].Time.UTC()
	}
	return protection.Moments{Reported: v(0), PoliceReported: v(1), TempProtectionFrom: v(2), TempProtectionUntil: v(3),
		LPSKRequested: v(4), RestraintFrom: v(5), RestraintUntil: v(6), RenewalRequested: v(7)}, err
}

// ClockMoments returns a case's recorded moments.
func (s *Store) ClockMoments(ctx context.Context, tenantID, caseID int64) (protection.Moments, error) {
	m, err := scanMoments(s.db.R.QueryRowContext(ctx, `SELECT `+momentCols+` FROM protection_cases WHERE tenant_id = $1 AND id = $2`, tenantID, caseID))
	return m, notFound(err, "protection.not_found", "clock moments")
}

// keySet is a space-separated set of alert keys.
type keySet string

func (k keySet) has(key string) bool {
	return key != "" && slices.Contains(strings.Fields(string(k)), key)
}

// refreshClocks works out a case's clocks at the store's present, in tx
// (the case's row locked), and writes what the lists and the watch read.
// Keys of alerts for due times no longer waiting are dropped.
func (s *Store) refreshClocks(ctx context.Context, tx *sql.Tx, caseID int64) error {
	var reminded, escalated keySet
	m, err := scanMoments(tx.QueryRowContext(ctx, `SELECT `+momentCols+`, clock_reminded_for, clock_escalated_for FROM protection_cases WHERE id = $1`, caseID),
		&reminded, &escalated)
	if err != nil {
		return apperr.Wrap(err, "clocks")
	}
	return s.writeClocks(ctx, tx, caseID, m, reminded, escalated)
}

func (s *Store) writeClocks(ctx context.Context, tx *sql.Tx, caseID int64, m protection.Moments, reminded, escalated keySet) error {
	now := s.Now()
	st := protection.StatusOf(m, now)
	pending := protection.Pending(st)
	var due, watch sql.NullTime
	kind := ""
	if len(pending) > 0 {
		due, kind = sql.NullTime{Time: pending[0].Due.UTC(), Valid: true}, string(pending[0].Kind)
	}
	a := protection.AlertsOf(st, now, reminded.has, escalated.has)
	if !a.Next.IsZero() {
		watch = sql.NullTime{Time: a.Next.UTC(), Valid: true}
	}
	// Alerts owed now keep the watch's attention now.
	if len(a.Remind)+len(a.Escalate) > 0 {
		watch = sql.NullTime{Time: now, Valid: true}
	}
	var keepR, keepE []string
	for _, p := range pending {
		if reminded.has(p.Key()) {
			keepR = append(keepR, p.Key())
		}
		if escalated.has(p.Key()) {
			keepE = append(keepE, p.Key())
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE protection_cases SET clock_due_at = $2, clock_due_kind = $3, clock_watch_at = $4, clock_reminded_for = $5,
		clock_escalated_for = $6 WHERE id = $1`, caseID, due, kind, watch, strings.Join(keepR, " "), strings.Join(keepE, " "))
	return apperr.Wrap(err, "write clocks")
}

// RecordClockStep records (or corrects) one step of a case's clocks: the
// report to the police, the police's temporary protection, their request
// to LPSK, a restriction order, its renewal. It is checked against the
// case's other moments under the case's lock (protection.Moments.Record)
// and audited.
func (s *Store) RecordClockStep(ctx context.Context, a Actor, tenantID int64, publicID string, step protection.Step, at, until time.Time) error {
	var action string
	switch step {
	case protection.StepPoliceReport:
		action = "protection.clock.police_report"
	case protection.StepTempProtection:
		action = "protection.clock.temp_protection"
	case protection.StepLPSKRequest:
		action = "protection.clock.lpsk_request"
	case protection.StepRestraint:
		action = "protection.clock.restraint"
	case protection.StepRenewal:
		action = "protection.clock.renewal"
	default:
		return apperr.InvalidField("step", "protection.clock.step", nil)
	}
	return s.changeProtectionCase(ctx, a, tenantID, publicID, action, func(tx *sql.Tx, id int64) error {
		var reminded, escalated keySet
		m, err := scanMoments(tx.QueryRowContext(ctx, `SELECT `+momentCols+`, clock_reminded_for, clock_escalated_for FROM protection_cases WHERE id = $1`, id),
			&reminded, &escalated)
		if err != nil {
			return apperr.Wrap(err, "clock moments")
		}
		if err := m.Record(step, at.UTC(), until.UTC(), s.Now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE protection_cases SET police_reported_at = $2, temp_protection_from = $3, temp_protection_until = $4,
			lpsk_requested_at = $5, restraint_from = $6, restraint_until = $7, restraint_renewal_requested_at = $8 WHERE id = $1`, id,
			nullTime(m.PoliceReported), nullTime(m.TempProtectionFrom), nullTime(m.TempProtectionUntil), nullTime(m.LPSKRequested),
			nullTime(m.RestraintFrom), nullTime(m.RestraintUntil), nullTime(m.RenewalRequested)); err != nil {
			return apperr.Wrap(err, "record clock step")
		}
		return s.writeClocks(ctx, tx, id, m, reminded, escalated)
	})
}

// markPoliceReported records, in another change's transaction (a referral
// to the police), that the case was reported to the police at at: the
// report of UU 12/2022 Ps 41(2) that stops its first clock. A report to
// the police already recorded stays as it is. The caller holds the case's
// lock (changeProtectionCase) and audits its own change.
func (s *Store) markPoliceReported(ctx context.Context, tx *sql.Tx, caseID int64, at time.Time) error {
	if at.IsZero() {
		return nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE protection_cases SET police_reported_at = $2 WHERE id = $1 AND police_reported_at IS NULL`, caseID, at.UTC())
	if err != nil {
		return apperr.Wrap(err, "police reported")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return s.refreshClocks(ctx, tx, caseID)
}

// ClockWatchResult counts what one pass of the clock watch did.
type ClockWatchResult struct{ Reminded, Escalated int }

// WatchProtectionClocks does one pass of the TPKS clock watch over a
// government's open cases: the case workers are reminded of a clock with
// less than 12 hours left; a late clock is escalated to the workers and
// every protection lead of the government. Each alert is sent once per
// due time, under the case's lock, and audited; it is safe to run on
// every instance. It reads the watch index, not every case.
func (s *Store) WatchProtectionClocks(ctx context.Context, tenantID int64) (ClockWatchResult, error) {
	var res ClockWatchResult
	// Cases opened before their clocks were kept on the row.
	unset, err := s.publicIDs(ctx, `SELECT public_id FROM protection_cases WHERE tenant_id = $1 AND status = 'open' AND clock_due_at IS NULL
		AND police_reported_at IS NULL AND reported_at IS NOT NULL ORDER BY id`, tenantID)
	if err != nil {
		return res, err
	}
	for _, pid := range unset {
		if err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			id, _, err := s.protectionCaseForUpdate(ctx, tx, tenantID, pid)
			if err != nil {
				return err
			}
			return s.refreshClocks(ctx, tx, id)
		}); err != nil {
			return res, err
		}
	}
	for {
		ids, err := s.publicIDs(ctx, `SELECT public_id FROM protection_cases WHERE tenant_id = $1 AND status = 'open' AND clock_watch_at IS NOT NULL
			AND clock_watch_at <= $2 ORDER BY clock_watch_at, id LIMIT $3`, tenantID, s.Now(), watchBatch)
		if err != nil {
			return res, err
		}
		for _, pid := range ids {
			if err := s.db.Tx(ctx, func(tx *sql.Tx) error {
				r, e, err := s.clockAlert(ctx, tx, tenantID, pid)
				res.Reminded += r
				res.Escalated += e
				return err
			}); err != nil {
				return res, err
			}
		}
		if len(ids) < watchBatch {
			return res, nil
		}
	}
}

// clockAlert sends what one case is owed, under its lock: chosen before
// the lock was taken, it is looked at again here (another instance may
// have sent it, a moment may have moved).
func (s *Store) clockAlert(ctx context.Context, tx *sql.Tx, tenantID int64, publicID string) (reminded, escalated int, err error) {
	id, status, err := s.protectionCaseForUpdate(ctx, tx, tenantID, publicID)
	if err != nil || status != protection.Open {
		return 0, 0, err
	}
	var rem, esc keySet
	m, err := scanMoments(tx.QueryRowContext(ctx, `SELECT `+momentCols+`, clock_reminded_for, clock_escalated_for FROM protection_cases WHERE id = $1`, id),
		&rem, &esc)
	if err != nil {
		return 0, 0, apperr.Wrap(err, "clock alert")
	}
	now := s.Now()
	a := protection.AlertsOf(protection.StatusOf(m, now), now, rem.has, esc.has)
	if len(a.Remind) > 0 {
		if err := s.notifyClock(ctx, tx, tenantID, id, publicID, "protection.clock_soon", false); err != nil {
			return 0, 0, err
		}
		for _, c := range a.Remind {
			rem += keySet(" " + c.Key())
		}
		if err := s.audit(ctx, tx, tenantID, System, "protection.clock.reminded", "protection_case", publicID); err != nil {
			return 0, 0, err
		}
		reminded = 1
	}
	if len(a.Escalate) > 0 {
		if err := s.notifyClock(ctx, tx, tenantID, id, publicID, "protection.clock_late", true); err != nil {
			return 0, 0, err
		}
		for _, c := range a.Escalate {
			esc += keySet(" " + c.Key())
		}
		if err := s.audit(ctx, tx, tenantID, System, "protection.clock.escalated", "protection_case", publicID); err != nil {
			return 0, 0, err
		}
		escalated = 1
	}
	return reminded, escalated, s.writeClocks(ctx, tx, id, m, rem, esc)
}

// notifyClock tells a case's workers (and, escalating, every protection
// lead of the government) that a clock runs short or is late. The link
// leads to the clocks page; nothing of the case is in it. Nobody whose
// account is linked to a perpetrator of the case is told, whatever their
// roles. With no worker assigned, the leads hear of a reminder too.
func (s *Store) notifyClock(ctx context.Context, tx *sql.Tx, tenantID, caseID int64, publicID, kind string, escalate bool) error {
	var to []int64
	add := func(q string, args ...any) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return apperr.Wrap(err, "clock recipients")
		}
		defer rows.Close()
		for rows.Next() {
			var u int64
			if err := rows.Scan(&u); err != nil {
				return apperr.Wrap(err, "clock recipients")
			}
			if !slices.Contains(to, u) {
				to = append(to, u)
			}
		}
		return apperr.Wrap(rows.Err(), "clock recipients")
	}
	notAccused := ` AND u.id NOT IN (SELECT ue.user_id FROM user_employees ue JOIN protection_perpetrators p ON p.employee_id = ue.employee_id WHERE p.case_id = $2)`
	if err := add(`SELECT u.id FROM protection_workers w JOIN users u ON u.id = w.user_id WHERE u.tenant_id = $1 AND w.case_id = $2 AND u.disabled_at IS NULL`+
		notAccused+` ORDER BY u.id`, tenantID, caseID); err != nil {
		return err
	}
	if escalate || len(to) == 0 {
		if err := add(`SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = $3 WHERE u.tenant_id = $1 AND u.disabled_at IS NULL`+
			notAccused+` ORDER BY u.id`, tenantID, caseID, string(identity.ProtectionLead)); err != nil {
			return err
		}
	}
	for _, u := range to {
		if _, err := tx.ExecContext(ctx, notifyUserSQL, tenantID, u, kind, "protection_clocks", publicID, s.Now()); err != nil {
			return apperr.Wrap(err, "notify")
		}
	}
	return nil
}

// CaseClocks is an open case with the moments its clocks run on.
type CaseClocks struct {
	PublicID string
	Number   string
	Moments  protection.Moments
}

// WorkerClocks returns the open cases a worker works on that have a clock
// waiting, the earliest due time first (at most 200).
func (s *Store) WorkerClocks(ctx context.Context, tenantID, userID int64) ([]CaseClocks, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+momentCols+`, c.public_id, c.number FROM protection_cases c
		WHERE c.tenant_id = $1 AND c.status = 'open' AND c.clock_due_at IS NOT NULL AND c.id IN (SELECT case_id FROM protection_workers WHERE user_id = $2)
		ORDER BY c.clock_due_at, c.id LIMIT 200`, tenantID, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "worker clocks")
	}
	defer rows.Close()
	var out []CaseClocks
	for rows.Next() {
		var c CaseClocks
		if c.Moments, err = scanMoments(rows, &c.PublicID, &c.Number); err != nil {
			return nil, apperr.Wrap(err, "scan worker clocks")
		}
		out = append(out, c)
	}
	return out, apperr.Wrap(rows.Err(), "worker clocks")
}

// ServiceCount is how many services of one kind were given.
type ServiceCount struct {
	Kind  protection.Service
	Count int
}

// ServiceCounts counts the services given from from to before to, by
// kind in display order: on the cases a worker works on, or (userID 0)
// on every case of the government.
func (s *Store) ServiceCounts(ctx context.Context, tenantID, userID int64, from, to calendar.Date) ([]ServiceCount, error) {
	q := `SELECT kind, COUNT(*) FROM protection_services WHERE tenant_id = $1 AND given_on >= $2 AND given_on < $3`
	args := []any{tenantID, from, to}
	if userID != 0 {
		q += ` AND case_id IN (SELECT case_id FROM protection_workers WHERE user_id = $4)`
		args = append(args, userID)
	}
	rows, err := s.db.R.QueryContext(ctx, q+` GROUP BY kind`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "service counts")
	}
	defer rows.Close()
	got := map[protection.Service]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, apperr.Wrap(err, "scan service counts")
		}
		got[protection.Service(k)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "service counts")
	}
	var out []ServiceCount
	for _, k := range protection.Services {
		if got[k] > 0 {
			out = append(out, ServiceCount{k, got[k]})
			delete(got, k)
		}
	}
	// A kind no longer offered still counts, after the others.
	for _, k := range slices.Sorted(maps.Keys(got)) {
		out = append(out, ServiceCount{k, got[k]})
	}
	return out, nil
}

// ClockTotals are an office's open cases and their clocks.
type ClockTotals struct {
	Open    int // open cases
	Waiting int // of them with a clock waiting
	Late    int // of them with a clock late
}

// ProtectionClockTotals counts a government's open cases and their
// clocks at the store's present, from the due index.
func (s *Store) ProtectionClockTotals(ctx context.Context, tenantID int64) (ClockTotals, error) {
	var t ClockTotals
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(clock_due_at), COALESCE(SUM(CASE WHEN clock_due_at < $2 THEN 1 ELSE 0 END), 0)
		FROM protection_cases WHERE tenant_id = $1 AND status = 'open'`, tenantID, s.Now()).Scan(&t.Open, &t.Waiting, &t.Late)
	return t, apperr.Wrap(err, "clock totals")
}
