package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/identity"
)

// A case's stage and what it waits for are kept on its row each time a
// step is taken (refreshDue), so the due lists and the deadline watch read
// an index; the steps stay the truth and replay to the same values.

// caseState is a case locked in a transaction: its row, the day its
// superior was told, its steps replayed, and the procedure its government
// counts by.
type caseState struct {
	id       int64
	informed calendar.Date
	c        *discipline.Case
	p        discipline.Procedure
	w        discipline.Watch
	settled  bool // its decision took effect today, on this reading
}

// refreshDue writes a case's stage and next due date after a change, in
// its transaction. A case whose procedure ended has nothing due.
func (cs caseState) refreshDue(ctx context.Context, tx *sql.Tx, cal *calendar.Calendar) error {
	d, ok := cs.w.Due(cs.p, cs.c, cal, cs.informed)
	var by any
	if ok {
		by = d.By
	}
	status := "open"
	switch cs.c.Stage {
	case discipline.StageDismissed, discipline.StageRevoked, discipline.StageEffective:
		status, by, d.What = "closed", nil, ""
	}
	_, err := tx.ExecContext(ctx, `UPDATE discipline_cases SET stage = $2, status = $3, due_what = $4, due_by = $5 WHERE id = $1`,
		cs.id, string(cs.c.Stage), status, d.What, by)
	return apperr.Wrap(err, "case due")
}

// lockedCase locks a case's row and replays its steps by the government's
// procedure: the state every change of a case starts from.
func (s *Store) lockedCase(ctx context.Context, tx *sql.Tx, tenantID int64, casePublicID string, cal *calendar.Calendar) (caseState, error) {
	var cs caseState
	var status string
	if err := tx.QueryRowContext(ctx, `SELECT id, superior_informed_on, status FROM discipline_cases WHERE tenant_id = $1 AND public_id = $2`+s.db.ForUpdate(),
		tenantID, casePublicID).Scan(&cs.id, &cs.informed, &status); err != nil {
		return cs, notFound(err, "case.not_found", "case")
	}
	settings, err := s.procedureSettings(ctx, tx, tenantID)
	if err != nil {
		return cs, err
	}
	cs.p, cs.w = settings.Procedure(), settings.Watch()
	steps, err := s.stepsOf(ctx, tx, tenantID, cs.id)
	if err != nil {
		return cs, err
	}
	// Steps taken under an earlier setting stand: the replay does not
	// check their windows again.
	replay := cs.p.Replay()
	cs.c = &discipline.Case{Stage: discipline.StageOpen}
	for _, old := range steps {
		if err := applyStep(replay, cs.c, cal, old); err != nil {
			return cs, apperr.Wrap(err, "replay case")
		}
	}
	// A delivered decision whose day has come is in effect, whether or
	// not the watch has passed yet: what follows starts from there.
	cs.settled = cs.p.Settle(cs.c, cal, dueToday(s.Now())) && status == "open"
	return cs, nil
}

// dueToday is today in Western Indonesian Time, the day deadlines are
// counted on.
func dueToday(t time.Time) calendar.Date { return calendar.DateOf(t, time.FixedZone("WIB", 7*3600)) }

// SetSuperiorInformed records the day the accused's direct superior was
// told of the violation: from it the superior must summon (Ps 26(1), 28).
// A zero day clears it; it has no meaning once a summons is out.
func (s *Store) SetSuperiorInformed(ctx context.Context, a Actor, tenantID int64, casePublicID string, day calendar.Date, cal *calendar.Calendar) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		cs, err := s.lockedCase(ctx, tx, tenantID, casePublicID, cal)
		if err != nil {
			return err
		}
		if err := s.bumpVersion(ctx, tx, VersionCase, cs.id, casePublicID); err != nil {
			return err
		}
		if cs.c.Stage != discipline.StageOpen {
			return apperr.New(apperr.Conflict, "case.informed.not_now")
		}
		var v any
		if !day.IsZero() {
			v = day
		}
		if _, err := tx.ExecContext(ctx, `UPDATE discipline_cases SET superior_informed_on = $2 WHERE id = $1`, cs.id, v); err != nil {
			return apperr.Wrap(err, "superior informed")
		}
		cs.informed = day
		if err := cs.refreshDue(ctx, tx, cal); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "case.superior_informed", "discipline_case", casePublicID)
	})
}

