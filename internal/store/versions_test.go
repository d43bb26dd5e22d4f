package store_test

import (
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/nip"
	"sigap/internal/org"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// A change of a discipline case made at the version it was read at moves
// the version on; one made at an older version is refused and writes
// nothing; the expectation is for that one case only.
func TestCaseVersions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		if _, err := f.s.CreateUnit(ctx, a, f.kab.ID, org.UnitInput{Name: "Inspektorat", Kind: org.KindDinas}); err != nil {
			t.Fatal(err)
		}
		for _, raw := range []string{"198504042010031004", "198504042010031005"} {
			n, _ := nip.Parse(raw)
			if _, problems, err := f.s.ImportEmployees(ctx, store.System, f.kab.ID, []roster.Row{{Line: 2, NIP: n, Name: "Staf " + raw, Status: roster.PNS,
				Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active}}, store.ImportOptions{}); err != nil || len(problems) > 0 {
				t.Fatal(err, problems)
			}
			e, _ := f.s.EmployeeByNIP(ctx, f.kab.ID, n.String())
			if _, err := f.s.OpenCase(ctx, a, f.kab.ID, e.ID); err != nil {
				t.Fatal(err)
			}
		}
		cases, _, err := f.s.DisciplineCases(ctx, f.kab.ID, store.CaseQuery{Limit: 10})
		if err != nil || len(cases) != 2 {
			t.Fatal(err, len(cases))
		}
		one, other := cases[0], cases[1]
		cal, _ := f.s.Calendar(ctx, f.kab.ID)
		read := one.Version
		at := store.ExpectVersion(ctx, store.VersionCase, one.PublicID, read)
		if err := f.s.SetCaseHandler(at, a, f.kab.ID, one.PublicID, 0); err != nil {
			t.Fatal(err)
		}
		now, _ := f.s.DisciplineCaseByID(ctx, f.kab.ID, one.PublicID)
		if now.Version != read+1 {
			t.Fatalf("version %d after a change from %d", now.Version, read)
		}
		// Another page still holds the old version.
		informed := f.s.SetSuperiorInformed(at, a, f.kab.ID, one.PublicID, calendar.NewDate(2026, 3, 2), cal)
		if apperr.CodeOf(informed) != apperr.Conflict || apperr.As(informed).Key != "record.changed" {
			t.Fatalf("change at an old version: %v", informed)
		}
		if c, _ := f.s.DisciplineCaseByID(ctx, f.kab.ID, one.PublicID); c.Version != now.Version {
			t.Error("a refused change moved the version")
		}
		// The expectation names one case: another case is not held to it.
		if err := f.s.SetCaseHandler(at, a, f.kab.ID, other.PublicID, 0); err != nil {
			t.Errorf("another case refused: %v", err)
		}
	})
}
