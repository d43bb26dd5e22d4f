package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"sigap/internal/db"
	"sigap/internal/demo"
	"sigap/internal/identity"
	"sigap/internal/refdata"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// Seeding twice leaves the same data: nothing duplicated, nothing lost.
func TestSeedIsIdempotent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := store.New(d, nil)
		// With the vault loaded, as sigap runs: reports and protection
		// cases are sealed.
		m, err := vault.GenerateMasterKeyFile(filepath.Join(t.TempDir(), "master.key"))
		if err != nil {
			t.Fatal(err)
		}
		s.UseVault(m)
		first, err := demo.Seed(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if first.RegionsImported != 91599 {
			t.Errorf("imported %d regions, want 91599", first.RegionsImported)
		}
		wantAccounts := 2*len(identity.TenantRoles) + len(identity.InstallationRoles)
		if first.AccountsCreated != wantAccounts {
			t.Errorf("created %d accounts, want %d", first.AccountsCreated, wantAccounts)
		}
		offices, _ := refdata.ParseOffices(refdata.SerangOffices())
		if first.UnitsCreated != len(offices) {
			t.Errorf("created %d units, want %d", first.UnitsCreated, len(offices))
		}
		if first.EmployeesAdded != 5000 {
			t.Errorf("added %d employees, want 3,000 + 2,000", first.EmployeesAdded)
		}
		if first.CasesAdded != 6 {
			t.Errorf("added %d discipline cases, want 3 per government", first.CasesAdded)
		}
		if first.ProtectionAdded != 6 {
			t.Errorf("added %d protection cases, want 3 per government", first.ProtectionAdded)
		}
		// Prevention differs from office to office: some held nothing,
		// some every quarter; part of the staff signed the pledge.
		if first.SessionsAdded == 0 {
			t.Error("no guidance sessions")
		}
		var signed, staff, tops, heldIn int
		d.R.QueryRow(`SELECT COUNT(*) FROM pledge_signatures`).Scan(&signed)
		d.R.QueryRow(`SELECT COUNT(*) FROM employees`).Scan(&staff)
		d.R.QueryRow(`SELECT COUNT(*) FROM units WHERE parent_id IS NULL`).Scan(&tops)
		d.R.QueryRow(`SELECT COUNT(DISTINCT unit_id) FROM guidance_sessions`).Scan(&heldIn)
		if signed == 0 || signed >= staff || heldIn == 0 || heldIn >= tops {
			t.Errorf("prevention the same everywhere: %d of %d signed, sessions in %d of %d offices", signed, staff, heldIn, tops)
		}
		// The oversight account watches Banten.
		o, _, err := s.UserForSignIn(ctx, "oversight")
		if err != nil {
			t.Fatal(err)
		}
		if region, ok, _ := s.OversightScope(ctx, o.ID); !ok || region != "36" {
			t.Errorf("oversight watches %q (%v), want Banten", region, ok)
		}
		// One per government is linked to an open discipline case, which
		// the examiner reads it from.
		var linked int
		d.R.QueryRow(`SELECT COUNT(*) FROM protection_perpetrators WHERE discipline_case_id IS NOT NULL`).Scan(&linked)
		if linked != 2 {
			t.Errorf("%d protection cases linked to a discipline case, want one per government", linked)
		}
		second, err := demo.Seed(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if second.RegionsImported != 0 || second.UnitsCreated != 0 || second.AccountsCreated != 0 || second.EmployeesAdded != 0 || second.CasesAdded != 0 || second.ProtectionAdded != 0 || second.SessionsAdded != 0 {
			t.Errorf("second seed changed things: %+v", second)
		}
		ts, _ := s.Tenants(ctx)
		if len(ts) != 2 {
			t.Fatalf("%d tenants", len(ts))
		}
		u, hash, err := s.UserForSignIn(ctx, "admin.kab")
		if err != nil || !identity.CheckPassword(demo.Password, hash) || u.TenantID != ts[0].ID || !u.Has(identity.Admin) {
			t.Errorf("demo admin: %+v %v", u, err)
		}
	})
}