// SetCaseHandler names the examiner who handles a case (0: nobody). The
// handler must be an active examiner of the tenant.
func (s *Store) SetCaseHandler(ctx context.Context, a Actor, tenantID int64, casePublicID string, userID int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if userID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = $3
				WHERE u.id = $1 AND u.tenant_id = $2 AND u.disabled_at IS NULL`, userID, tenantID, string(identity.Examiner)).Scan(&n); err != nil {
				return apperr.Wrap(err, "handler")
			}
			if n == 0 {
				return apperr.InvalidField("handler", "case.handler.invalid", nil)
			}
		}
		var id int64
		err := tx.QueryRowContext(ctx, `UPDATE discipline_cases SET handler_id = $3 WHERE tenant_id = $1 AND public_id = $2 RETURNING id`,
			tenantID, casePublicID, nullID(userID)).Scan(&id)
		if err != nil {
			return notFound(err, "case.not_found", "set handler")
		}
		if err := s.bumpVersion(ctx, tx, VersionCase, id, casePublicID); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "case.handler", "discipline_case", casePublicID)
	})
}

// CaseHandling is who handles a case and since when its superior knows.
type CaseHandling struct {
	HandlerID        int64
	HandlerName      string
	SuperiorInformed calendar.Date
	DueWhat          string
	DueBy            calendar.Date
	Escalated        bool
}

// CaseHandlingOf returns a case's handler, the day its superior was told
// and what it waits for, as stored.
func (s *Store) CaseHandlingOf(ctx context.Context, tenantID, caseID int64) (CaseHandling, error) {
	var h CaseHandling
	var escalated string
	err := s.db.R.QueryRowContext(ctx, `SELECT COALESCE(c.handler_id, 0), COALESCE(u.display_name, ''), c.superior_informed_on, c.due_what, c.due_by, c.escalated_for
		FROM discipline_cases c LEFT JOIN users u ON u.id = c.handler_id WHERE c.tenant_id = $1 AND c.id = $2`, tenantID, caseID).
		Scan(&h.HandlerID, &h.HandlerName, &h.SuperiorInformed, &h.DueWhat, &h.DueBy, &escalated)
	h.Escalated = escalated != "" && escalated == dueKey(h.DueWhat, h.DueBy)
	return h, notFound(err, "case.not_found", "case")
}

// Examiners returns the tenant's active examiners, who may handle cases.
func (s *Store) Examiners(ctx context.Context, tenantID int64) ([]identity.User, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT u.id, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = $2
		WHERE u.tenant_id = $1 AND u.disabled_at IS NULL ORDER BY u.display_name, u.id`, tenantID, string(identity.Examiner))
	if err != nil {
		return nil, apperr.Wrap(err, "examiners")
	}
	defer rows.Close()
	var out []identity.User
	for rows.Next() {
		var u identity.User
		if err := rows.Scan(&u.ID, &u.DisplayName); err != nil {
			return nil, apperr.Wrap(err, "scan examiner")
		}
		out = append(out, u)
	}
	return out, apperr.Wrap(rows.Err(), "examiners")
}

func dueKey(what string, by calendar.Date) string {
	if by.IsZero() {
		return ""
	}
	return what + "@" + by.String()
}

// DueCase is an open case on a due list.
type DueCase struct {
	PublicID     string
	Number       string
	EmployeeName string
	EmployeeNIP  string
	HandlerName  string
	Stage        discipline.Stage
	Due          discipline.Due
	Escalated    bool
}

