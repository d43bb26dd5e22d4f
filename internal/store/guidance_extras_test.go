package store_test

import (
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/guidance"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// A named session's audience is exactly its people, whatever their
// office; another government's employee cannot be named; once held the
// session refuses a date change and cancellation, writing nothing;
// materials are listed, opened with an audit event and removed.
func TestGuidanceExtras(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, rows := rosterFixture(t, d, 40)
		importRows(t, f, f.kab.ID, rows, store.ImportOptions{})
		s, tid := f.s, f.kab.ID
		units, _ := s.Units(ctx, tid, false)
		emps, _, err := s.SearchEmployees(ctx, tid, store.EmployeeQuery{Limit: 3})
		if err != nil || len(emps) != 3 {
			t.Fatal(err, len(emps))
		}
		today := calendar.DateOf(s.Now(), time.FixedZone("WIB", 7*3600))
		in := store.GuidanceSessionInput{UnitID: units[0].ID, HeldOn: today, StartsAt: "00:00", Topics: []string{"Etika"}, Place: "Aula",
			Facilitator: "Inspektorat", Audience: guidance.Named, People: []int64{emps[0].ID, emps[1].ID}}
		// An employee of another government is refused, nothing written.
		other, _, _ := s.SearchEmployees(ctx, f.kot.ID, store.EmployeeQuery{Limit: 1})
		if len(other) == 1 {
			bad := in
			bad.People = []int64{emps[0].ID, other[0].ID}
			if _, err := s.PlanGuidanceSession(ctx, store.System, tid, bad); apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("another government's employee named: %v", err)
			}
		}
		none := in
		none.People = nil
		if _, err := s.PlanGuidanceSession(ctx, store.System, tid, none); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("nobody named: %v", err)
		}
		id, err := s.PlanGuidanceSession(ctx, store.System, tid, in)
		if err != nil {
			t.Fatal(err)
		}
		g, err := s.GuidanceSession(ctx, tid, id)
		if err != nil || g.Named != 2 || len(g.People) != 2 || g.Audience != guidance.Named {
			t.Fatal(g, err)
		}
		members, err := s.GuidanceAudience(ctx, tid, g)
		if err != nil || len(members) != 2 {
			t.Fatal(members, err)
		}
		// Not yet held: the date may move.
		moved := in
		moved.HeldOn = today.AddDays(1)
		if err := s.UpdateGuidanceSession(ctx, store.System, tid, id, moved); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateGuidanceSession(ctx, store.System, tid, id, in); err != nil {
			t.Fatal(err)
		}
		if err := s.SetGuidanceAttendance(ctx, store.System, tid, id, map[int64]guidance.Status{emps[0].ID: guidance.Present}, "tick"); err != nil {
			t.Fatal(err)
		}
		g, _ = s.GuidanceSession(ctx, tid, id)
		if !g.Held(today) {
			t.Fatal("a session of today with attendance is not held")
		}
		if err := s.UpdateGuidanceSession(ctx, store.System, tid, id, moved); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("date change of a held session: %v", err)
		}
		fewer := in
		fewer.People = []int64{emps[0].ID}
		if err := s.UpdateGuidanceSession(ctx, store.System, tid, id, fewer); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("audience change of a held session: %v", err)
		}
		if err := s.CancelGuidanceSession(ctx, store.System, tid, id); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("cancelling a held session: %v", err)
		}
		after, _ := s.GuidanceSession(ctx, tid, id)
		if after.HeldOn != today || after.Cancelled || after.Named != 2 {
			t.Fatal("a refused change wrote", after)
		}
		fixed := in
		fixed.Place = "Ruang Rapat"
		if err := s.UpdateGuidanceSession(ctx, store.System, tid, id, fixed); err != nil {
			t.Fatal(err)
		}

		// Materials.
		if err := s.AddGuidanceMaterials(ctx, store.System, tid, id, []store.GuidanceMaterial{{FileID: "00112233445566778899aabbccddeeff", Name: "a.pdf",
			ContentType: "application/pdf", Size: 10, Flagged: true}}); err != nil {
			t.Fatal(err)
		}
		ms, err := s.GuidanceMaterials(ctx, tid, id)
		if err != nil || len(ms) != 1 || ms[0].Name != "a.pdf" {
			t.Fatal(ms, err)
		}
		if _, err := s.GuidanceMaterial(ctx, f.kot.ID, id, ms[0].ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatal("another government reads the material", err)
		}
		if _, err := s.OpenGuidanceMaterial(ctx, store.System, tid, id, ms[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RemoveGuidanceMaterial(ctx, store.System, tid, id, ms[0].ID); err != nil {
			t.Fatal(err)
		}
		if ms, _ := s.GuidanceMaterials(ctx, tid, id); len(ms) != 0 {
			t.Fatal("a removed material is listed")
		}
		if _, err := s.OpenGuidanceMaterial(ctx, store.System, tid, id, ms[0].ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatal("a removed material opens", err)
		}
	})
}
