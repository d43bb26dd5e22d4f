package store_test

import (
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/pledge"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// The public figures count a year's reports once each (a duplicate merged
// into another not again), by kind, quarter, district and what became of
// them, and the offices that held guidance each quarter; golden counts
// for a small fixed data set.
func TestPublicFigures(t *testing.T) {
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
		var staff []int64
		active := 0
		for _, r := range rows {
			if r.State == roster.Active {
				active++
				if r.Unit == officeA && len(staff) < 3 {
					e, err := s.EmployeeByNIP(ctx, tid, r.NIP.String())
					if err != nil {
						t.Fatal(err)
					}
					staff = append(staff, e.ID)
				}
			}
		}
		desk := store.Actor{UserID: newUser(t, f, tid, "meja", identity.Intake).ID, TenantID: tid}
		newReport := func(tenant int64, category, district string) string {
			c := checkedReport(t, "anonymous")
			c.Category, c.DistrictCode = category, district
			r, _, err := s.CreateReport(ctx, store.System, tenant, c)
			if err != nil {
				t.Fatal(err)
			}
			return r.PublicID
		}
		const sv, inf, abuse, d1, d2 = "sexual_violence", "infidelity", "abuse_of_authority", "36.04.01", "36.04.02"

		newReport(tid, sv, d1) // December 2025: another year
		// A report in the last hours of 2026 in WIB is still 2026's (UTC
		// 31 December 17:30 is 1 January 00:30 WIB: 2027's).
		*f.clock = time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC)
		newReport(tid, abuse, d1)
		*f.clock = time.Date(2026, 12, 31, 17, 30, 0, 0, time.UTC)
		newReport(tid, abuse, d1)

		// Q1: two reports about employees, each leading to a discipline
		// case; the first is decided with a sanction.
		at(2026, 2, 10)
		caseOf := func(publicID string, emp int64) string {
			if err := s.LinkReportEmployee(ctx, desk, tid, publicID, emp); err != nil {
				t.Fatal(err)
			}
			o, err := s.AddOutcome(ctx, desk, tid, publicID, report.Outcome{Kind: report.OpenDisciplineCase})
			if err != nil {
				t.Fatal(err)
			}
			return o.CasePublicID
		}
		decided := caseOf(newReport(tid, sv, d1), staff[0])
		at(2026, 3, 5)
		caseOf(newReport(tid, sv, d2), staff[1])
		// Q2: one rejected (closed), and a duplicate merged into it.
		at(2026, 5, 1)
		rejected := newReport(tid, inf, "")
		if _, err := s.AddOutcome(ctx, desk, tid, rejected, report.Outcome{Kind: report.Reject}); err != nil {
			t.Fatal(err)
		}
		at(2026, 5, 2)
		if err := s.MergeReport(ctx, desk, tid, newReport(tid, inf, d2), rejected); err != nil {
			t.Fatal(err)
		}
		// Q3 and Q4: still open.
		at(2026, 8, 1)
		newReport(tid, inf, d1)
		newReport(tid, sv, d1)
		at(2026, 10, 1)
		newReport(tid, abuse, d1)
		// Another government's report counts only there.
		newReport(f.kot.ID, sv, "")

		// The first case decided in September with a sanction.
		examiner := store.Actor{UserID: newUser(t, f, tid, "pemeriksa", identity.Examiner).ID, TenantID: tid}
		cal, err := s.Calendar(ctx, tid)
		if err != nil {
			t.Fatal(err)
		}
		settings, _ := s.ProcedureSettings(ctx, tid)
		p := settings.Procedure()
		charge := discipline.Charge{Code: "K4f", DaysAbsent: 12}
		if err := s.AddCharge(ctx, examiner, tid, decided, charge); err != nil {
			t.Fatal(err)
		}
		finding, _ := discipline.DefaultCatalogue().Assess(charge)
		sanction := discipline.Choices(finding, "")[0]
		letter, exam, on := calendar.NewDate(2026, 9, 1), calendar.NewDate(2026, 9, 8), calendar.NewDate(2026, 9, 20)
		at(2026, 9, 20)
		for _, st := range []struct {
			step  store.Step
			check func(*discipline.Case) error
		}{
			{store.Step{Kind: "summon", Day1: letter, Day2: exam}, func(c *discipline.Case) error { return p.Summon(c, cal, letter, exam) }},
			{store.Step{Kind: "examine", Day1: exam}, func(c *discipline.Case) error { return p.Examine(c, exam) }},
			{store.Step{Kind: "decide", Day1: on, Sanction: sanction}, func(c *discipline.Case) error {
				return p.Decide(c, on, sanction, []discipline.Sanction{sanction}, []discipline.Sanction{sanction})
			}},
		} {
			if err := s.AddStep(ctx, examiner, tid, decided, st.step, cal, st.check); err != nil {
				t.Fatalf("%s: %v", st.step.Kind, err)
			}
		}
		if sanction.Level() != discipline.Sedang {
			t.Fatalf("the sanction of the data set is %s (%s), not sedang: the golden counts below assume sedang", sanction, sanction.Level())
		}

		// Guidance: office A (in Q2) and office B (in Q2 and Q3) held
		// sessions with someone present; a session in Q4 with only an
		// absence, and a cancelled one, do not count.
		officer := store.Actor{UserID: newUser(t, f, tid, "pembina", identity.Prevention).ID, TenantID: tid}
		held := func(unit int64, day calendar.Date, st guidance.Status) {
			id, err := s.PlanGuidanceSession(ctx, officer, tid, store.GuidanceSessionInput{UnitID: unit, HeldOn: day, StartsAt: "09:00",
				Topics: []string{"Etika"}, Audience: guidance.AllStaff})
			if err != nil {
				t.Fatal(err)
			}
			*f.clock = day.Time(time.UTC).Add(10 * time.Hour)
			if err := s.SetGuidanceAttendance(ctx, officer, tid, id, map[int64]guidance.Status{staff[2]: st}, "tick"); err != nil {
				t.Fatal(err)
			}
		}
		held(unitID[officeA], calendar.NewDate(2026, 4, 10), guidance.Present)
		held(unitID[officeB], calendar.NewDate(2026, 5, 10), guidance.Late)
		held(unitID[officeB], calendar.NewDate(2026, 8, 10), guidance.Present)
		held(unitID[officeA], calendar.NewDate(2026, 11, 10), guidance.Absent)
		at(2026, 11, 20)
		cancelled, err := s.PlanGuidanceSession(ctx, officer, tid, store.GuidanceSessionInput{UnitID: unitID[officeA], HeldOn: calendar.NewDate(2026, 11, 25),
			StartsAt: "09:00", Topics: []string{"Etika"}, Audience: guidance.AllStaff})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CancelGuidanceSession(ctx, officer, tid, cancelled); err != nil {
			t.Fatal(err)
		}

		// Pledges: two of the staff signed the newest version, one only
		// the older one.
		v1, _ := s.AddPledgeVersion(ctx, officer, tid, "Pakta", "Teks pertama")
		s.AddPledgeSignature(ctx, store.System, tid, store.PledgeSignature{EmployeeID: staff[0], VersionID: v1.ID, Method: "electronic", Statement: pledge.Statement, SHA256: pledge.Hash(v1.Body)})
		v2, _ := s.AddPledgeVersion(ctx, officer, tid, "Pakta", "Teks kedua")
		for _, e := range staff[1:] {
			s.AddPledgeSignature(ctx, store.System, tid, store.PledgeSignature{EmployeeID: e, VersionID: v2.ID, Method: "electronic", Statement: pledge.Statement, SHA256: pledge.Hash(v2.Body)})
		}

		at(2026, 12, 1)
		first, err := s.ReportYears(ctx, tid)
		if err != nil || first != 2025 {
			t.Errorf("first year %d, %v; want 2025", first, err)
		}
		if first, _ := s.ReportYears(ctx, f.kot.ID); first != 2026 {
			t.Errorf("other government's first year %d, want 2026", first)
		}
		got, err := s.PublicFigures(ctx, tid, 2026, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			name      string
			got, want int
		}{
			{"reports (duplicate once, 1 January WIB not in)", got.Reports, 7},
			{"sexual violence", got.ByCategory[sv], 3},
			{"infidelity (the duplicate not again)", got.ByCategory[inf], 2},
			{"abuse of authority", got.ByCategory[abuse], 2},
			{"Q1", got.ByQuarter[0], 2},
			{"Q2", got.ByQuarter[1], 1},
			{"Q3", got.ByQuarter[2], 2},
			{"Q4 (31 December 23:30 WIB in)", got.ByQuarter[3], 2},
			{"district 1", got.ByDistrict[d1], 5},
			{"district 2", got.ByDistrict[d2], 1},
			{"no district", got.ByDistrict[""], 1},
			{"open", got.ByFate[store.FateOpen], 4},
			{"closed (rejected)", got.ByFate[store.FateClosed], 1},
			{"case without sanction", got.ByFate[store.FateCase], 1},
			{"sedang", got.ByFate[store.FateSedang], 1},
			{"ringan", got.ByFate[store.FateRingan], 0},
			{"berat", got.ByFate[store.FateBerat], 0},
			{"offices", got.Offices, len(rosterUnits)},
			{"offices held Q1", got.OfficesHeld[0], 0},
			{"offices held Q2 (A and B)", got.OfficesHeld[1], 2},
			{"offices held Q3 (B)", got.OfficesHeld[2], 1},
			{"offices held Q4 (only an absence, one cancelled)", got.OfficesHeld[3], 0},
			{"staff", got.Staff, active},
			{"signed the newest version", got.Signed, 2},
		}
		for _, w := range want {
			if w.got != w.want {
				t.Errorf("%s: %d, want %d", w.name, w.got, w.want)
			}
		}
		if !got.HasPledge {
			t.Error("no pledge found")
		}
		// The year before holds its one report; the year after the one
		// made on 1 January WIB.
		if y, _ := s.PublicFigures(ctx, tid, 2025, time.Time{}); y.Reports != 1 || y.ByFate[store.FateOpen] != 1 || y.OfficesHeld[1] != 0 {
			t.Errorf("2025: %+v", y)
		}
		if y, _ := s.PublicFigures(ctx, tid, 2027, time.Time{}); y.Reports != 1 || y.ByQuarter[0] != 1 {
			t.Errorf("2027: %+v", y)
		}
		// Another government sees none of it.
		other, err := s.PublicFigures(ctx, f.kot.ID, 2026, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if other.Reports != 1 || other.ByFate[store.FateOpen] != 1 || other.Signed != 0 || other.OfficesHeld != [4]int{} {
			t.Errorf("other government: %+v", other)
		}
	})
}
