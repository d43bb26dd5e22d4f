package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/guidance"
)

// wib is the time zone session dates and times are read in.
var wib = time.FixedZone("WIB", 7*3600)

// GuidanceSettings returns the tenant's guidance choices, the defaults
// where it has made none.
func (s *Store) GuidanceSettings(ctx context.Context, tenantID int64) (guidance.Settings, error) {
	var c, topics string
	err := s.db.R.QueryRowContext(ctx, `SELECT cadence, topics FROM guidance_settings WHERE tenant_id = $1`, tenantID).Scan(&c, &topics)
	if errors.Is(err, sql.ErrNoRows) {
		return guidance.DefaultSettings(), nil
	}
	if err != nil {
		return guidance.Settings{}, apperr.Wrap(err, "guidance settings")
	}
	return guidance.Settings{Cadence: guidance.Cadence(c), Topics: strings.Split(topics, "\n")}, nil
}

// SetGuidanceSettings records the tenant's choices, checked by the caller,
// with an audit event.
func (s *Store) SetGuidanceSettings(ctx context.Context, a Actor, tenantID int64, st guidance.Settings) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO guidance_settings (tenant_id, cadence, topics, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (tenant_id) DO UPDATE SET cadence = excluded.cadence, topics = excluded.topics,
				updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			tenantID, string(st.Cadence), strings.Join(st.Topics, "\n"), nullID(a.UserID), s.Now()); err != nil {
			return apperr.Wrap(err, "set guidance settings")
		}
		return s.audit(ctx, tx, tenantID, a, "guidance.settings", "tenant", itoa(tenantID))
	})
}

// GuidanceSessionInput is a session as the plan form gives it, checked by
// the caller.
type GuidanceSessionInput struct {
	UnitID       int64
	HeldOn       calendar.Date
	StartsAt     string // HH:MM, WIB
	Topics       []string
	Place        string
	Link         string
	Facilitator  string
	Audience     guidance.Audience
	AudienceKind string
	People       []int64 // the employees of a 'named' audience
}

// GuidanceSession is a planned, held or cancelled session.
type GuidanceSession struct {
	ID       int64
	UnitName string
	GuidanceSessionInput
	Cancelled bool
	CodeUntil time.Time // zero when no code was opened
	Attended  int       // present or late
	Recorded  int       // any status
	Named     int       // the people of a 'named' audience
}

// Held reports whether the session took place by today (WIB): see
// guidance.IsHeld.
func (g GuidanceSession) Held(today calendar.Date) bool {
	return !g.Cancelled && guidance.IsHeld(g.HeldOn, today, g.Recorded)
}

