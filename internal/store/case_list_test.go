package store_test

import (
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// The case list by the day a case was opened, in Jakarta: a case opened
// at 20:00 UTC on 31 March is opened on 1 April there.
func TestDisciplineCasesByPeriod(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		rows := importSmallRoster(t, f, 40)
		a := store.Actor{UserID: newUser(t, f, f.kab.ID, "pemeriksa", identity.Examiner).ID, TenantID: f.kab.ID}
		open := func(at time.Time, nip string) {
			*f.clock = at
			e, err := f.s.EmployeeByNIP(ctx, f.kab.ID, nip)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.OpenCase(ctx, a, f.kab.ID, e.ID); err != nil {
				t.Fatal(err)
			}
		}
		open(time.Date(2026, 3, 15, 3, 0, 0, 0, time.UTC), rows[0].NIP.String())
		open(time.Date(2026, 3, 31, 20, 0, 0, 0, time.UTC), rows[1].NIP.String())
		open(time.Date(2026, 4, 20, 3, 0, 0, 0, time.UTC), rows[2].NIP.String())
		for _, c := range []struct {
			from, to calendar.Date
			want     int
		}{
			{calendar.NewDate(2026, 3, 1), calendar.NewDate(2026, 3, 31), 1},
			{calendar.NewDate(2026, 4, 1), calendar.NewDate(2026, 4, 30), 2},
			{calendar.Date{}, calendar.Date{}, 3},
			{calendar.NewDate(2026, 5, 1), calendar.Date{}, 0},
		} {
			got, total, err := f.s.DisciplineCases(ctx, f.kab.ID, store.CaseQuery{From: c.from, To: c.to, Limit: 10})
			if err != nil || total != c.want || len(got) != c.want {
				t.Errorf("%s–%s: %d (%d listed), want %d: %v", c.from, c.to, total, len(got), c.want, err)
			}
		}
		if _, total, _ := f.s.DisciplineCases(ctx, f.kot.ID, store.CaseQuery{}); total != 0 {
			t.Errorf("another government lists %d cases", total)
		}
	})
}