// DueCounts are the sizes of a due list.
type DueCounts struct{ All, Late int }

// DueFilter chooses a due list: the tenant's, or one handler's.
type DueFilter struct {
	HandlerID     int64 // 0: every case of the tenant
	Offset, Limit int
}

// DueCases returns a page of the tenant's open cases that wait for
// something, the earliest date first (so the late ones lead), with the
// sizes of the whole list. It reads the due index only.
func (s *Store) DueCases(ctx context.Context, tenantID int64, today calendar.Date, f DueFilter) ([]DueCase, DueCounts, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	where := ` FROM discipline_cases c WHERE c.tenant_id = $1 AND c.status = 'open' AND c.due_by IS NOT NULL AND c.handler_id = $2`
	if f.HandlerID == 0 {
		where = ` FROM discipline_cases c WHERE c.tenant_id = $1 AND c.status = 'open' AND c.due_by IS NOT NULL AND $2 = 0`
	}
	var n DueCounts
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.due_by < $3 AND c.due_what <> 'case.due.effect' THEN 1 ELSE 0 END), 0)`+where,
		tenantID, f.HandlerID, today).Scan(&n.All, &n.Late); err != nil {
		return nil, n, apperr.Wrap(err, "count due")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT c.public_id, c.number, COALESCE(e.name, ''), COALESCE(e.nip, ''), COALESCE(u.display_name, ''),
		c.stage, c.due_what, c.due_by, c.escalated_for
		FROM (SELECT c.id`+where+` ORDER BY c.due_by, c.id LIMIT $3 OFFSET $4) p
		JOIN discipline_cases c ON c.id = p.id LEFT JOIN employees e ON e.id = c.employee_id LEFT JOIN users u ON u.id = c.handler_id
		ORDER BY c.due_by, c.id`, tenantID, f.HandlerID, f.Limit, max(f.Offset, 0))
	if err != nil {
		return nil, n, apperr.Wrap(err, "due cases")
	}
	defer rows.Close()
	var out []DueCase
	for rows.Next() {
		var d DueCase
		var stage, escalated string
		if err := rows.Scan(&d.PublicID, &d.Number, &d.EmployeeName, &d.EmployeeNIP, &d.HandlerName, &stage, &d.Due.What, &d.Due.By, &escalated); err != nil {
			return nil, n, apperr.Wrap(err, "scan due")
		}
		d.Stage = discipline.Stage(stage)
		d.Due.Late = d.Due.By.Before(today) && d.Due.What != "case.due.effect"
		d.Escalated = escalated == dueKey(d.Due.What, d.Due.By)
		out = append(out, d)
	}
	return out, n, apperr.Wrap(rows.Err(), "due cases")
}

// WatchResult counts what one pass of the deadline watch did.
type WatchResult struct{ Reminded, Escalated, Settled int }

// watchBatch bounds the cases one statement of the watch takes.
const watchBatch = 200

// WatchDeadlines does one pass of the deadline watch over a tenant's open
// cases on today: decisions whose day of effect came take effect (Ps
// 38(1)); the handler is reminded of what falls due within the reminder
// window; what is late is escalated to the handler, the handler's own
// superior and the deciders (BKPSDM and the PyBM), and, when it is a
// superior's summons that is late (Ps 28), to that superior and the
// examiners too. Each reminder and escalation is sent once per due date,
// and audited.
func (s *Store) WatchDeadlines(ctx context.Context, tenantID int64, cal *calendar.Calendar, w discipline.Watch, today calendar.Date) (WatchResult, error) {
	var res WatchResult
	if err := s.refreshStale(ctx, tenantID, cal); err != nil {
		return res, err
	}
	if err := s.RecountDue(ctx, tenantID, cal); err != nil {
		return res, err
	}
	for {
		n, err := s.settleBatch(ctx, tenantID, cal, today)
		res.Settled += n
		if err != nil || n < watchBatch {
			if err != nil {
				return res, err
			}
			break
		}
	}
	for {
		sent, taken, err := s.alertBatch(ctx, tenantID, today, w.RemindUpTo(cal, today), false)
		res.Reminded += sent
		if err != nil {
			return res, err
		}
		if taken < watchBatch {
			break
		}
	}
	for {
		sent, taken, err := s.alertBatch(ctx, tenantID, today, today, true)
		res.Escalated += sent
		if err != nil {
			return res, err
		}
		if taken < watchBatch {
			break
		}
	}
	return res, nil
}

