package app

import (
	"context"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/org"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// GuidanceSettings returns the government's guidance cadence and topics.
func (a *App) GuidanceSettings(ctx context.Context, u identity.User) (guidance.Settings, error) {
	if !access.Can(u, access.ManageGuidanceSettings) && !access.Can(u, access.ViewPrevention) {
		return guidance.Settings{}, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return a.Store.GuidanceSettings(ctx, u.TenantID)
}

// SetGuidanceSettings checks and records the cadence and the topics (one
// a line).
func (a *App) SetGuidanceSettings(ctx context.Context, u identity.User, cadence, topics string) error {
	if err := access.Check(u, access.ManageGuidanceSettings); err != nil {
		return err
	}
	c := guidance.Cadence(cadence)
	if !c.Valid() {
		return apperr.InvalidField("cadence", "guidance.error.cadence", nil)
	}
	ts, err := guidance.ParseTopics(topics)
	if err != nil {
		return err
	}
	return a.Store.SetGuidanceSettings(ctx, actor(u), u.TenantID, guidance.Settings{Cadence: c, Topics: ts})
}

// GuidancePeriodView is one period's sessions.
type GuidancePeriodView struct {
	Period       guidance.Period
	Sessions     []store.GuidanceSession
	Prev, Next   guidance.Period
	CanManage    bool
	Settings     guidance.Settings
	Today        calendar.Date
	IsCurrent    bool
	CurrentStart calendar.Date
}

// GuidanceSessions lists the sessions of the period that on falls in (the
// current one when on is empty).
func (a *App) GuidanceSessions(ctx context.Context, u identity.User, on string) (GuidancePeriodView, error) {
	var v GuidancePeriodView
	if err := access.Check(u, access.ViewPrevention); err != nil {
		return v, err
	}
	st, err := a.Store.GuidanceSettings(ctx, u.TenantID)
	if err != nil {
		return v, err
	}
	v.Today, v.Settings = a.today(), st
	day := v.Today
	if on != "" {
		if day, err = calendar.ParseDate(on); err != nil {
			return v, apperr.New(apperr.NotFound, "error.not_found")
		}
	}
	v.Period = guidance.PeriodOf(st.Cadence, day)
	v.Prev, v.Next = v.Period.Prev(), v.Period.Next()
	v.IsCurrent = v.Period.Contains(v.Today)
	v.CurrentStart = guidance.PeriodOf(st.Cadence, v.Today).Start
	v.CanManage = access.Can(u, access.ManagePrevention)
	v.Sessions, err = a.Store.GuidanceSessions(ctx, u.TenantID, v.Period.Start, v.Period.End)
	return v, err
}

// GuidanceSessionForm is the plan form as sent.
type GuidanceSessionForm struct {
	Unit, Date, Time         string
	Topics                   []string
	Place, Link, Facilitator string
	Audience, Kind           string
	// People are the employee IDs chosen for a 'named' audience; NIPs adds
	// more, one NIP a line.
	People []string
	NIPs   string
}

var clockRE = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// guidanceInput checks the form against the government's topics.
func (a *App) guidanceInput(ctx context.Context, u identity.User, f GuidanceSessionForm) (store.GuidanceSessionInput, error) {
	var in store.GuidanceSessionInput
	var fields apperr.Fields
	bad := fields.Add
	var err error
	if in.UnitID, err = strconv.ParseInt(f.Unit, 10, 64); err != nil || in.UnitID <= 0 {
		bad("unit", "guidance.error.unit", nil)
	} else if _, err := a.Store.Unit(ctx, u.TenantID, in.UnitID); err != nil {
		bad("unit", "guidance.error.unit", nil)
	}
	if in.HeldOn, err = calendar.ParseDate(strings.TrimSpace(f.Date)); err != nil {
		bad("date", "guidance.error.date", nil)
	}
	if in.StartsAt = strings.TrimSpace(f.Time); !clockRE.MatchString(in.StartsAt) {
		bad("time", "guidance.error.time", nil)
	}
	st, err := a.Store.GuidanceSettings(ctx, u.TenantID)
	if err != nil {
		return in, err
	}
	for _, t := range f.Topics {
		if slices.Contains(st.Topics, t) && !slices.Contains(in.Topics, t) {
			in.Topics = append(in.Topics, t)
		} else if !slices.Contains(st.Topics, t) {
			bad("topics", "guidance.error.topic_unknown", nil)
			break
		}
	}
	if len(in.Topics) == 0 && len(f.Topics) == 0 {
		bad("topics", "guidance.error.topics_none", nil)
	}
	in.Place, in.Link, in.Facilitator = strings.TrimSpace(f.Place), strings.TrimSpace(f.Link), strings.TrimSpace(f.Facilitator)
	for _, x := range []struct{ field, v string }{{"place", in.Place}, {"link", in.Link}, {"facilitator", in.Facilitator}} {
		if utf8.RuneCountInString(x.v) > guidance.MaxTextLen {
			bad(x.field, "guidance.error.too_long", map[string]any{"Max": guidance.MaxTextLen})
		}
	}
	if in.Place == "" && in.Link == "" {
		bad("place", "guidance.error.place", nil)
	}
	if in.Link != "" && !strings.HasPrefix(in.Link, "https://") && !strings.HasPrefix(in.Link, "http://") {
		bad("link", "guidance.error.link", nil)
	}
	if in.Facilitator == "" {
		bad("facilitator", "guidance.error.facilitator", nil)
	}
	in.Audience = guidance.Audience(f.Audience)
	switch in.Audience {
	case guidance.AllStaff:
	case guidance.PositionKind:
		in.AudienceKind = f.Kind
		if !slices.Contains(roster.PositionKinds, roster.PositionKind(f.Kind)) {
			bad("kind", "guidance.error.kind", nil)
		}
	case guidance.Named:
		seen := map[int64]bool{}
		add := func(id int64) {
			if !seen[id] {
				seen[id] = true
				in.People = append(in.People, id)
			}
		}
		for _, p := range f.People {
			id, err := strconv.ParseInt(p, 10, 64)
			if err != nil || id <= 0 {
				bad("people", "guidance.error.employee", nil)
				break
			}
			if _, err := a.Store.Employee(ctx, u.TenantID, id); err != nil {
				bad("people", "guidance.error.employee", nil)
				break
			}
			add(id)
		}
		for i, l := range strings.Split(f.NIPs, "\n") {
			l = strings.ReplaceAll(strings.TrimSpace(l), " ", "")
			if l == "" {
				continue
			}
			n, err := nip.Parse(l)
			if err != nil {
				bad("nips", "guidance.error.nip_line", map[string]any{"Line": i + 1})
				break
			}
			e, err := a.Store.EmployeeByNIP(ctx, u.TenantID, n.String())
			if err != nil {
				bad("nips", "guidance.error.nip_unknown", map[string]any{"Line": i + 1})
				break
			}
			add(e.ID)
		}
		if len(in.People) == 0 && fields.Err() == nil {
			bad("people", "guidance.error.people_none", nil)
		}
		if len(in.People) > guidance.MaxNamed {
			bad("people", "guidance.error.people_many", map[string]any{"Max": guidance.MaxNamed})
		}
	default:
		bad("audience", "guidance.error.audience", nil)
	}
	return in, fields.Err()
}

// GuidancePeople returns the employees of the given IDs for the plan form,
// skipping any that are not the government's.
func (a *App) GuidancePeople(ctx context.Context, u identity.User, ids []string) ([]roster.Employee, error) {
	if err := access.Check(u, access.ManagePrevention); err != nil {
		return nil, err
	}
	var out []roster.Employee
	seen := map[int64]bool{}
	for _, p := range ids {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil || seen[id] {
			continue
		}
		seen[id] = true
		if e, err := a.Store.Employee(ctx, u.TenantID, id); err == nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// FindGuidancePeople searches the roster by NIP or name for the plan
// form's people picker: active employees, at most 20.
func (a *App) FindGuidancePeople(ctx context.Context, u identity.User, q string) ([]roster.Employee, error) {
	if err := access.Check(u, access.ManagePrevention); err != nil {
		return nil, err
	}
	if strings.TrimSpace(q) == "" {
		return nil, nil
	}
	out, _, err := a.Store.SearchEmployees(ctx, u.TenantID, store.EmployeeQuery{Text: q, Limit: 20})
	return out, err
}

// PlanGuidanceSession checks the form and records the session.
func (a *App) PlanGuidanceSession(ctx context.Context, u identity.User, f GuidanceSessionForm) (int64, error) {
	if err := access.Check(u, access.ManagePrevention); err != nil {
		return 0, err
	}
	in, err := a.guidanceInput(ctx, u, f)
	if err != nil {
		return 0, err
	}
	return a.Store.PlanGuidanceSession(ctx, actor(u), u.TenantID, in)
}

// UpdateGuidanceSession checks the form and changes the session.
func (a *App) UpdateGuidanceSession(ctx context.Context, u identity.User, id int64, f GuidanceSessionForm) error {
	if err := access.Check(u, access.ManagePrevention); err != nil {
		return err
	}
	g, err := a.Store.GuidanceSession(ctx, u.TenantID, id)
	if err != nil {
		return err // another government's session is not found
	}
	if g.Cancelled {
		return apperr.New(apperr.Conflict, "guidance.error.cancelled")
	}
	in, err := a.guidanceInput(ctx, u, f)
	if err != nil {
		return err
	}
	if g.Held(a.today()) {
		// A held session is not rewritten: each locked field changed is
		// named beside it, and nothing is written.
		var fields apperr.Fields
		for _, f := range store.GuidanceLockedChanges(g.GuidanceSessionInput, in) {
			fields.Add(f, "guidance.error.held_field", nil)
		}
		if err := fields.Err(); err != nil {
			return err
		}
	}
	return a.Store.UpdateGuidanceSession(ctx, actor(u), u.TenantID, id, in)
}

// CancelGuidanceSession cancels the session; a held one is refused.
func (a *App) CancelGuidanceSession(ctx context.Context, u identity.User, id int64) error {
	if err := access.Check(u, access.ManagePrevention); err != nil {
		return err
	}
	g, err := a.Store.GuidanceSession(ctx, u.TenantID, id)
	if err != nil {
		return err
	}
	if g.Held(a.today()) {
		return apperr.New(apperr.Conflict, "guidance.error.held_cancel")
	}
	return a.Store.CancelGuidanceSession(ctx, actor(u), u.TenantID, id)
}

// GuidanceSessionView is a session with its audience.
type GuidanceSessionView struct {
	Session   store.GuidanceSession
	Members   []store.GuidanceMember
	Materials []store.GuidanceMaterial
	CanManage bool
	CodeOpen  bool
	// Held: the date has come and attendance is recorded; the office,
	// date, start, audience and topics are locked and it cannot be
	// cancelled.
	Held bool
}

// GuidanceSession returns the session and its audience as the roster stood
// on its date.
func (a *App) GuidanceSession(ctx context.Context, u identity.User, id int64) (GuidanceSessionView, error) {
	var v GuidanceSessionView
	if err := access.Check(u, access.ViewPrevention); err != nil {
		return v, err
	}
	var err error
	if v.Session, err = a.Store.GuidanceSession(ctx, u.TenantID, id); err != nil {
		return v, err
	}
	v.CanManage = access.Can(u, access.ManagePrevention) && !v.Session.Cancelled
	v.CodeOpen = v.Session.CodeUntil.After(a.Store.Now())
	v.Held = v.Session.Held(a.today())
	if v.Members, err = a.Store.GuidanceAudience(ctx, u.TenantID, v.Session); err != nil {
		return v, err
	}
	v.Materials, err = a.Store.GuidanceMaterials(ctx, u.TenantID, id)
	return v, err
}

// RecordGuidanceAttendance records the statuses ticked on the page (an
// empty status clears one); every person must be of the audience.
func (a *App) RecordGuidanceAttendance(ctx context.Context, u identity.User, id int64, marks map[int64]string) error {
	v, err := a.GuidanceSession(ctx, u, id)
	if err != nil {
		return err
	}
	if err := access.Check(u, access.ManagePrevention); err != nil {
		return err
	}
	in := map[int64]bool{}
	for _, m := range v.Members {
		in[m.EmployeeID] = true
	}
	out := map[int64]guidance.Status{}
	for emp, st := range marks {
		s := guidance.Status(st)
		if !in[emp] || (st != "" && !s.Valid()) {
			return apperr.New(apperr.Invalid, "guidance.error.attendance")
		}
		out[emp] = s
	}
	return a.Store.SetGuidanceAttendance(ctx, actor(u), u.TenantID, id, out, "tick")
}

// ImportGuidanceSheet reads a CSV sign-in sheet (a NIP column, optionally
// a status column; commas or semicolons) and records everyone in it. A
// sheet with any bad line records nothing and returns the problems by
// line.
func (a *App) ImportGuidanceSheet(ctx context.Context, u identity.User, id int64, file io.Reader) (int, []SheetProblem, error) {
	v, err := a.GuidanceSession(ctx, u, id)
	if err != nil {
		return 0, nil, err
	}
	if err := access.Check(u, access.ManagePrevention); err != nil {
		return 0, nil, err
	}
	data, err := io.ReadAll(io.LimitReader(file, 2<<20))
	if err != nil {
		return 0, nil, apperr.New(apperr.Invalid, "guidance.sheet.unreadable")
	}
	members := map[string]int64{}
	for _, m := range v.Members {
		members[m.NIP] = m.EmployeeID
	}
	marks, problems, err := readSheet(data, members)
	if err != nil || len(problems) > 0 {
		return 0, problems, err
	}
	return len(marks), nil, a.Store.SetGuidanceAttendance(ctx, actor(u), u.TenantID, id, marks, "import")
}

// OpenGuidanceCode gives the session a new check-in code to show at the
// session.
func (a *App) OpenGuidanceCode(ctx context.Context, u identity.User, id int64) (string, time.Time, error) {
	if err := access.Check(u, access.ManagePrevention); err != nil {
		return "", time.Time{}, err
	}
	return a.Store.OpenGuidanceCode(ctx, actor(u), u.TenantID, id)
}

var codeRE = regexp.MustCompile(`^\d{6}$`)

// GuidanceCheckIn records the caller's attendance at the session whose
// code they entered. The account must be linked to the roster; wrong codes
// count towards the same lock as failed sign-ins.
func (a *App) GuidanceCheckIn(ctx context.Context, u identity.User, code string) (store.GuidanceSession, guidance.Status, error) {
	var g store.GuidanceSession
	if u.ID == 0 || u.Disabled {
		return g, "", apperr.New(apperr.Forbidden, "error.forbidden")
	}
	emp, err := a.Store.UserEmployee(ctx, u.ID)
	if err != nil {
		return g, "", err
	}
	if emp == 0 {
		return g, "", apperr.New(apperr.Conflict, "guidance.error.not_linked")
	}
	key := "guidance-checkin/" + strconv.FormatInt(u.ID, 10)
	if until, err := a.Store.SignInLockedUntil(ctx, key); err != nil {
		return g, "", err
	} else if until.After(a.Store.Now()) {
		return g, "", apperr.New(apperr.TooMany, "guidance.error.locked")
	}
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if !codeRE.MatchString(code) {
		return g, "", apperr.InvalidField("code", "guidance.error.code_format", nil)
	}
	g, st, err := a.Store.GuidanceCheckIn(ctx, actor(u), u.TenantID, emp, code)
	if apperr.CodeOf(err) == apperr.NotFound {
		if _, lerr := a.Store.RecordSignInFailure(ctx, key); lerr != nil {
			return g, "", lerr
		}
		return g, "", apperr.InvalidField("code", "guidance.error.code", nil)
	}
	return g, st, err
}

// GuidanceCoverage is the matrix of offices × the last n periods.
func (a *App) GuidanceCoverage(ctx context.Context, u identity.User, n int) (store.Coverage, error) {
	if err := access.Check(u, access.ViewPrevention); err != nil {
		return store.Coverage{}, err
	}
	st, err := a.Store.GuidanceSettings(ctx, u.TenantID)
	if err != nil {
		return store.Coverage{}, err
	}
	if n < 1 || n > 24 {
		n = guidance.CoverPeriods
	}
	today := a.today()
	return a.Store.GuidanceCoverage(ctx, u.TenantID, guidance.Last(st.Cadence, today, n), today)
}

// WatchGuidance runs the guidance deadline watch for every government and
// returns how many were told.
func (a *App) WatchGuidance(ctx context.Context) (int, error) {
	tenants, err := a.Store.Tenants(ctx)
	if err != nil {
		return 0, err
	}
	told := 0
	for _, t := range tenants {
		ok, err := a.Store.WatchGuidance(ctx, t.ID, a.today())
		if err != nil {
			return told, err
		}
		if ok {
			told++
		}
	}
	return told, nil
}

// GuidanceUnits lists the government's active offices for the plan form.
func (a *App) GuidanceUnits(ctx context.Context, u identity.User) ([]org.Unit, error) {
	if err := access.Check(u, access.ViewPrevention); err != nil {
		return nil, err
	}
	return a.Store.Units(ctx, u.TenantID, false)
}
