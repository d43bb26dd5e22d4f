package store_test

import (
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/pledge"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// The rollup counts each government of the watched region from its own
// rows: this year's reports (a merged duplicate once), the offices that
// held guidance (through a sub-office), the staff who signed the newest
// pledge, the government's own threshold; a region without governments
// watches none.
func TestOversightFigures(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		s, kab := f.s, f.kab.ID
		*f.clock = time.Date(2025, 11, 3, 3, 0, 0, 0, time.UTC)
		s.CreateReport(ctx, store.System, kab, checkedReport(t, "anonymous")) // last year
		*f.clock = time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
		rows := importSmallRoster(t, f, 80)
		desk := store.Actor{UserID: newUser(t, f, kab, "meja", identity.Intake).ID, TenantID: kab}
		a, _, _ := s.CreateReport(ctx, store.System, kab, checkedReport(t, "anonymous"))
		b, _, _ := s.CreateReport(ctx, store.System, kab, checkedReport(t, "anonymous"))
		s.CreateReport(ctx, store.System, f.kot.ID, checkedReport(t, "anonymous"))
		if err := s.MergeReport(ctx, desk, kab, b.PublicID, a.PublicID); err != nil {
			t.Fatal(err)
		}
		units, _ := s.Units(ctx, kab, false)
		var office org.Unit
		for _, u := range units {
			if u.Name == "Dinas Pendidikan dan Kebudayaan" {
				office = u
			}
		}
		sub, err := s.CreateUnit(ctx, store.System, kab, org.UnitInput{ParentID: office.ID, Name: "Bidang Uji", Kind: org.KindSubunit})
		if err != nil {
			t.Fatal(err)
		}
		e, _ := s.EmployeeByNIP(ctx, kab, rows[0].NIP.String())
		officer := store.Actor{UserID: newUser(t, f, kab, "pembina", identity.Prevention).ID, TenantID: kab}
		id, err := s.PlanGuidanceSession(ctx, officer, kab, store.GuidanceSessionInput{UnitID: sub.ID, HeldOn: calendar.NewDate(2026, 3, 2), StartsAt: "09:00",
			Topics: []string{"Etika"}, Audience: guidance.AllStaff})
		if err != nil {
			t.Fatal(err)
		}
		s.SetGuidanceAttendance(ctx, officer, kab, id, map[int64]guidance.Status{e.ID: guidance.Present}, "tick")
		v, _ := s.AddPledgeVersion(ctx, officer, kab, "Pakta", "Teks")
		s.AddPledgeSignature(ctx, store.System, kab, store.PledgeSignature{EmployeeID: e.ID, VersionID: v.ID, Method: "electronic", Statement: pledge.Statement, SHA256: pledge.Hash(v.Body)})
		protectionFixture(t, f) // one victim, February 2026
		if err := s.SetStatsMin(ctx, officer, kab, 5); err != nil {
			t.Fatal(err)
		}

		today := calendar.NewDate(2026, 3, 2)
		got, err := s.OversightFigures(ctx, "36", 2026, today)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Tenant.ID != kab || got[1].Tenant.ID != f.kot.ID {
			t.Fatalf("governments of Banten: %+v", got)
		}
		k := got[0]
		for _, c := range []struct {
			name      string
			got, want int
		}{
			{"reports", k.Reports, 1}, {"other government's reports", got[1].Reports, 1},
			{"offices", k.Offices, len(rosterUnits)}, {"offices held", k.OfficesHeld, 1},
			{"staff", k.Staff, countActive(rows)}, {"signed", k.Signed, 1},
			{"threshold", k.Least, 5}, {"other government's threshold (none set)", got[1].Least, 0},
			{"cases", k.Cases, 0}, {"victims", k.Victims, 1}, {"protection cases", k.ProtectionCases, 1},
		} {
			if c.got != c.want {
				t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
			}
		}
		// A signature older than the government's renewal period no longer
		// counts; a newer version of the text leaves it behind too.
		if err := s.SetPledgeSettings(ctx, officer, kab, store.PledgeSettings{RenewMonths: 1}); err != nil {
			t.Fatal(err)
		}
		*f.clock = time.Date(2026, 5, 2, 3, 0, 0, 0, time.UTC)
		if got, _ := s.OversightFigures(ctx, "36", 2026, today); got[0].Signed != 0 {
			t.Errorf("a lapsed signature counted: %d", got[0].Signed)
		}
		s.SetPledgeSettings(ctx, officer, kab, store.PledgeSettings{})
		if got, _ := s.OversightFigures(ctx, "36", 2026, today); got[0].Signed != 1 {
			t.Errorf("without renewal: %d signed", got[0].Signed)
		}
		s.AddPledgeVersion(ctx, officer, kab, "Pakta", "Teks baru")
		if got, _ := s.OversightFigures(ctx, "36", 2026, today); got[0].Signed != 0 {
			t.Errorf("a signature of an older version counted: %d", got[0].Signed)
		}
		if last, _ := s.OversightFigures(ctx, "36", 2025, today); last[0].Reports != 1 || last[0].OfficesHeld != 0 {
			t.Errorf("2025: %+v", last[0])
		}
		if all, _ := s.OversightFigures(ctx, "", 2026, today); len(all) != 2 {
			t.Errorf("national: %d governments", len(all))
		}
		if none, _ := s.OversightFigures(ctx, "32", 2026, today); len(none) != 0 {
			t.Errorf("West Java: %d governments", len(none))
		}

		// The scope of an oversight account: none, then set and changed.
		o := newUser(t, f, 0, "pengawas", identity.Oversight)
		if _, ok, err := s.OversightScope(ctx, o.ID); ok || err != nil {
			t.Fatal("a scope before one was set", err)
		}
		for _, region := range []string{"36", ""} {
			if err := s.SetOversightScope(ctx, store.System, o.ID, region); err != nil {
				t.Fatal(err)
			}
			if r, ok, _ := s.OversightScope(ctx, o.ID); !ok || r != region {
				t.Errorf("scope %q %v, want %q", r, ok, region)
			}
		}
	})
}

func countActive(rows []roster.Row) int {
	n := 0
	for _, r := range rows {
		if r.State == roster.Active {
			n++
		}
	}
	return n
}
