package store_test

import (
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/org"
	"sigap/internal/protection"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// openClockCase opens a walk-in case reported at reported, by worker (its
// first case worker), with a perpetrator who is employee (0: none).
func openClockCase(t *testing.T, f *fixture, worker int64, reported time.Time, employee int64) store.ProtectionCase {
	t.Helper()
	in := store.ProtectionInput{
		Via: protection.ViaWalkIn,
		Incident: protection.Incident{OccurredOn: calendar.DateOf(reported, protection.WIB), ReportedAt: reported, VillageCode: "36.04.05.2001",
			Place: protection.Workplace, Forms: []protection.Form{protection.Sexual}},
		Victims: []protection.Victim{{Name: "Korban", Sex: protection.Female, Age: 30}},
	}
	if employee != 0 {
		in.Perpetrators = []protection.Perpetrator{{Relation: "atasan", EmployeeID: employee, Age: -1}}
	}
	c, err := f.s.OpenProtectionCase(ctx, store.Actor{UserID: worker, TenantID: f.kab.ID}, f.kab.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type sent struct {
	user int64
	kind string
}

func clockNotes(t *testing.T, d *db.DB, caseID string) []sent {
	t.Helper()
	rows, err := d.R.Query(`SELECT user_id, kind, object_type FROM notifications WHERE object_id = $1 ORDER BY id`, caseID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []sent
	for rows.Next() {
		var s sent
		var typ string
		if err := rows.Scan(&s.user, &s.kind, &typ); err != nil {
			t.Fatal(err)
		}
		if typ != "protection_clocks" {
			t.Errorf("notification about %s", typ)
		}
		out = append(out, s)
	}
	return out
}

// The clocks of a case: moments recorded and checked under the case's
// lock and audited; the watch reminds the workers under 12 hours before a
// due time and escalates to them and the leads once late, each once per
// due time even when run twice; the accused, another government and a
// closed case are never part of it.
func TestProtectionClocks(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		worker := newUser(t, f, f.kab.ID, "pekerja.kab", identity.Protection)
		other := newUser(t, f, f.kab.ID, "pekerja.lain", identity.Protection)
		lead := newUser(t, f, f.kab.ID, "kepala.uptd", identity.ProtectionLead)
		accused := newUser(t, f, f.kab.ID, "kepala.terlapor", identity.ProtectionLead)
		kotLead := newUser(t, f, f.kot.ID, "kepala.kota", identity.ProtectionLead)
		if _, err := f.s.CreateUnit(ctx, store.System, f.kab.ID, org.UnitInput{Name: "Dinas", Kind: org.KindDinas}); err != nil {
			t.Fatal(err)
		}
		n, _ := nip.Parse("197001011995031001")
		if _, problems, err := f.s.ImportEmployees(ctx, store.System, f.kab.ID, []roster.Row{{Line: 2, NIP: n, Name: "Terlapor Uji", Status: roster.PNS,
			Position: "Kepala", Kind: roster.JPTPratama, Unit: "Dinas", State: roster.Active}}, store.ImportOptions{}); err != nil || len(problems) > 0 {
			t.Fatal(err, problems)
		}
		emp, err := f.s.EmployeeByNIP(ctx, f.kab.ID, n.String())
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.LinkUserEmployee(ctx, store.System, f.kab.ID, accused.ID, emp.ID); err != nil {
			t.Fatal(err)
		}
		a := store.Actor{UserID: worker.ID, TenantID: f.kab.ID}
		reported := f.s.Now().Add(-time.Hour)
		c := openClockCase(t, f, worker.ID, reported, emp.ID)
		// The accused cannot even be assigned to it (and is never told).
		wantCode(t, f.s.AssignWorker(ctx, store.System, f.kab.ID, c.PublicID, accused.ID), apperr.Invalid)

		// Opened: the first clock runs, on the index the lists read.
		mine, err := f.s.WorkerClocks(ctx, f.kab.ID, worker.ID)
		if err != nil || len(mine) != 1 || mine[0].PublicID != c.PublicID || !mine[0].Moments.Reported.Equal(reported) {
			t.Fatalf("worker clocks %+v %v", mine, err)
		}
		if others, _ := f.s.WorkerClocks(ctx, f.kab.ID, other.ID); len(others) != 0 {
			t.Errorf("a worker not on the case sees its clocks")
		}
		var due time.Time
		var kind string
		d.R.QueryRow(`SELECT clock_due_at, clock_due_kind FROM protection_cases WHERE id = $1`, c.ID).Scan(&due, &kind)
		if !due.Equal(reported.Add(72*time.Hour)) || kind != "police_report" {
			t.Errorf("due %v %s", due, kind)
		}

		// Refused: the future, before the report, out of order, another
		// government's case; nothing changes.
		wantCode(t, f.s.RecordClockStep(ctx, a, f.kab.ID, c.PublicID, protection.StepPoliceReport, f.s.Now().Add(time.Hour), time.Time{}), apperr.Invalid)
		wantCode(t, f.s.RecordClockStep(ctx, a, f.kab.ID, c.PublicID, protection.StepPoliceReport, reported.Add(-time.Minute), time.Time{}), apperr.Invalid)
		wantCode(t, f.s.RecordClockStep(ctx, a, f.kab.ID, c.PublicID, protection.StepTempProtection, reported, reported.Add(time.Hour)), apperr.Invalid)
		wantCode(t, f.s.RecordClockStep(ctx, a, f.kot.ID, c.PublicID, protection.StepPoliceReport, reported, time.Time{}), apperr.NotFound)
		if m, _ := f.s.ClockMoments(ctx, f.kab.ID, c.ID); !m.PoliceReported.IsZero() {
			t.Fatal("a refused moment was kept")
		}

		// The watch: 11 hours before, nothing; under 12 hours, the
		// workers are reminded, once.
		watch := func(wantR, wantE int) {
			t.Helper()
			r, err := f.s.WatchProtectionClocks(ctx, f.kab.ID)
			if err != nil || r.Reminded != wantR || r.Escalated != wantE {
				t.Fatalf("watch %+v %v; want %d reminded %d escalated", r, err, wantR, wantE)
			}
		}
		watch(0, 0)
		*f.clock = reported.Add(60 * time.Hour) // 12 hours left exactly
		watch(0, 0)
		*f.clock = reported.Add(60*time.Hour + time.Second)
		watch(1, 0)
		watch(0, 0)
		if got := clockNotes(t, d, c.PublicID); len(got) != 1 || got[0] != (sent{worker.ID, "protection.clock_soon"}) {
			t.Fatalf("reminders %+v", got)
		}
		// Late: the workers and every lead of the government, once.
		*f.clock = reported.Add(72 * time.Hour)
		watch(0, 0)
		*f.clock = reported.Add(72*time.Hour + time.Second)
		watch(0, 1)
		watch(0, 0)
		got := clockNotes(t, d, c.PublicID)
		if len(got) != 3 || got[1] != (sent{worker.ID, "protection.clock_late"}) || got[2] != (sent{lead.ID, "protection.clock_late"}) {
			t.Fatalf("escalations %+v", got)
		}
		for _, s := range got {
			if s.user == accused.ID || s.user == kotLead.ID || s.user == other.ID {
				t.Errorf("user %d was told", s.user)
			}
		}

		// Reported to the police late; the police's clock runs from then.
		police := f.s.Now().Add(-time.Minute)
		if err := f.s.RecordClockStep(ctx, a, f.kab.ID, c.PublicID, protection.StepPoliceReport, police, time.Time{}); err != nil {
			t.Fatal(err)
		}
		d.R.QueryRow(`SELECT clock_due_at, clock_due_kind FROM protection_cases WHERE id = $1`, c.ID).Scan(&due, &kind)
		if !due.Equal(police.Add(24*time.Hour)) || kind != "temp_protection" {
			t.Errorf("after the police report: due %v %s", due, kind)
		}
		// Temporary protection of more than 14 days is refused.
		wantCode(t, f.s.RecordClockStep(ctx, a, f.kab.ID, c.PublicID, protection.StepTempProtection, f.s.Now(), f.s.Now().Add(14*24*time.Hour+time.Second)),
			apperr.Invalid)
		if err := f.s.RecordClockStep(ctx, a, f.kab.ID, c.PublicID, protection.StepTempProtection, f.s.Now(), f.s.Now().Add(14*24*time.Hour)); err != nil {
			t.Fatal(err)
		}

		// A closed case is not watched, though its clock runs short.
		c2 := openClockCase(t, f, worker.ID, f.s.Now().Add(-70*time.Hour), 0)
		if err := f.s.CloseProtectionCase(ctx, a, f.kab.ID, c2.PublicID, "referred", calendar.Date{}); err != nil {
			t.Fatal(err)
		}
		watch(0, 0)
		if got := clockNotes(t, d, c2.PublicID); len(got) != 0 {
			t.Errorf("a closed case was watched: %+v", got)
		}
		wantCode(t, f.s.RecordClockStep(ctx, a, f.kab.ID, c2.PublicID, protection.StepPoliceReport, f.s.Now(), time.Time{}), apperr.Conflict)

		// A case whose clocks were never worked out (opened before they
		// were kept on the row) is worked out by the watch.
		c3 := openClockCase(t, f, worker.ID, f.s.Now().Add(-61*time.Hour), 0)
		d.W.Exec(`UPDATE protection_cases SET clock_due_at = NULL, clock_watch_at = NULL WHERE id = $1`, c3.ID)
		watch(1, 0)

		// A referral to the police sets the report once; a second does not
		// move it.
		c4 := openClockCase(t, f, worker.ID, f.s.Now().Add(-2*time.Hour), 0)
		first := f.s.Now().Add(-time.Hour)
		if err := f.s.MarkPoliceReported(ctx, f.kab.ID, c4.PublicID, first); err != nil {
			t.Fatal(err)
		}
		if err := f.s.MarkPoliceReported(ctx, f.kab.ID, c4.PublicID, f.s.Now()); err != nil {
			t.Fatal(err)
		}
		m, _ := f.s.ClockMoments(ctx, f.kab.ID, c4.ID)
		d.R.QueryRow(`SELECT clock_due_kind FROM protection_cases WHERE id = $1`, c4.ID).Scan(&kind)
		if !m.PoliceReported.Equal(first) || kind != "temp_protection" {
			t.Errorf("marked police report %v %s", m.PoliceReported, kind)
		}

		// Every recording and alert is in the trail, the refusals are not.
		for action, want := range map[string]int{"protection.clock.police_report": 1, "protection.clock.temp_protection": 1,
			"protection.clock.reminded": 2, "protection.clock.escalated": 1} {
			var n int
			d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = $1`, action).Scan(&n)
			if n != want {
				t.Errorf("%s audited %d times, want %d", action, n, want)
			}
		}

		// Services given this month, on the worker's cases and the office's.
		for i, s := range []struct {
			caseID int64
			kind   string
			on     calendar.Date
		}{{c.ID, "pengaduan", calendar.NewDate(2026, 3, 3)}, {c.ID, "pengaduan", calendar.NewDate(2026, 3, 4)}, {c.ID, "rumah_aman", calendar.NewDate(2026, 3, 4)},
			{c.ID, "pengaduan", calendar.NewDate(2026, 2, 28)}} {
			if _, err := d.W.Exec(`INSERT INTO protection_services (tenant_id, case_id, public_id, kind, given_on, provider, created_at) VALUES ($1, $2, $3, $4, $5, 'UPTD', $6)`,
				f.kab.ID, s.caseID, "svc-"+string(rune('a'+i)), s.kind, s.on, f.s.Now()); err != nil {
				t.Fatal(err)
			}
		}
		counts, err := f.s.ServiceCounts(ctx, f.kab.ID, worker.ID, calendar.NewDate(2026, 3, 1), calendar.NewDate(2026, 4, 1))
		if err != nil || len(counts) != 2 || counts[0] != (store.ServiceCount{Kind: "pengaduan", Count: 2}) || counts[1].Count != 1 {
			t.Errorf("service counts %+v %v", counts, err)
		}
		if counts, _ := f.s.ServiceCounts(ctx, f.kab.ID, other.ID, calendar.NewDate(2026, 3, 1), calendar.NewDate(2026, 4, 1)); len(counts) != 0 {
			t.Errorf("another worker's counts %+v", counts)
		}
		totals, err := f.s.ProtectionClockTotals(ctx, f.kab.ID)
		if err != nil || totals.Open != 3 || totals.Waiting != 3 {
			t.Errorf("totals %+v %v", totals, err)
		}
	})
}
