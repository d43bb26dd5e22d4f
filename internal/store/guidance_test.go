package store_test

import (
	"slices"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

func TestGuidanceSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, rows := rosterFixture(t, d, 120)
		importRows(t, f, f.kab.ID, rows, store.ImportOptions{})
		s, tid := f.s, f.kab.ID
		units, _ := s.Units(ctx, tid, false)
		unitID := map[string]int64{}
		for _, u := range units {
			unitID[u.Name] = u.ID
		}
		const office = "Dinas Pendidikan dan Kebudayaan"
		var staff []roster.Row
		for _, r := range rows {
			if r.Unit == office && r.State == roster.Active {
				staff = append(staff, r)
			}
		}
		if len(staff) < 4 {
			t.Fatalf("%d staff", len(staff))
		}
		officer, err := s.CreateUser(ctx, store.System, store.NewUser{TenantID: tid, Username: "pembina", DisplayName: "Pembina",
			Roles: []identity.Role{identity.Prevention}, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		a := store.Actor{UserID: officer.ID, TenantID: tid}

		// Settings: the defaults, then the government's own.
		st, err := s.GuidanceSettings(ctx, tid)
		if err != nil || st.Cadence != guidance.Quarterly || len(st.Topics) != len(guidance.DefaultTopics) {
			t.Fatal(st, err)
		}
		if err := s.SetGuidanceSettings(ctx, a, tid, guidance.Settings{Cadence: guidance.Monthly, Topics: []string{"Etika", "Netralitas"}}); err != nil {
			t.Fatal(err)
		}
		if st, _ = s.GuidanceSettings(ctx, tid); st.Cadence != guidance.Monthly || !slices.Equal(st.Topics, []string{"Etika", "Netralitas"}) {
			t.Fatal(st)
		}
		if st, _ = s.GuidanceSettings(ctx, f.kot.ID); st.Cadence != guidance.Quarterly {
			t.Fatal("settings leak to another government", st)
		}
		s.SetGuidanceSettings(ctx, a, tid, guidance.DefaultSettings())

		// A session on 2 March 14:30 WIB; the clock stands at 15:00 WIB.
		day := calendar.NewDate(2026, 3, 2)
		in := store.GuidanceSessionInput{UnitID: unitID[office], HeldOn: day, StartsAt: "14:30", Topics: []string{"Etika"},
			Place: "Aula", Facilitator: "Inspektorat", Audience: guidance.AllStaff}
		id, err := s.PlanGuidanceSession(ctx, a, tid, in)
		if err != nil {
			t.Fatal(err)
		}
		other := in
		other.UnitID = unitID[office]
		if _, err := s.PlanGuidanceSession(ctx, a, f.kot.ID, other); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatal("an office of another government accepted:", err)
		}
		if _, err := s.GuidanceSession(ctx, f.kot.ID, id); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatal("another government sees the session:", err)
		}

		// Someone moves to another office a week later: the session's
		// audience is the office as it stood on the session date.
		moved := staff[len(staff)-1]
		next := slices.Clone(rows)
		for i := range next {
			if next[i].NIP == moved.NIP {
				next[i].Unit, next[i].SuperiorNIP = "Kecamatan Cikande", ""
			}
			if next[i].SuperiorNIP == moved.NIP.String() {
				next[i].SuperiorNIP = ""
			}
		}
		*f.clock = time.Date(2026, 3, 9, 3, 0, 0, 0, time.UTC)
		if _, problems := importRows(t, f, tid, next, store.ImportOptions{}); len(problems) != 0 {
			t.Fatal(problems)
		}
		g, _ := s.GuidanceSession(ctx, tid, id)
		members, err := s.GuidanceAudience(ctx, tid, g)
		if err != nil || len(members) != len(staff) || !slices.ContainsFunc(members, func(m store.GuidanceMember) bool { return m.NIP == moved.NIP.String() }) {
			t.Fatalf("audience on 2 March: %d of %d, %v", len(members), len(staff), err)
		}
		later := in
		later.HeldOn = calendar.NewDate(2026, 3, 12)
		id2, _ := s.PlanGuidanceSession(ctx, a, tid, later)
		g2, _ := s.GuidanceSession(ctx, tid, id2)
		if members2, _ := s.GuidanceAudience(ctx, tid, g2); len(members2) != len(staff)-1 {
			t.Fatalf("audience on 12 March: %d, want %d", len(members2), len(staff)-1)
		}

		// Self check-in with the code: on time, late, wrong, expired, not
		// of the audience.
		*f.clock = time.Date(2026, 3, 2, 7, 35, 0, 0, time.UTC) // 14:35 WIB
		code, until, err := s.OpenGuidanceCode(ctx, a, tid, id)
		if err != nil || len(code) != guidance.CodeDigits || !until.Equal(f.clock.Add(30*time.Minute)) {
			t.Fatal(code, until, err)
		}
		emp := func(r roster.Row) int64 {
			e, err := s.EmployeeByNIP(ctx, tid, r.NIP.String())
			if err != nil {
				t.Fatal(err)
			}
			return e.ID
		}
		if _, st, err := s.GuidanceCheckIn(ctx, a, tid, emp(staff[0]), code); err != nil || st != guidance.Present {
			t.Fatal(st, err)
		}
		*f.clock = time.Date(2026, 3, 2, 7, 50, 0, 0, time.UTC) // 14:50 WIB, 20 minutes after the start
		if _, st, err := s.GuidanceCheckIn(ctx, a, tid, emp(staff[1]), code); err != nil || st != guidance.Late {
			t.Fatal(st, err)
		}
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		if _, _, err := s.GuidanceCheckIn(ctx, a, tid, emp(staff[2]), wrong); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatal("wrong code:", err)
		}
		if _, _, err := s.GuidanceCheckIn(ctx, a, f.kot.ID, emp(staff[2]), code); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatal("code of another government:", err)
		}
		var outsider roster.Row
		for _, r := range rows {
			if r.Unit != office && r.State == roster.Active {
				outsider = r
				break
			}
		}
		if _, _, err := s.GuidanceCheckIn(ctx, a, tid, emp(outsider), code); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatal("outsider:", err)
		}
		*f.clock = time.Date(2026, 3, 2, 8, 6, 0, 0, time.UTC)
		if _, _, err := s.GuidanceCheckIn(ctx, a, tid, emp(staff[2]), code); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatal("expired code:", err)
		}

		// Ticks on the page.
		if err := s.SetGuidanceAttendance(ctx, a, tid, id, map[int64]guidance.Status{emp(staff[2]): guidance.Excused, emp(moved): guidance.Present}, "tick"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetGuidanceAttendance(ctx, a, tid, id, map[int64]guidance.Status{emp(staff[2]): guidance.Absent}, "tick"); err != nil {
			t.Fatal(err)
		}
		g, _ = s.GuidanceSession(ctx, tid, id)
		if g.Attended != 3 || g.Recorded != 4 {
			t.Fatalf("attended %d recorded %d", g.Attended, g.Recorded)
		}
		if hist, err := s.EmployeeGuidanceAttendance(ctx, tid, emp(staff[1]), 20); err != nil || len(hist) != 1 || hist[0].Status != guidance.Late {
			t.Fatal(hist, err)
		}

		// Coverage on 9 March: the office held its session (3 of its staff
		// on 2 March attended); the others have nothing this quarter and
		// missed the last one, and come first.
		*f.clock = time.Date(2026, 3, 9, 3, 0, 0, 0, time.UTC)
		today := calendar.NewDate(2026, 3, 9)
		cov, err := s.GuidanceCoverage(ctx, tid, guidance.Last(guidance.Quarterly, today, 2), today)
		if err != nil || len(cov.Rows) != len(units) {
			t.Fatal(cov, err)
		}
		lastRow := cov.Rows[len(cov.Rows)-1]
		c := lastRow.Cells[1]
		if lastRow.UnitName != office || c.State != guidance.Held || c.Held != 1 || c.Planned != 1 || c.Attended != 3 || c.Staff != len(staff) {
			t.Fatalf("office: %+v", lastRow)
		}
		if c.Share() != 3*100/len(staff) {
			t.Fatal(c.Share())
		}
		if r := cov.Rows[0]; r.Cells[1].State != guidance.Nothing || r.Cells[0].State != guidance.Missed {
			t.Fatalf("other office: %+v", r)
		}

		// Cancelling: once, and no attendance afterwards.
		if err := s.CancelGuidanceSession(ctx, a, tid, id2); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.CancelGuidanceSession(ctx, a, tid, id2), apperr.NotFound)
		wantCode(t, s.SetGuidanceAttendance(ctx, a, tid, id2, map[int64]guidance.Status{emp(staff[0]): guidance.Present}, "tick"), apperr.Conflict)
		wantCode(t, s.UpdateGuidanceSession(ctx, a, tid, id2, later), apperr.NotFound)
		upd := in
		upd.Place = "Ruang rapat"
		if err := s.UpdateGuidanceSession(ctx, a, tid, id, upd); err != nil {
			t.Fatal(err)
		}

		// The watch: nothing 29 days before the quarter ends; on 20 March
		// the officers are told once.
		if told, err := s.WatchGuidance(ctx, tid, today); err != nil || told {
			t.Fatal(told, err)
		}
		*f.clock = time.Date(2026, 3, 20, 3, 0, 0, 0, time.UTC)
		if told, err := s.WatchGuidance(ctx, tid, calendar.NewDate(2026, 3, 20)); err != nil || !told {
			t.Fatal(told, err)
		}
		if told, err := s.WatchGuidance(ctx, tid, calendar.NewDate(2026, 3, 21)); err != nil || told {
			t.Fatal("told twice", err)
		}
		items, _, err := s.Notifications(ctx, officer.ID, 10)
		if err != nil || len(items) != 1 || items[0].Kind != "guidance.due_soon" || items[0].ObjectID != "2026-Q1" {
			t.Fatal(items, err)
		}
	})
}