// refreshStale writes the stage and due date of cases that have steps
// but none stored: cases from before these were kept on the row.
func (s *Store) refreshStale(ctx context.Context, tenantID int64, cal *calendar.Calendar) error {
	ids, err := s.publicIDs(ctx, `SELECT c.public_id FROM discipline_cases c WHERE c.tenant_id = $1 AND c.status = 'open' AND c.stage = 'open'
		AND EXISTS (SELECT 1 FROM discipline_steps st WHERE st.case_id = c.id)`, tenantID)
	if err != nil {
		return err
	}
	for _, pid := range ids {
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			cs, err := s.lockedCase(ctx, tx, tenantID, pid, cal)
			if err != nil {
				return err
			}
			return cs.refreshDue(ctx, tx, cal)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// requestRecount asks, in tx, for the tenant's open cases' due dates to
// be counted again: its calendar or its procedure settings changed.
func (s *Store) requestRecount(ctx context.Context, tx *sql.Tx, tenantID int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO case_due_recounts (tenant_id, requested_at) VALUES ($1, $2)
		ON CONFLICT (tenant_id) DO UPDATE SET requested_at = excluded.requested_at`, tenantID, s.Now())
	return apperr.Wrap(err, "request recount")
}

// RecountDue counts the stored due dates of a tenant's open cases again
// when its calendar or procedure settings changed since they were last
// counted: the page that changed them calls it, and the watch finishes it
// if that was cut short. Each case is recounted under its own lock.
func (s *Store) RecountDue(ctx context.Context, tenantID int64, cal *calendar.Calendar) error {
	var requested time.Time
	err := s.db.R.QueryRowContext(ctx, `SELECT requested_at FROM case_due_recounts WHERE tenant_id = $1`, tenantID).Scan(&requested)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return apperr.Wrap(err, "recount due")
	}
	for after := int64(0); ; {
		rows, err := s.db.R.QueryContext(ctx, `SELECT id, public_id FROM discipline_cases WHERE tenant_id = $1 AND status = 'open' AND id > $2
			ORDER BY id LIMIT 500`, tenantID, after)
		if err != nil {
			return apperr.Wrap(err, "recount due")
		}
		var ids []string
		for rows.Next() {
			var pid string
			if err := rows.Scan(&after, &pid); err != nil {
				rows.Close()
				return apperr.Wrap(err, "recount due")
			}
			ids = append(ids, pid)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return apperr.Wrap(err, "recount due")
		}
		for _, pid := range ids {
			if err := s.db.Tx(ctx, func(tx *sql.Tx) error {
				cs, err := s.lockedCase(ctx, tx, tenantID, pid, cal)
				if err != nil {
					return err
				}
				return cs.refreshDue(ctx, tx, cal)
			}); err != nil {
				return err
			}
		}
		if len(ids) < 500 {
			break
		}
	}
	// A change made meanwhile asked again at a later time: its request
	// stays, and the next pass counts again.
	_, err = s.db.W.ExecContext(ctx, `DELETE FROM case_due_recounts WHERE tenant_id = $1 AND requested_at = $2`, tenantID, requested)
	return apperr.Wrap(err, "recount due")
}

// settleBatch gives effect to delivered decisions whose day has come.
func (s *Store) settleBatch(ctx context.Context, tenantID int64, cal *calendar.Calendar, today calendar.Date) (int, error) {
	ids, err := s.publicIDs(ctx, `SELECT public_id FROM discipline_cases WHERE tenant_id = $1 AND status = 'open' AND due_by IS NOT NULL
		AND due_by <= $2 AND due_what = 'case.due.effect' ORDER BY due_by, id LIMIT $3`, tenantID, today, watchBatch)
	if err != nil {
		return 0, err
	}
	for _, pid := range ids {
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			cs, err := s.lockedCase(ctx, tx, tenantID, pid, cal)
			if err != nil {
				return err
			}
			if !cs.settled && !cs.p.Settle(cs.c, cal, today) {
				return cs.refreshDue(ctx, tx, cal) // a replay disagrees with the row: the steps win
			}
			if err := cs.refreshDue(ctx, tx, cal); err != nil {
				return err
			}
			return s.audit(ctx, tx, tenantID, System, "case.effective", "discipline_case", pid)
		})
		if err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

func (s *Store) publicIDs(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "watch")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, apperr.Wrap(err, "watch")
		}
		out = append(out, p)
	}
	return out, apperr.Wrap(rows.Err(), "watch")
}

// alertBatch sends the reminders (escalate false: due on or before upTo,
// not yet late) or escalations (late on today) not yet sent, in one
// transaction per case.
func (s *Store) alertBatch(ctx context.Context, tenantID int64, today, upTo calendar.Date, escalate bool) (sent, taken int, err error) {
	col, cond, args := "reminded_for", `due_by >= $2 AND due_by <= $4`, []any{tenantID, today, watchBatch, upTo}
	if escalate {
		col, cond, args = "escalated_for", `due_by < $2`, args[:3]
	}
	ids, err := s.publicIDs(ctx, `SELECT public_id FROM discipline_cases WHERE tenant_id = $1 AND status = 'open' AND due_by IS NOT NULL AND `+cond+`
		AND due_what <> 'case.due.effect' AND `+col+` <> due_what || '@' || CAST(due_by AS TEXT) ORDER BY due_by, id LIMIT $3`, args...)
	if err != nil {
		return 0, 0, err
	}
	for _, pid := range ids {
		var ok bool
		if err := s.db.Tx(ctx, func(tx *sql.Tx) (err error) {
			ok, err = s.alert(ctx, tx, tenantID, pid, escalate, today, upTo)
			return err
		}); err != nil {
			return sent, len(ids), err
		}
		if ok {
			sent++
		}
	}
	return sent, len(ids), nil
}

// alert tells the people concerned of one case's due date, once.
func (s *Store) alert(ctx context.Context, tx *sql.Tx, tenantID int64, casePublicID string, escalate bool, today, upTo calendar.Date) (bool, error) {
	var id, handler, accused int64
	var what, status, reminded, escalated string
	var by calendar.Date
	if err := tx.QueryRowContext(ctx, `SELECT id, COALESCE(handler_id, 0), COALESCE(employee_id, 0), due_what, due_by, status, reminded_for, escalated_for
		FROM discipline_cases WHERE tenant_id = $1 AND public_id = $2`+s.db.ForUpdate(), tenantID, casePublicID).
		Scan(&id, &handler, &accused, &what, &by, &status, &reminded, &escalated); err != nil {
		return false, notFound(err, "case.not_found", "case")
	}
	// Chosen before its lock was taken: another instance's watch may have
	// sent it meanwhile, or a step moved its date. Looked at again here.
	key := dueKey(what, by)
	switch {
	case status != "open" || by.IsZero() || what == "case.due.effect":
		return false, nil
	case escalate && (!by.Before(today) || escalated == key):
		return false, nil
	case !escalate && (by.Before(today) || by.After(upTo) || reminded == key):
		return false, nil
	}
	inaction := discipline.Inaction(discipline.Due{What: what})
	var to []int64
	var err error
	// The accused is never told of their own case this way, whatever
	// their roles: the link leads to the staff's view of it.
	var accusedAccount int64
	if accused != 0 {
		if e := tx.QueryRowContext(ctx, `SELECT user_id FROM user_employees WHERE employee_id = $1`, accused).Scan(&accusedAccount); e != nil && !errors.Is(e, sql.ErrNoRows) {
			return false, apperr.Wrap(e, "alert accused")
		}
	}
	add := func(ids ...int64) {
		for _, u := range ids {
			if u != 0 && u != accusedAccount && !slices.Contains(to, u) {
				to = append(to, u)
			}
		}
	}
	roleUsers := func(role identity.Role) {
		if err == nil {
			var ids []int64
			ids, err = s.tenantRoleUsers(ctx, tx, tenantID, role)
			add(ids...)
		}
	}
	kind, col := "case.due_soon", "reminded_for"
	action := "case.reminded"
	account := func(q string, id int64) int64 {
		var acc int64
		if err == nil && id != 0 {
			if e := tx.QueryRowContext(ctx, q, id).Scan(&acc); e != nil && !errors.Is(e, sql.ErrNoRows) {
				err = apperr.Wrap(e, "alert account")
			}
		}
		return acc
	}
	add(handler)
	if escalate {
		kind, col = "case.late", "escalated_for"
		action = "case.escalated"
		if inaction {
			kind = "case.inaction"
		}
		add(account(superiorOfAccountSQL, handler))
		roleUsers(identity.Decider)
	}
	if inaction {
		// The superior who must summon is the one the clock runs against.
		superior := account(superiorOfEmployeeSQL, accused)
		add(superior)
		if escalate {
			add(account(superiorOfAccountSQL, superior))
			roleUsers(identity.Examiner)
		}
	}
	if len(to) == 0 {
		roleUsers(identity.Examiner) // nobody handles it yet: the examiners hear of it
	}
	if err != nil {
		return false, err
	}
	for _, u := range to {
		if _, err := tx.ExecContext(ctx, notifyUserSQL, tenantID, u, kind, "discipline_case", casePublicID, s.Now()); err != nil {
			return false, apperr.Wrap(err, "notify")
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE discipline_cases SET `+col+` = $2 WHERE id = $1`, id, key); err != nil {
		return false, apperr.Wrap(err, "alerted")
	}
	return true, s.audit(ctx, tx, tenantID, System, action, "discipline_case", casePublicID)
}

const notifyUserSQL = `INSERT INTO notifications (tenant_id, user_id, kind, object_type, object_id, created_at, mail_state, mail_next_at)
	SELECT $1, u.id, $3, $4, $5, $6, CASE WHEN u.email <> '' THEN 'pending' ELSE 'none' END, $6
	FROM users u WHERE u.tenant_id = $1 AND u.id = $2 AND u.disabled_at IS NULL`

func (s *Store) tenantRoleUsers(ctx context.Context, tx *sql.Tx, tenantID int64, role identity.Role) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = $2
		WHERE u.tenant_id = $1 AND u.disabled_at IS NULL ORDER BY u.id`, tenantID, string(role))
	if err != nil {
		return nil, apperr.Wrap(err, "role users")
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, "role users")
		}
		out = append(out, id)
	}
	return out, apperr.Wrap(rows.Err(), "role users")
}

// superiorOfAccountSQL finds the account of the direct superior of the
// employee an account belongs to; superiorOfEmployeeSQL that of an
// employee's direct superior. Either link may be missing.
const (
	superiorOfAccountSQL = `SELECT sup.user_id FROM user_employees me JOIN employees e ON e.id = me.employee_id
		JOIN user_employees sup ON sup.employee_id = e.superior_id WHERE me.user_id = $1`
	superiorOfEmployeeSQL = `SELECT sup.user_id FROM employees e JOIN user_employees sup ON sup.employee_id = e.superior_id WHERE e.id = $1`
)
