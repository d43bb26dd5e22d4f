package app

import (
	"context"
	"io"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// Employees returns a page of the caller's tenant's roster.
func (a *App) Employees(ctx context.Context, u identity.User, q store.EmployeeQuery) ([]roster.Employee, int, error) {
	if err := access.Check(u, access.ViewRoster); err != nil {
		return nil, 0, err
	}
	return a.Store.SearchEmployees(ctx, u.TenantID, q)
}

// EmployeeView is everything the employee page shows.
type EmployeeView struct {
	Employee         roster.Employee
	NIP              nip.NIP
	Chain            []roster.Employee // superiors, direct first
	Subordinates     []roster.Employee // direct reports, first page
	SubordinateCount int
	Positions        []roster.PositionRecord
	Authorities      []AuthorityView
	// Record is the disciplinary record, for those who see cases.
	Record []RecordEntry
	// Account is the username of the employee's account, for admins.
	Account string
	// Guidance is the employee's attendance at guidance sessions, latest
	// first.
	Guidance []store.EmployeeGuidance
}

// AuthorityView is who may impose one sanction on the employee.
type AuthorityView struct {
	discipline.Authority
	Official roster.Employee // filled when By is Official
	RuleInfo discipline.Rule
	// Text names the sanction as the government imposes it now: the
	// Ps 42 substitutes for sedang when its setting says so.
	Text discipline.SanctionText
}

// Employee returns an employee of the caller's tenant with superiors,
// direct reports, position history and who may sanction them.
func (a *App) Employee(ctx context.Context, u identity.User, id int64) (EmployeeView, error) {
	var v EmployeeView
	if err := access.Check(u, access.ViewRoster); err != nil {
		return v, err
	}
	var err error
	if v.Employee, err = a.Store.Employee(ctx, u.TenantID, id); err != nil {
		return v, err
	}
	v.NIP, _ = nip.Parse(v.Employee.NIP) // stored NIPs were checked on import
	if v.Chain, err = a.Store.SuperiorChain(ctx, u.TenantID, id); err != nil {
		return v, err
	}
	if v.Subordinates, v.SubordinateCount, err = a.Store.Subordinates(ctx, u.TenantID, id, 1, 0, 50); err != nil {
		return v, err
	}
	if v.Positions, err = a.Store.EmployeePositions(ctx, u.TenantID, id); err != nil {
		return v, err
	}
	if v.Guidance, err = a.Store.EmployeeGuidanceAttendance(ctx, u.TenantID, id, 50); err != nil {
		return v, err
	}
	if v.Authorities, err = a.authorities(ctx, u.TenantID, v.Employee, v.Chain); err != nil {
		return v, err
	}
	if access.Can(u, access.ViewCases) {
		if v.Record, err = a.sanctionRecord(ctx, u.TenantID, id, 0); err != nil {
			return v, err
		}
	}
	if access.Can(u, access.ManageUsers) {
		userID, err := a.Store.EmployeeUser(ctx, u.TenantID, id)
		if err != nil {
			return v, err
		}
		if userID != 0 {
			acc, err := a.Store.User(ctx, userID)
			if err != nil {
				return v, err
			}
			v.Account = acc.Username
		}
	}
	return v, nil
}

// AuthorityTable returns the tenant's authority table: the default with
// the tenant's choices on the configurable rules.
func (a *App) AuthorityTable(ctx context.Context, tenantID int64) (*discipline.Table, error) {
	overrides, err := a.Store.AuthorityOverrides(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	t, err := discipline.DefaultTable().With(overrides)
	if err != nil {
		// A rule renamed in a new release leaves a stale choice behind:
		// apply the law as read rather than refuse to answer.
		return discipline.DefaultTable(), nil
	}
	return t, nil
}

// authorities works out who may impose each sanction on e.
func (a *App) authorities(ctx context.Context, tenantID int64, e roster.Employee, chain []roster.Employee) ([]AuthorityView, error) {
	table, err := a.AuthorityTable(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	units, err := a.Store.Units(ctx, tenantID, true)
	if err != nil {
		return nil, err
	}
	parent := make(map[int64]int64, len(units))
	for _, un := range units {
		parent[un.ID] = un.ParentID
	}
	within := func(unit, ancestor int64) bool {
		for i := 0; unit != 0 && i < 64; i++ {
			if unit == ancestor {
				return true
			}
			unit = parent[unit]
		}
		return false
	}
	posts := make([]discipline.Post, len(chain))
	for i, c := range chain {
		posts[i] = post(c)
	}
	p, err := a.procedure(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	var out []AuthorityView
	for _, au := range table.Authorities(post(e), posts, within) {
		v := AuthorityView{Authority: au, Text: p.Text(au.Sanction)}
		if au.By == discipline.Official && au.Distance >= 1 && au.Distance <= len(chain) {
			v.Official = chain[au.Distance-1]
		}
		v.RuleInfo, _ = table.Rule(au.Rule)
		out = append(out, v)
	}
	return out, nil
}

func post(e roster.Employee) discipline.Post {
	return discipline.Post{EmployeeID: e.ID, Status: e.Status, Kind: e.Kind, Level: e.Level, UnitID: e.UnitID}
}

// AuthorityRules returns the tenant's authority table for display.
func (a *App) AuthorityRules(ctx context.Context, u identity.User) (*discipline.Table, error) {
	if err := access.Check(u, access.ViewRoster); err != nil {
		return nil, err
	}
	return a.AuthorityTable(ctx, u.TenantID)
}

// SetAuthorityRule switches a configurable rule on or off for the tenant.
func (a *App) SetAuthorityRule(ctx context.Context, u identity.User, ruleID string, enabled bool) error {
	if err := access.Check(u, access.ManageRoster); err != nil {
		return err
	}
	r, ok := discipline.DefaultTable().Rule(ruleID)
	if !ok {
		return apperr.New(apperr.NotFound, "authority.rule.not_found")
	}
	if !r.Unconfirmed {
		return apperr.New(apperr.Invalid, "authority.rule.fixed")
	}
	return a.Store.SetAuthorityOverride(ctx, actor(u), u.TenantID, ruleID, enabled)
}

// EmployeeImports returns the tenant's latest roster imports.
func (a *App) EmployeeImports(ctx context.Context, u identity.User) ([]roster.Import, error) {
	if err := access.Check(u, access.ManageRoster); err != nil {
		return nil, err
	}
	return a.Store.EmployeeImports(ctx, u.TenantID, 10)
}

// CheckImport is the permission check for an upload, done before the file
// is read.
func (a *App) CheckImport(u identity.User) error { return access.Check(u, access.ManageRoster) }

// ImportEmployees reads a roster file and imports it into the caller's
// tenant. A file that cannot be read at all is an Invalid error; problems
// in rows come back as problems, with nothing written unless validOnly.
func (a *App) ImportEmployees(ctx context.Context, u identity.User, file io.Reader, validOnly bool, progress func(done, total int)) (roster.Import, []roster.Problem, error) {
	if err := access.Check(u, access.ManageRoster); err != nil {
		return roster.Import{}, nil, err
	}
	rows, problems, err := roster.ReadCSV(file)
	if err != nil {
		return roster.Import{}, nil, apperr.InvalidField("file", "roster.file.unreadable", nil)
	}
	if len(rows) == 0 && len(problems) == 0 {
		return roster.Import{}, nil, apperr.InvalidField("file", "roster.import.empty", nil)
	}
	return a.Store.ImportEmployees(ctx, actor(u), u.TenantID, rows, store.ImportOptions{ValidOnly: validOnly, Skipped: problems, Progress: progress})
}

// Subordinates returns the first page of the employees levels below id.
func (a *App) Subordinates(ctx context.Context, u identity.User, id int64, levels int) ([]roster.Employee, int, error) {
	if err := access.Check(u, access.ViewRoster); err != nil {
		return nil, 0, err
	}
	if _, err := a.Store.Employee(ctx, u.TenantID, id); err != nil {
		return nil, 0, err
	}
	return a.Store.Subordinates(ctx, u.TenantID, id, levels, 0, 100)
}

// StartRosterJob keeps an uploaded roster file as a new import job of the
// caller and returns its ID; the caller runs it.
func (a *App) StartRosterJob(ctx context.Context, u identity.User, data []byte) (string, error) {
	if err := access.Check(u, access.ManageRoster); err != nil {
		return "", err
	}
	return a.Store.CreateRosterJob(ctx, u.TenantID, u.ID, data)
}

// RosterJob returns one of the caller's import jobs.
func (a *App) RosterJob(ctx context.Context, u identity.User, id string) (store.RosterJob, error) {
	if err := access.Check(u, access.ManageRoster); err != nil {
		return store.RosterJob{}, err
	}
	return a.Store.RosterJob(ctx, u.TenantID, u.ID, id)
}

// RestartRosterJob takes a job whose check found problems for its second
// step, importing the valid rows, and returns its file; taken is false
// when the job is not waiting for that step (already started, on this
// instance or another, or done).
func (a *App) RestartRosterJob(ctx context.Context, u identity.User, id string) (data []byte, taken bool, err error) {
	if err := access.Check(u, access.ManageRoster); err != nil {
		return nil, false, err
	}
	if _, err := a.Store.RosterJob(ctx, u.TenantID, u.ID, id); err != nil {
		return nil, false, err
	}
	if taken, err = a.Store.RestartRosterJob(ctx, u.TenantID, u.ID, id); err != nil || !taken {
		return nil, false, err
	}
	data, err = a.Store.RosterJobFile(ctx, u.TenantID, u.ID, id)
	return data, err == nil, err
}
