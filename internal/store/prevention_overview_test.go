package store_test

import (
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/pledge"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// The overview puts each report, case and attendance in the top-level
// office the person was in at the time, rolls sub-offices up, and counts
// only what falls in the window.
func TestPreventionOverview(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		s, tid := f.s, f.kab.ID
		at := func(y int, m time.Month, day int) { *f.clock = time.Date(y, m, day, 3, 0, 0, 0, time.UTC) }
		at(2025, 12, 1)
		rows := importSmallRoster(t, f, 200)
		units, _ := s.Units(ctx, tid, false)
		unitID := map[string]int64{}
		for _, u := range units {
			unitID[u.Name] = u.ID
		}
		const officeA, officeB = "Dinas Pendidikan dan Kebudayaan", "Kecamatan Cikande"
		bidang, err := s.CreateUnit(ctx, store.System, tid, org.UnitInput{ParentID: unitID[officeA], Name: "Bidang Uji", Kind: org.KindSubunit})
		if err != nil {
			t.Fatal(err)
		}
		// M and N: two pelaksana of office A, by NIP (an import orders
		// the rows in place). N moves into A's sub-office in February, M
		// to office B in June.
		var m, n string
		for _, r := range rows {
			if r.Unit == officeA && r.Kind == roster.Pelaksana && r.State == roster.Active {
				if m == "" {
					m = r.NIP.String()
				} else if n == "" {
					n = r.NIP.String()
				}
			}
		}
		if n == "" {
			t.Fatal("roster has too few pelaksana in office A")
		}
		move := func(who, unit string) {
			for i := range rows {
				if rows[i].NIP.String() == who {
					rows[i].Unit, rows[i].SuperiorNIP = unit, ""
				}
				if rows[i].SuperiorNIP == who {
					rows[i].SuperiorNIP = ""
				}
			}
			if _, problems := importRows(t, f, tid, rows, store.ImportOptions{}); len(problems) > 0 {
				t.Fatal(problems)
			}
		}
		emp := func(who string) int64 {
			e, err := s.EmployeeByNIP(ctx, tid, who)
			if err != nil {
				t.Fatal(err)
			}
			return e.ID
		}
		desk := store.Actor{UserID: newUser(t, f, tid, "meja", identity.Intake).ID, TenantID: tid}
		report := func(about string) string {
			r, _, err := s.CreateReport(ctx, store.System, tid, checkedReport(t, "anonymous"))
			if err != nil {
				t.Fatal(err)
			}
			if about != "" {
				if err := s.LinkReportEmployee(ctx, desk, tid, r.PublicID, emp(about)); err != nil {
					t.Fatal(err)
				}
			}
			return r.PublicID
		}

		report(m) // December 2025: before the window
		// 03:00 WIB on New Year's Day is 20:00 UTC the evening before: in
		// the window, a merged duplicate of the April report below.
		*f.clock = time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)
		newYear := report("")
		at(2026, 2, 1)
		move(n, "Bidang Uji")
		at(2026, 4, 10)
		april := report(m) // in A
		if err := s.MergeReport(ctx, desk, tid, newYear, april); err != nil {
			t.Fatal(err)
		}
		report("")
		*f.clock = time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)
		report("") // in the window: 03:00 WIB on 1 January 2026
		at(2026, 4, 10)
		// Guidance in the sub-office in Q2: M and N came, so did someone
		// else; in B in Q3 only absences were recorded; a cancelled one.
		officer := store.Actor{UserID: newUser(t, f, tid, "pembina", identity.Prevention).ID, TenantID: tid}
		plan := func(unit int64, on calendar.Date) int64 {
			id, err := s.PlanGuidanceSession(ctx, officer, tid, store.GuidanceSessionInput{UnitID: unit, HeldOn: on, StartsAt: "09:00",
				Topics: []string{"Etika"}, Audience: guidance.AllStaff})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		q2 := plan(bidang.ID, calendar.NewDate(2026, 5, 10))
		at(2026, 5, 10)
		if err := s.SetGuidanceAttendance(ctx, officer, tid, q2, map[int64]guidance.Status{emp(m): guidance.Present, emp(n): guidance.Late}, "tick"); err != nil {
			t.Fatal(err)
		}
		at(2026, 6, 1)
		move(m, officeB)
		at(2026, 7, 1)
		report(m) // in B
		q3 := plan(unitID[officeB], calendar.NewDate(2026, 9, 10))
		cancelled := plan(unitID[officeB], calendar.NewDate(2026, 8, 10))
		if err := s.CancelGuidanceSession(ctx, officer, tid, cancelled); err != nil {
			t.Fatal(err)
		}
		at(2026, 9, 10)
		if err := s.SetGuidanceAttendance(ctx, officer, tid, q3, map[int64]guidance.Status{emp(m): guidance.Absent}, "tick"); err != nil {
			t.Fatal(err)
		}
		// A duplicate merged into the first report about N counts once.
		at(2026, 8, 1)
		first := report(n)
		dup := report(n)
		if err := s.MergeReport(ctx, desk, tid, dup, first); err != nil {
			t.Fatal(err)
		}

		// Pledges: M signed version 1, N version 2, the newest.
		v1, _ := s.AddPledgeVersion(ctx, officer, tid, "Pakta", "Teks pertama")
		s.AddPledgeSignature(ctx, store.System, tid, store.PledgeSignature{EmployeeID: emp(m), VersionID: v1.ID, Method: "electronic", Statement: pledge.Statement, SHA256: pledge.Hash(v1.Body)})
		v2, _ := s.AddPledgeVersion(ctx, officer, tid, "Pakta", "Teks kedua")
		s.AddPledgeSignature(ctx, store.System, tid, store.PledgeSignature{EmployeeID: emp(n), VersionID: v2.ID, Method: "electronic", Statement: pledge.Statement, SHA256: pledge.Hash(v2.Body)})

		// A case about N opened in August and decided with a sanction in
		// September: substantiated, in A. One about M opened in March and
		// only summoned: not.
		examiner := store.Actor{UserID: newUser(t, f, tid, "pemeriksa", identity.Examiner).ID, TenantID: tid}
		cal, err := s.Calendar(ctx, tid)
		if err != nil {
			t.Fatal(err)
		}
		settings, _ := s.ProcedureSettings(ctx, tid)
		p := settings.Procedure()
		charge := discipline.Charge{Code: "K4f", DaysAbsent: 12}
		open := func(e int64) string {
			c, err := s.OpenCase(ctx, examiner, tid, e)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.AddCharge(ctx, examiner, tid, c.PublicID, charge); err != nil {
				t.Fatal(err)
			}
			return c.PublicID
		}
		at(2026, 3, 2)
		open(emp(m))
		at(2026, 8, 3)
		caseN := open(emp(n))
		finding, _ := discipline.DefaultCatalogue().Assess(charge)
		sanction := discipline.Choices(finding, "")[0]
		letter, exam, decided := calendar.NewDate(2026, 8, 4), calendar.NewDate(2026, 8, 12), calendar.NewDate(2026, 9, 1)
		at(2026, 9, 1)
		for _, st := range []struct {
			step  store.Step
			check func(*discipline.Case) error
		}{
			{store.Step{Kind: "summon", Day1: letter, Day2: exam}, func(c *discipline.Case) error { return p.Summon(c, cal, letter, exam) }},
			{store.Step{Kind: "examine", Day1: exam}, func(c *discipline.Case) error { return p.Examine(c, exam) }},
			{store.Step{Kind: "decide", Day1: decided, Sanction: sanction}, func(c *discipline.Case) error {
				return p.Decide(c, decided, sanction, []discipline.Sanction{sanction}, []discipline.Sanction{sanction})
			}},
		} {
			if err := s.AddStep(ctx, examiner, tid, caseN, st.step, cal, st.check); err != nil {
				t.Fatalf("%s: %v", st.step.Kind, err)
			}
		}

		at(2026, 11, 20)
		today := calendar.NewDate(2026, 11, 20)
		o, err := s.PreventionOverview(ctx, tid, guidance.Last(guidance.Quarterly, today, 4), today, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if o.PledgeVersion.ID != v2.ID {
			t.Errorf("pledge version %d, want the newest %d", o.PledgeVersion.ID, v2.ID)
		}
		byName := map[string]store.OfficeOutcome{}
		for _, r := range o.Offices {
			byName[r.Name] = r
		}
		if _, ok := byName["Bidang Uji"]; ok || len(o.Offices) != len(rosterUnits) {
			t.Fatalf("rows are not the top-level offices: %d rows", len(o.Offices))
		}
		staffIn := func(unit string) int {
			c := 0
			for _, r := range rows {
				if r.State == roster.Active && (r.Unit == unit || unit == officeA && r.Unit == "Bidang Uji") {
					c++
				}
			}
			return c
		}
		a, b := byName[officeA], byName[officeB]
		want := []struct {
			name      string
			got, want int
		}{
			{"A staff (sub-office in it)", a.Staff, staffIn(officeA)},
			{"B staff", b.Staff, staffIn(officeB)},
			{"A periods held", a.PeriodsHeld, 1},
			{"B periods held (only absences, one cancelled)", b.PeriodsHeld, 0},
			{"A reached (N)", a.Reached, 1},
			{"B reached (M, who came while in A)", b.Reached, 1},
			{"A signed (N, newest version)", a.Signed, 1},
			{"B signed (M signed the old version only)", b.Signed, 0},
			{"A reports (M in April, N once in August)", a.Reports, 2},
			{"B reports (M in July)", b.Reports, 1},
			{"unplaced reports (one of them on New Year's night)", o.Unplaced.Reports, 2},
			{"A substantiated (N)", a.Substantiated, 1},
			{"B substantiated", b.Substantiated, 0},
		}
		for _, w := range want {
			if w.got != w.want {
				t.Errorf("%s: %d, want %d", w.name, w.got, w.want)
			}
		}
		// Another government sees none of it.
		other, err := s.PreventionOverview(ctx, f.kot.ID, guidance.Last(guidance.Quarterly, today, 4), today, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range other.Offices {
			if r.Reports+r.Substantiated+r.Reached+r.Signed+r.PeriodsHeld > 0 {
				t.Errorf("other government's %s: %+v", r.Name, r)
			}
		}
	})
}