// Starts is when the session begins.
func (g GuidanceSession) Starts() time.Time {
	t := g.HeldOn.Time(wib)
	var h, m int
	fmt.Sscanf(g.StartsAt, "%d:%d", &h, &m)
	return t.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

const guidanceSessionCols = `g.id, u.name, g.unit_id, g.held_on, g.starts_at, g.topics, g.place, g.link, g.facilitator, g.audience,
	g.audience_kind, g.cancelled, g.code_until,
	(SELECT COUNT(*) FROM guidance_attendance a WHERE a.session_id = g.id AND a.status IN ('present','late')),
	(SELECT COUNT(*) FROM guidance_attendance a WHERE a.session_id = g.id),
	(SELECT COUNT(*) FROM guidance_session_people n WHERE n.session_id = g.id)`

func scanGuidanceSession(row interface{ Scan(...any) error }) (GuidanceSession, error) {
	var g GuidanceSession
	var topics, aud string
	var until sql.NullTime
	err := row.Scan(&g.ID, &g.UnitName, &g.UnitID, &g.HeldOn, &g.StartsAt, &topics, &g.Place, &g.Link, &g.Facilitator, &aud,
		&g.AudienceKind, &g.Cancelled, &until, &g.Attended, &g.Recorded, &g.Named)
	g.Topics, g.Audience, g.CodeUntil = strings.Split(topics, "\n"), guidance.Audience(aud), until.Time
	return g, err
}

// checkGuidanceUnit fails unless the unit is the tenant's.
func (s *Store) checkGuidanceUnit(ctx context.Context, tx *sql.Tx, tenantID, unitID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE id = $1 AND tenant_id = $2`, unitID, tenantID).Scan(&n); err != nil {
		return apperr.Wrap(err, "guidance unit")
	}
	if n == 0 {
		return apperr.InvalidField("unit", "guidance.error.unit", nil)
	}
	return nil
}

// PlanGuidanceSession records a new session with an audit event.
func (s *Store) PlanGuidanceSession(ctx context.Context, a Actor, tenantID int64, in GuidanceSessionInput) (int64, error) {
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkGuidanceUnit(ctx, tx, tenantID, in.UnitID); err != nil {
			return err
		}
		now := s.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO guidance_sessions (tenant_id, unit_id, held_on, starts_at, topics, place, link,
				facilitator, audience, audience_kind, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			tenantID, in.UnitID, in.HeldOn, in.StartsAt, strings.Join(in.Topics, "\n"), in.Place, in.Link, in.Facilitator,
			string(in.Audience), in.AudienceKind, nullID(a.UserID), now).Scan(&id); err != nil {
			return apperr.Wrap(err, "plan guidance session")
		}
		if err := s.setGuidancePeople(ctx, tx, tenantID, id, in); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "guidance.session.plan", "guidance_session", itoa(id))
	})
	return id, err
}

// UpdateGuidanceSession changes a session that is not cancelled, with an
// audit event. A held session (guidance.IsHeld) keeps its office, date,
// start, audience and topics: a change to any of them is refused with
// nothing written.
func (s *Store) UpdateGuidanceSession(ctx context.Context, a Actor, tenantID, id int64, in GuidanceSessionInput) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkGuidanceUnit(ctx, tx, tenantID, in.UnitID); err != nil {
			return err
		}
		g, err := scanGuidanceSession(tx.QueryRowContext(ctx, `SELECT `+guidanceSessionCols+`
			FROM guidance_sessions g JOIN units u ON u.id = g.unit_id WHERE g.id = $1 AND g.tenant_id = $2`, id, tenantID))
		if err != nil {
			return notFound(err, "guidance.error.session_not_found", "guidance session")
		}
		if g.Cancelled {
			return apperr.New(apperr.NotFound, "guidance.error.session_not_found") // as before: a cancelled session is not changed
		}
		if g.Held(calendar.DateOf(s.Now(), wib)) {
			people, err := guidancePeopleIDs(ctx, tx, id)
			if err != nil {
				return err
			}
			g.People = people
			if len(GuidanceLockedChanges(g.GuidanceSessionInput, in)) > 0 {
				return apperr.New(apperr.Conflict, "guidance.error.held")
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE guidance_sessions SET unit_id = $3, held_on = $4, starts_at = $5, topics = $6, place = $7,
				link = $8, facilitator = $9, audience = $10, audience_kind = $11, updated_at = $12
			WHERE id = $1 AND tenant_id = $2 AND cancelled = $13`,
			id, tenantID, in.UnitID, in.HeldOn, in.StartsAt, strings.Join(in.Topics, "\n"), in.Place, in.Link, in.Facilitator,
			string(in.Audience), in.AudienceKind, s.Now(), false)
		if err != nil {
			return apperr.Wrap(err, "update guidance session")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "guidance.error.session_not_found")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM guidance_session_people WHERE session_id = $1`, id); err != nil {
			return apperr.Wrap(err, "clear guidance people")
		}
		if err := s.setGuidancePeople(ctx, tx, tenantID, id, in); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "guidance.session.edit", "guidance_session", itoa(id))
	})
}

// GuidanceLockedChanges lists the form fields (guidance.LockedFields) in
// which next differs from cur.
func GuidanceLockedChanges(cur, next GuidanceSessionInput) []string {
	var out []string
	if cur.UnitID != next.UnitID {
		out = append(out, "unit")
	}
	if cur.HeldOn != next.HeldOn {
		out = append(out, "date")
	}
	if cur.StartsAt != next.StartsAt {
		out = append(out, "time")
	}
	samePeople := len(cur.People) == len(next.People)
	if samePeople {
		a, b := slices.Sorted(slices.Values(cur.People)), slices.Sorted(slices.Values(next.People))
		samePeople = slices.Equal(a, b)
	}
	if cur.Audience != next.Audience || cur.AudienceKind != next.AudienceKind || !samePeople {
		out = append(out, "audience")
	}
	if !slices.Equal(cur.Topics, next.Topics) {
		out = append(out, "topics")
	}
	return out
}

// setGuidancePeople records the people of a 'named' audience; each must
// be an employee of the tenant.
func (s *Store) setGuidancePeople(ctx context.Context, tx *sql.Tx, tenantID, id int64, in GuidanceSessionInput) error {
	if in.Audience != guidance.Named {
		return nil
	}
	if len(in.People) == 0 {
		return apperr.InvalidField("people", "guidance.error.people_none", nil)
	}
	if len(in.People) > guidance.MaxNamed {
		return apperr.InvalidField("people", "guidance.error.people_many", map[string]any{"Max": guidance.MaxNamed})
	}
	for _, e := range in.People {
		res, err := tx.ExecContext(ctx, `INSERT INTO guidance_session_people (session_id, employee_id)
			SELECT $1, e.id FROM employees e WHERE e.id = $2 AND e.tenant_id = $3 ON CONFLICT DO NOTHING`, id, e, tenantID)
		if err != nil {
			return apperr.Wrap(err, "guidance people")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var dup int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM guidance_session_people WHERE session_id = $1 AND employee_id = $2`, id, e).Scan(&dup); err != nil {
				return apperr.Wrap(err, "guidance people")
			}
			if dup == 0 {
				return apperr.InvalidField("people", "guidance.error.employee", nil)
			}
		}
	}
	return nil
}

