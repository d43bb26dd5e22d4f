// Package demo fills a database with what a newcomer needs to try sigap:
// the national regions and holidays, the governments of Kabupaten Serang
// and Kota Serang with their offices, and one account per role. Seeding
// again adds nothing twice.
package demo

import (
	"context"
	"fmt"
	"strings"

	"sigap/internal/apperr"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/refdata"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// Password is the password of every demo account. It is printed on
// purpose: a demo database must never hold real cases.
const Password = "sigap-demo-2026"

// Tenant is one government of the demo.
type Tenant struct {
	Code, Slug, Name string
	Short            string // suffix of its demo usernames
	Employees        int    // size of its synthetic roster
}

// Tenants are the two first users of sigap.
var Tenants = []Tenant{
	{Code: "36.04", Slug: "kab-serang", Name: "Pemerintah Kabupaten Serang", Short: "kab", Employees: 3000},
	{Code: "36.73", Slug: "kota-serang", Name: "Pemerintah Kota Serang", Short: "kota", Employees: 2000},
}

// Account is a demo account.
type Account struct {
	Username string
	Tenant   string // slug, "" for installation accounts
	Role     identity.Role
}

// Result says what Seed did.
type Result struct {
	RegionsImported int
	UnitsCreated    int
	EmployeesAdded  int
	ReportsAdded    int // made-up reports for the desk, when the vault is loaded
	CasesAdded      int // discipline cases at different points of the procedure
	ProtectionAdded int // victim protection cases, one linked to a discipline case
	SessionsAdded   int // guidance sessions over the last year, with attendance and pledge signatures
	AccountsCreated int
	Accounts        []Account
}

// Seed brings the database to the demo state.
func Seed(ctx context.Context, s *store.Store) (Result, error) {
	var res Result
	var err error
	if res.RegionsImported, err = seedRegions(ctx, s); err != nil {
		return res, err
	}
	days, err := refdata.ParseHolidays(refdata.NationalHolidays())
	if err != nil {
		return res, err
	}
	if _, err := s.ImportHolidays(ctx, store.System, days); err != nil {
		return res, err
	}
	offices, err := refdata.ParseOffices(refdata.SerangOffices())
	if err != nil {
		return res, err
	}
	people := roster.NewSynth(2026, 2026) // one generator for both, so no NIP is in both rosters
	hash, err := identity.HashPassword(Password)
	if err != nil {
		return res, err
	}
	for _, dt := range Tenants {
		t, err := s.TenantByKey(ctx, dt.Slug)
		if apperr.Is(err, apperr.NotFound) {
			t, err = s.CreateTenant(ctx, store.System, dt.Code, dt.Slug, dt.Name)
		}
		if err != nil {
			return res, fmt.Errorf("tenant %s: %w", dt.Slug, err)
		}
		var units []org.UnitInput
		for _, o := range offices {
			if o.Tenant == dt.Slug {
				units = append(units, org.UnitInput{Name: o.Name, Abbreviation: o.Abbreviation, Kind: org.UnitKind(o.Kind)})
			}
		}
		n, err := s.EnsureUnits(ctx, store.System, t.ID, units)
		if err != nil {
			return res, fmt.Errorf("offices of %s: %w", dt.Slug, err)
		}
		res.UnitsCreated += n
		added, err := seedRoster(ctx, s, t.ID, dt.Employees, people)
		if err != nil {
			return res, fmt.Errorf("roster of %s: %w", dt.Slug, err)
		}
		res.EmployeesAdded += added
		reports, err := seedReports(ctx, s, t.ID)
		if err != nil {
			return res, fmt.Errorf("reports of %s: %w", dt.Slug, err)
		}
		res.ReportsAdded += reports
		for _, role := range identity.TenantRoles {
			acc := Account{Username: string(role) + "." + dt.Short, Tenant: dt.Slug, Role: role}
			name := fmt.Sprintf("Demo %s %s", titleCase(string(role)), strings.TrimPrefix(dt.Name, "Pemerintah "))
			if err := ensureAccount(ctx, s, t.ID, acc, name, hash, &res); err != nil {
				return res, err
			}
		}
		cases, err := seedCases(ctx, s, t.ID, "examiner."+dt.Short)
		if err != nil {
			return res, fmt.Errorf("cases of %s: %w", dt.Slug, err)
		}
		res.CasesAdded += cases
		protected, err := seedProtection(ctx, s, t.ID, t.RegionCode, "protection."+dt.Short)
		if err != nil {
			return res, fmt.Errorf("protection cases of %s: %w", dt.Slug, err)
		}
		res.ProtectionAdded += protected
		sessions, err := seedPrevention(ctx, s, t.ID)
		if err != nil {
			return res, fmt.Errorf("prevention of %s: %w", dt.Slug, err)
		}
		res.SessionsAdded += sessions
	}
	for _, role := range identity.InstallationRoles {
		acc := Account{Username: string(role), Role: role}
		if err := ensureAccount(ctx, s, 0, acc, "Demo "+titleCase(string(role)), hash, &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// seedRoster gives a tenant without employees a synthetic roster over its
// offices. The people are made up: names from a list, valid NIPs that
// belong to nobody.
func seedRoster(ctx context.Context, s *store.Store, tenantID int64, size int, people *roster.Synth) (int, error) {
	if n, err := s.EmployeeCount(ctx, tenantID); err != nil || n > 0 {
		return 0, err
	}
	units, err := s.Units(ctx, tenantID, false)
	if err != nil {
		return 0, err
	}
	var offices []roster.SynthUnit
	for _, u := range units {
		if u.ParentID == 0 {
			offices = append(offices, roster.SynthUnit{Name: u.Name, Kind: u.Kind})
		}
	}
	res, problems, err := s.ImportEmployees(ctx, store.System, tenantID, people.Roster(offices, size), store.ImportOptions{})
	if err != nil {
		return 0, err
	}
	if len(problems) > 0 {
		return 0, fmt.Errorf("synthetic roster: line %d: %s", problems[0].Line, problems[0].Key)
	}
	return res.Added, nil
}

// seedRegions loads the national regions unless they are all there already.
func seedRegions(ctx context.Context, s *store.Store) (int, error) {
	rows, err := refdata.ParseRegions(refdata.NationalRegions())
	if err != nil {
		return 0, err
	}
	counts, err := s.RegionCounts(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	if total >= len(rows) {
		return 0, nil
	}
	return s.ImportRegions(ctx, store.System, rows)
}

func ensureAccount(ctx context.Context, s *store.Store, tenantID int64, acc Account, name, hash string, res *Result) error {
	res.Accounts = append(res.Accounts, acc)
	_, _, err := s.UserForSignIn(ctx, acc.Username)
	if err == nil {
		return nil
	}
	if !apperr.Is(err, apperr.NotFound) {
		return err
	}
	u, err := s.CreateUser(ctx, store.System, store.NewUser{TenantID: tenantID, Username: acc.Username, DisplayName: name, Roles: []identity.Role{acc.Role}, PasswordHash: hash})
	if err != nil {
		return fmt.Errorf("account %s: %w", acc.Username, err)
	}
	if acc.Role == identity.Oversight {
		// The demo's oversight body watches Banten, the province of both
		// governments.
		if err := s.SetOversightScope(ctx, store.System, u.ID, "36"); err != nil {
			return fmt.Errorf("account %s: %w", acc.Username, err)
		}
	}
	res.AccountsCreated++
	return nil
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
