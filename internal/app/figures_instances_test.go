package app

import (
	"context"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// Two instances over one database: the threshold raised on one is the
// threshold the other's public page counts by at its next request, not
// after its cached figures expire.
func TestFiguresFollowThresholdSetElsewhere(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := store.New(d, nil)
		if _, err := s.ImportRegions(ctx, store.System, testdb.BantenRegions(t)); err != nil {
			t.Fatal(err)
		}
		tn, err := s.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
		if err != nil {
			t.Fatal(err)
		}
		admin, err := s.CreateUser(ctx, store.System, store.NewUser{TenantID: tn.ID, Username: "admin.kab", DisplayName: "Admin", Roles: []identity.Role{identity.Admin}, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		one, other := New(s, time.Hour, time.Hour), New(s, time.Hour, time.Hour)
		before, err := one.PublicFigures(ctx, tn, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := other.SetStatsMin(ctx, admin, "7"); err != nil {
			t.Fatal(err)
		}
		after, err := one.PublicFigures(ctx, tn, "")
		if err != nil {
			t.Fatal(err)
		}
		if after.Least != 7 || after.Gen == before.Gen {
			t.Errorf("the first instance still counts by %d (generation %d, was %d)", after.Least, after.Gen, before.Gen)
		}
		again, err := one.PublicFigures(ctx, tn, "")
		if err != nil || again.Gen != after.Gen {
			t.Errorf("unchanged threshold: counted again (%v)", err)
		}
	})
}