func guidancePeopleIDs(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT employee_id FROM guidance_session_people WHERE session_id = $1 ORDER BY employee_id`, id)
	if err != nil {
		return nil, apperr.Wrap(err, "guidance people")
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var e int64
		if err := rows.Scan(&e); err != nil {
			return nil, apperr.Wrap(err, "scan guidance people")
		}
		out = append(out, e)
	}
	return out, apperr.Wrap(rows.Err(), "guidance people")
}

// CancelGuidanceSession cancels a session, closing its code, with an audit
// event; a held session (guidance.IsHeld) is not cancelled. Attendance already recorded stays but no longer counts.
func (s *Store) CancelGuidanceSession(ctx context.Context, a Actor, tenantID, id int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		g, err := scanGuidanceSession(tx.QueryRowContext(ctx, `SELECT `+guidanceSessionCols+`
			FROM guidance_sessions g JOIN units u ON u.id = g.unit_id WHERE g.id = $1 AND g.tenant_id = $2`, id, tenantID))
		if err != nil {
			return notFound(err, "guidance.error.session_not_found", "guidance session")
		}
		if g.Held(calendar.DateOf(s.Now(), wib)) {
			return apperr.New(apperr.Conflict, "guidance.error.held_cancel")
		}
		res, err := tx.ExecContext(ctx, `UPDATE guidance_sessions SET cancelled = $3, code_hash = '', code_until = NULL, updated_at = $4
			WHERE id = $1 AND tenant_id = $2 AND cancelled = $5`, id, tenantID, true, s.Now(), false)
		if err != nil {
			return apperr.Wrap(err, "cancel guidance session")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "guidance.error.session_not_found")
		}
		return s.audit(ctx, tx, tenantID, a, "guidance.session.cancel", "guidance_session", itoa(id))
	})
}

// GuidanceSession returns one session of the tenant.
func (s *Store) GuidanceSession(ctx context.Context, tenantID, id int64) (GuidanceSession, error) {
	g, err := scanGuidanceSession(s.db.R.QueryRowContext(ctx, `SELECT `+guidanceSessionCols+`
		FROM guidance_sessions g JOIN units u ON u.id = g.unit_id WHERE g.id = $1 AND g.tenant_id = $2`, id, tenantID))
	if err == nil && g.Audience == guidance.Named {
		g.People, err = guidancePeopleIDs(ctx, s.db.R, id)
		return g, err
	}
	return g, notFound(err, "guidance.error.session_not_found", "guidance session")
}

// GuidanceSessions returns the tenant's sessions held between from and to
// (inclusive), by date and office.
func (s *Store) GuidanceSessions(ctx context.Context, tenantID int64, from, to calendar.Date) ([]GuidanceSession, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+guidanceSessionCols+`
		FROM guidance_sessions g JOIN units u ON u.id = g.unit_id
		WHERE g.tenant_id = $1 AND g.held_on >= $2 AND g.held_on <= $3 ORDER BY g.held_on, u.name, g.id`, tenantID, from, to)
	if err != nil {
		return nil, apperr.Wrap(err, "guidance sessions")
	}
	defer rows.Close()
	var out []GuidanceSession
	for rows.Next() {
		g, err := scanGuidanceSession(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan guidance session")
		}
		out = append(out, g)
	}
	return out, apperr.Wrap(rows.Err(), "guidance sessions")
}

// GuidanceMember is one person of a session's audience, as the roster
// stood on the session date, with the attendance recorded (empty: none).
type GuidanceMember struct {
	EmployeeID int64
	NIP        string
	Name       string
	Position   string
	Status     guidance.Status
	How        string
}

// GuidanceAudience lists the session's audience: the people whose position
// on the session date was in its office (and of its position kind when the
// audience is one kind), or the people named for a 'named' session, and
// anyone else whose attendance was recorded.
func (s *Store) GuidanceAudience(ctx context.Context, tenantID int64, g GuidanceSession) ([]GuidanceMember, error) {
	end := g.HeldOn.AddDays(1).Time(wib)
	q := `SELECT e.id, e.nip, e.name, p.position, COALESCE(a.status, ''), COALESCE(a.how, '')
		FROM employee_positions p JOIN employees e ON e.id = p.employee_id
		LEFT JOIN guidance_attendance a ON a.session_id = $4 AND a.employee_id = e.id
		WHERE e.tenant_id = $1 AND p.unit_id = $2 AND p.state = 'active' AND ($5 = '' OR p.position_kind = $5)
		  AND p.id = (SELECT MAX(q.id) FROM employee_positions q WHERE q.employee_id = p.employee_id AND q.recorded_at < $3)
		UNION
		SELECT e.id, e.nip, e.name, e.position, a.status, a.how
		FROM guidance_attendance a JOIN employees e ON e.id = a.employee_id WHERE a.session_id = $4
		ORDER BY 3, 2`
	args := []any{tenantID, g.UnitID, end, g.ID, audienceKind(g)}
	if g.Audience == guidance.Named {
		// The people named, wherever they work, and anyone else recorded.
		q = `SELECT e.id, e.nip, e.name, e.position, COALESCE(a.status, ''), COALESCE(a.how, '')
		FROM guidance_session_people n JOIN employees e ON e.id = n.employee_id
		LEFT JOIN guidance_attendance a ON a.session_id = n.session_id AND a.employee_id = e.id
		WHERE n.session_id = $2 AND e.tenant_id = $1
		UNION
		SELECT e.id, e.nip, e.name, e.position, a.status, a.how
		FROM guidance_attendance a JOIN employees e ON e.id = a.employee_id WHERE a.session_id = $2
		ORDER BY 3, 2`
		args = []any{tenantID, g.ID}
	}
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "guidance audience")
	}
	defer rows.Close()
	var out []GuidanceMember
	seen := map[int64]bool{}
	for rows.Next() {
		var m GuidanceMember
		var st string
		if err := rows.Scan(&m.EmployeeID, &m.NIP, &m.Name, &m.Position, &st, &m.How); err != nil {
			return nil, apperr.Wrap(err, "scan guidance audience")
		}
		m.Status = guidance.Status(st)
		if seen[m.EmployeeID] {
			continue
		}
		seen[m.EmployeeID] = true
		out = append(out, m)
	}
	return out, apperr.Wrap(rows.Err(), "guidance audience")
}

func audienceKind(g GuidanceSession) string {
	if g.Audience == guidance.PositionKind {
		return g.AudienceKind
	}
	return ""
}

// SetGuidanceAttendance records the statuses of the given employees at a
// session (how: tick, import), with one audit event. The employees must
// be the tenant's; the caller checked they belong to the audience.
func (s *Store) SetGuidanceAttendance(ctx context.Context, a Actor, tenantID, sessionID int64, marks map[int64]guidance.Status, how string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var cancelled bool
		err := tx.QueryRowContext(ctx, `SELECT cancelled FROM guidance_sessions WHERE id = $1 AND tenant_id = $2`, sessionID, tenantID).Scan(&cancelled)
		if err != nil {
			return notFound(err, "guidance.error.session_not_found", "guidance session")
		}
		if cancelled {
			return apperr.New(apperr.Conflict, "guidance.error.cancelled")
		}
		ids := make([]int64, 0, len(marks))
		for id := range marks {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		now := s.Now()
		for _, id := range ids {
			st := marks[id]
			if st == "" {
				if _, err := tx.ExecContext(ctx, `DELETE FROM guidance_attendance WHERE session_id = $1 AND employee_id = $2`, sessionID, id); err != nil {
					return apperr.Wrap(err, "clear attendance")
				}
				continue
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO guidance_attendance (session_id, employee_id, status, how, recorded_by, recorded_at)
				SELECT $1, e.id, $3, $4, $5, $6 FROM employees e WHERE e.id = $2 AND e.tenant_id = $7
				ON CONFLICT (session_id, employee_id) DO UPDATE SET status = excluded.status, how = excluded.how,
					recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
				sessionID, id, string(st), how, nullID(a.UserID), now, tenantID)
			if err != nil {
				return apperr.Wrap(err, "record attendance")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return apperr.New(apperr.Invalid, "guidance.error.employee")
			}
		}
		return s.audit(ctx, tx, tenantID, a, "guidance.attendance", "guidance_session", itoa(sessionID))
	})
}

func guidanceCodeHash(tenantID int64, code string) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("guidance:%d:%s", tenantID, code)))
	return hex.EncodeToString(h[:])
}

// OpenGuidanceCode gives a session a new check-in code valid for
// guidance.CodeMinutes, replacing any earlier one, with an audit event.
// Only the code's hash is kept; the code is returned to be shown.
func (s *Store) OpenGuidanceCode(ctx context.Context, a Actor, tenantID, sessionID int64) (string, time.Time, error) {
	var code string
	until := s.Now().Add(guidance.CodeMinutes * time.Minute)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for range 20 {
			n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
			if err != nil {
				return apperr.Wrap(err, "check-in code")
			}
			code = fmt.Sprintf("%06d", n.Int64())
			var clash int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM guidance_sessions WHERE tenant_id = $1 AND code_hash = $2 AND code_until > $3`,
				tenantID, guidanceCodeHash(tenantID, code), s.Now()).Scan(&clash); err != nil {
				return apperr.Wrap(err, "check-in code")
			}
			if clash == 0 {
				break
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE guidance_sessions SET code_hash = $3, code_until = $4 WHERE id = $1 AND tenant_id = $2 AND cancelled = $5`,
			sessionID, tenantID, guidanceCodeHash(tenantID, code), until, false)
		if err != nil {
			return apperr.Wrap(err, "open check-in code")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "guidance.error.session_not_found")
		}
		return s.audit(ctx, tx, tenantID, a, "guidance.code.open", "guidance_session", itoa(sessionID))
	})
	return code, until, err
}

// GuidanceCheckIn records the employee's own attendance at the session
// whose open code is code: present, or late when guidance.LateMinutes
// after the start have passed. The employee must be of the session's
// audience. It returns the session.
func (s *Store) GuidanceCheckIn(ctx context.Context, a Actor, tenantID, employeeID int64, code string) (GuidanceSession, guidance.Status, error) {
	var g GuidanceSession
	var st guidance.Status
	var id int64
	err := s.db.R.QueryRowContext(ctx, `SELECT id FROM guidance_sessions WHERE tenant_id = $1 AND code_hash = $2 AND code_until > $3 AND cancelled = $4`,
		tenantID, guidanceCodeHash(tenantID, code), s.Now(), false).Scan(&id)
	if err != nil {
		return g, st, notFound(err, "guidance.error.code", "check-in code")
	}
	if g, err = s.GuidanceSession(ctx, tenantID, id); err != nil {
		return g, st, err
	}
	members, err := s.GuidanceAudience(ctx, tenantID, g)
	if err != nil {
		return g, st, err
	}
	in := false
	for _, m := range members {
		if m.EmployeeID == employeeID {
			in = true
			if m.Status.Attended() {
				return g, m.Status, nil // already checked in
			}
		}
	}
	if !in {
		if g.Audience == guidance.Named {
			return g, st, apperr.New(apperr.Conflict, "guidance.error.not_named")
		}
		return g, st, apperr.New(apperr.Conflict, "guidance.error.not_audience")
	}
	st = guidance.Present
	if s.Now().After(g.Starts().Add(guidance.LateMinutes * time.Minute)) {
		st = guidance.Late
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO guidance_attendance (session_id, employee_id, status, how, recorded_by, recorded_at)
			VALUES ($1, $2, $3, 'self', $4, $5)
			ON CONFLICT (session_id, employee_id) DO UPDATE SET status = excluded.status, how = excluded.how,
				recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
			id, employeeID, string(st), nullID(a.UserID), s.Now()); err != nil {
			return apperr.Wrap(err, "check in")
		}
		return s.audit(ctx, tx, tenantID, a, "guidance.checkin", "guidance_session", itoa(id))
	})
	return g, st, err
}

// EmployeeGuidance is one session an employee's attendance was recorded at.
type EmployeeGuidance struct {
	SessionID int64
	HeldOn    calendar.Date
	UnitName  string
	Topics    []string
	Status    guidance.Status
}

// EmployeeGuidanceAttendance lists the employee's recorded attendance at
// sessions not cancelled, newest first.
func (s *Store) EmployeeGuidanceAttendance(ctx context.Context, tenantID, employeeID int64, limit int) ([]EmployeeGuidance, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT g.id, g.held_on, u.name, g.topics, a.status
		FROM guidance_attendance a JOIN guidance_sessions g ON g.id = a.session_id JOIN units u ON u.id = g.unit_id
		WHERE a.employee_id = $1 AND g.tenant_id = $2 AND g.cancelled = $3 ORDER BY g.held_on DESC, g.id DESC LIMIT $4`,
		employeeID, tenantID, false, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "employee guidance")
	}
	defer rows.Close()
	var out []EmployeeGuidance
	for rows.Next() {
		var e EmployeeGuidance
		var topics, st string
		if err := rows.Scan(&e.SessionID, &e.HeldOn, &e.UnitName, &topics, &st); err != nil {
			return nil, apperr.Wrap(err, "scan employee guidance")
		}
		e.Topics, e.Status = strings.Split(topics, "\n"), guidance.Status(st)
		out = append(out, e)
	}
	return out, apperr.Wrap(rows.Err(), "employee guidance")
}
