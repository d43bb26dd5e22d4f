package store_test

import (
	"testing"

	"sigap/internal/db"
	"sigap/internal/disclosure"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// A government without a threshold uses the default; its own is kept,
// audited, changed in place and seen by no other government; the
// database refuses one that would hide nothing.
func TestStatsMin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		s := f.s
		if n, err := s.StatsMin(ctx, f.kab.ID); err != nil || n != disclosure.DefaultMin {
			t.Fatal(n, err)
		}
		a := store.Actor{TenantID: f.kab.ID}
		for _, n := range []int{5, 4} {
			if err := s.SetStatsMin(ctx, a, f.kab.ID, n); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.StatsMin(ctx, f.kab.ID); got != n {
				t.Fatalf("threshold %d, want %d", got, n)
			}
		}
		if got, _ := s.StatsMin(ctx, f.kot.ID); got != disclosure.DefaultMin {
			t.Errorf("another government's threshold %d", got)
		}
		if err := s.SetStatsMin(ctx, a, f.kab.ID, 2); err == nil {
			t.Error("a threshold of 2 was stored")
		}
		var audits int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'statistics.settings'`).Scan(&audits)
		if audits != 2 {
			t.Errorf("%d audit events, want 2", audits)
		}
	})
}
