package store_test

import (
	"context"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/refdata"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

var ctx = context.Background()

// fixture is a store with Banten's regions, the national calendar and the
// two Serang tenants.
type fixture struct {
	s        *store.Store
	kab, kot org.Tenant
	clock    *time.Time
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	f := &fixture{clock: &now}
	f.s = store.New(d, func() time.Time { return *f.clock })
	if _, err := f.s.ImportRegions(ctx, store.System, testdb.BantenRegions(t)); err != nil {
		t.Fatal(err)
	}
	days, err := refdata.ParseHolidays(refdata.NationalHolidays())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.ImportHolidays(ctx, store.System, days); err != nil {
		t.Fatal(err)
	}
	if f.kab, err = f.s.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang"); err != nil {
		t.Fatal(err)
	}
	if f.kot, err = f.s.CreateTenant(ctx, store.System, "36.73", "kota-serang", "Pemerintah Kota Serang"); err != nil {
		t.Fatal(err)
	}
	return f
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if apperr.CodeOf(err) != code || err == nil {
		t.Fatalf("want %s, got %v", code, err)
	}
}

func TestRegions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		counts, err := f.s.RegionCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Banten: 1 province, 8 regencies/cities.
		if counts[refdata.LevelProvince] != 1 || counts[refdata.LevelRegency] != 8 {
			t.Errorf("counts %v", counts)
		}
		// Importing again changes nothing and duplicates nothing.
		if _, err := f.s.ImportRegions(ctx, store.System, testdb.BantenRegions(t)); err != nil {
			t.Fatal(err)
		}
		again, _ := f.s.RegionCounts(ctx)
		for l, n := range counts {
			if again[l] != n {
				t.Errorf("%s: %d after re-import, %d before", l, again[l], n)
			}
		}
		kec, err := f.s.RegionChildren(ctx, "36.04")
		if err != nil || len(kec) != 29 {
			t.Fatalf("Kabupaten Serang has %d kecamatan (%v), want 29", len(kec), err)
		}
		sum, err := f.s.RegionSummary(ctx, "36.04")
		if err != nil || sum[refdata.LevelDistrict] != 29 || sum[refdata.LevelVillage] != 326 || len(sum) != 2 {
			t.Errorf("Kabupaten Serang summary %v %v", sum, err)
		}
		sum, _ = f.s.RegionSummary(ctx, "36")
		if sum[refdata.LevelRegency] != 8 || sum[refdata.LevelDistrict] == 0 || sum[refdata.LevelVillage] == 0 {
			t.Errorf("Banten summary %v", sum)
		}
		prov, _ := f.s.RegionChildren(ctx, "")
		if len(prov) != 1 || prov[0].Name != "Banten" || prov[0].ParentCode != "" {
			t.Errorf("provinces %+v", prov)
		}
		if _, err := f.s.Region(ctx, "99.99"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown region: %v", err)
		}
	})
}

func TestImportRegionsIsAtomic(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s := store.New(d, nil)
		rows := testdb.BantenRegions(t)[:600]
		// A name too long for nothing but a NOT NULL: make the 550th row violate
		// the level CHECK so the second batch fails after the first was written.
		bad := append([]refdata.Region{}, rows...)
		bad[550].Level = "planet"
		if _, err := s.ImportRegions(ctx, store.System, bad); err == nil {
			t.Fatal("invalid level accepted")
		}
		counts, err := s.RegionCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(counts) != 0 {
			t.Errorf("failed import left rows: %v", counts)
		}
	})
}

func TestTenants(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, err := f.s.CreateTenant(ctx, store.System, "36.04", "kab-serang-2", "Duplicate")
		wantCode(t, err, apperr.Invalid)
		_, err = f.s.CreateTenant(ctx, store.System, "36.04.05", "kramatwatu", "Kecamatan")
		wantCode(t, err, apperr.Invalid)
		_, err = f.s.CreateTenant(ctx, store.System, "37.01", "nowhere", "Unknown")
		wantCode(t, err, apperr.Invalid)
		ts, err := f.s.Tenants(ctx)
		if err != nil || len(ts) != 2 || ts[0].Code != "36.04" || ts[1].Slug != "kota-serang" {
			t.Fatalf("tenants %+v %v", ts, err)
		}
		got, err := f.s.TenantByKey(ctx, "kota-serang")
		if err != nil || got.ID != f.kot.ID {
			t.Errorf("by slug: %+v %v", got, err)
		}
		got, err = f.s.TenantByKey(ctx, "36.04")
		if err != nil || got.ID != f.kab.ID || !got.CreatedAt.Equal(*f.clock) {
			t.Errorf("by code: %+v %v", got, err)
		}
	})
}

func TestUnits(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		dinkes, err := f.s.CreateUnit(ctx, a, f.kab.ID, org.UnitInput{Name: "Dinas Kesehatan", Abbreviation: "Dinkes", Kind: org.KindDinas})
		if err != nil {
			t.Fatal(err)
		}
		bidang, err := f.s.CreateUnit(ctx, a, f.kab.ID, org.UnitInput{ParentID: dinkes.ID, Name: "Bidang P2P", Kind: org.KindSubunit})
		if err != nil || bidang.ParentID != dinkes.ID {
			t.Fatalf("%+v %v", bidang, err)
		}
		// Same name under the same parent is refused, under another parent allowed.
		_, err = f.s.CreateUnit(ctx, a, f.kab.ID, org.UnitInput{Name: "dinas kesehatan", Kind: org.KindDinas})
		wantCode(t, err, apperr.Invalid)
		if _, err := f.s.CreateUnit(ctx, a, f.kot.ID, org.UnitInput{Name: "Dinas Kesehatan", Kind: org.KindDinas}); err != nil {
			t.Errorf("other tenant may have the same name: %v", err)
		}
		// A parent of another tenant is not a parent.
		kotUnits, _ := f.s.Units(ctx, f.kot.ID, false)
		_, err = f.s.CreateUnit(ctx, a, f.kab.ID, org.UnitInput{ParentID: kotUnits[0].ID, Name: "X", Kind: org.KindSubunit})
		wantCode(t, err, apperr.Invalid)
		// Moving a unit under its own child is refused.
		_, err = f.s.UpdateUnit(ctx, a, f.kab.ID, dinkes.ID, org.UnitInput{ParentID: bidang.ID, Name: "Dinas Kesehatan", Kind: org.KindDinas})
		wantCode(t, err, apperr.Invalid)
		// Another tenant cannot read, change or archive it.
		_, err = f.s.Unit(ctx, f.kot.ID, dinkes.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = f.s.UpdateUnit(ctx, a, f.kot.ID, dinkes.ID, org.UnitInput{Name: "Taken", Kind: org.KindDinas})
		wantCode(t, err, apperr.NotFound)
		wantCode(t, f.s.SetUnitArchived(ctx, a, f.kot.ID, dinkes.ID, true), apperr.NotFound)
		// Archiving needs the children archived first; restoring needs the parent active.
		wantCode(t, f.s.SetUnitArchived(ctx, a, f.kab.ID, dinkes.ID, true), apperr.Conflict)
		if err := f.s.SetUnitArchived(ctx, a, f.kab.ID, bidang.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetUnitArchived(ctx, a, f.kab.ID, dinkes.ID, true); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.SetUnitArchived(ctx, a, f.kab.ID, bidang.ID, false), apperr.Conflict)
		active, _ := f.s.Units(ctx, f.kab.ID, false)
		all, _ := f.s.Units(ctx, f.kab.ID, true)
		if len(active) != 0 || len(all) != 2 {
			t.Errorf("active %d all %d", len(active), len(all))
		}
		renamed, err := f.s.UpdateUnit(ctx, a, f.kab.ID, dinkes.ID, org.UnitInput{Name: "Dinas Kesehatan Kab.", Abbreviation: "Dinkes", Kind: org.KindDinas})
		if err != nil || renamed.Name != "Dinas Kesehatan Kab." || !renamed.Archived {
			t.Errorf("%+v %v", renamed, err)
		}
		events, err := f.s.AuditEvents(ctx, store.AuditFilter{Chain: f.kab.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, e := range events {
			actions[e.Action]++
		}
		if actions["unit.create"] != 2 || actions["unit.archive"] != 2 || actions["unit.update"] != 1 || actions["tenant.create"] != 1 {
			t.Errorf("audit actions %v", actions)
		}
	})
}

func TestEnsureUnitsIsIdempotent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		in := []org.UnitInput{{Name: "Inspektorat", Kind: org.KindInspektorat}, {Name: "Sekretariat Daerah", Kind: org.KindSekretariat}}
		for round, want := range []int{2, 0} {
			n, err := f.s.EnsureUnits(ctx, store.System, f.kab.ID, in)
			if err != nil || n != want {
				t.Errorf("round %d: created %d (%v), want %d", round, n, err, want)
			}
		}
	})
}

func newUser(t *testing.T, f *fixture, tenantID int64, username string, roles ...identity.Role) identity.User {
	t.Helper()
	u, err := f.s.CreateUser(ctx, store.System, store.NewUser{TenantID: tenantID, Username: username, DisplayName: "User " + username, Roles: roles, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestUsers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		admin := newUser(t, f, f.kab.ID, "admin.kab", identity.Examiner, identity.Admin)
		if len(admin.Roles) != 2 || admin.Roles[0] != identity.Admin {
			t.Errorf("roles not in display order: %v", admin.Roles)
		}
		_, err := f.s.CreateUser(ctx, store.System, store.NewUser{TenantID: f.kot.ID, Username: "admin.kab", DisplayName: "x", Roles: []identity.Role{identity.Admin}, PasswordHash: "x"})
		wantCode(t, err, apperr.Invalid)
		for i := range 25 {
			newUser(t, f, f.kab.ID, "pegawai"+string(rune('a'+i)), identity.Employee)
		}
		newUser(t, f, f.kot.ID, "admin.kota", identity.Admin)
		op := newUser(t, f, 0, "operator", identity.Operator)
		if op.TenantID != 0 {
			t.Errorf("operator has tenant %d", op.TenantID)
		}

		page, err := f.s.Users(ctx, f.kab.ID, "", 10, 20)
		if err != nil || page.Total != 26 || len(page.Users) != 6 {
			t.Fatalf("page: total %d, %d users, %v", page.Total, len(page.Users), err)
		}
		page, _ = f.s.Users(ctx, f.kab.ID, "ADMIN", 10, 0)
		if page.Total != 1 || page.Users[0].Username != "admin.kab" || len(page.Users[0].Roles) != 2 {
			t.Errorf("search: %+v", page)
		}
		page, _ = f.s.Users(ctx, f.kab.ID, "%", 10, 0)
		if page.Total != 26 {
			t.Errorf("a %% search must match literally nothing special, got %d", page.Total)
		}
		page, _ = f.s.Users(ctx, 0, "", 10, 0)
		if page.Total != 1 || page.Users[0].Username != "operator" {
			t.Errorf("installation users: %+v", page)
		}

		err = f.s.UpdateUser(ctx, store.System, f.kot.ID, admin.ID, store.UserUpdate{DisplayName: "Hijack", Roles: []identity.Role{identity.Admin}})
		wantCode(t, err, apperr.NotFound)
		if err := f.s.UpdateUser(ctx, store.System, f.kab.ID, admin.ID, store.UserUpdate{DisplayName: "Siti", Email: "siti@serangkab.go.id", Roles: []identity.Role{identity.Admin}}); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.TenantUser(ctx, f.kab.ID, admin.ID)
		if err != nil || got.DisplayName != "Siti" || len(got.Roles) != 1 {
			t.Errorf("%+v %v", got, err)
		}
		_, err = f.s.TenantUser(ctx, f.kot.ID, admin.ID)
		wantCode(t, err, apperr.NotFound)
	})
}

func TestSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u := newUser(t, f, f.kab.ID, "siti", identity.Admin)
		secret, se, err := f.s.CreateSession(ctx, u, time.Hour, "Mozilla/5.0", identity.StageFull)
		if err != nil {
			t.Fatal(err)
		}
		got, gu, err := f.s.SessionBySecret(ctx, secret)
		if err != nil || got.ID != se.ID || gu.ID != u.ID || !gu.Has(identity.Admin) || !got.ExpiresAt.Equal(se.ExpiresAt) {
			t.Fatalf("%+v %+v %v", got, gu, err)
		}
		if se.ID == secret {
			t.Error("the secret itself is stored")
		}
		_, _, err = f.s.SessionBySecret(ctx, identity.NewSecret())
		wantCode(t, err, apperr.NotFound)

		second, _, _ := f.s.CreateSession(ctx, u, time.Hour, "phone", identity.StageFull)
		list, _ := f.s.UserSessions(ctx, u.ID)
		if len(list) != 2 {
			t.Fatalf("%d sessions", len(list))
		}
		other := newUser(t, f, f.kab.ID, "budi", identity.Employee)
		wantCode(t, f.s.EndSession(ctx, other, se.ID), apperr.NotFound)
		if n, err := f.s.EndOtherSessions(ctx, u, se.ID); err != nil || n != 1 {
			t.Errorf("ended %d: %v", n, err)
		}
		_, _, err = f.s.SessionBySecret(ctx, second)
		wantCode(t, err, apperr.NotFound)

		// Disabling ends sessions; re-enabling does not bring them back.
		if err := f.s.SetDisabled(ctx, store.System, u.ID, true); err != nil {
			t.Fatal(err)
		}
		_, _, err = f.s.SessionBySecret(ctx, secret)
		wantCode(t, err, apperr.NotFound)
		f.s.SetDisabled(ctx, store.System, u.ID, false)
		_, _, err = f.s.SessionBySecret(ctx, secret)
		wantCode(t, err, apperr.NotFound)

		// Expired and idle sessions are purged.
		s3, _, _ := f.s.CreateSession(ctx, u, time.Hour, "", identity.StageFull)
		*f.clock = f.clock.Add(2 * time.Hour)
		if n, err := f.s.PurgeSessions(ctx, 30*time.Minute); err != nil || n != 1 {
			t.Errorf("purged %d: %v", n, err)
		}
		_, _, err = f.s.SessionBySecret(ctx, s3)
		wantCode(t, err, apperr.NotFound)
	})
}

func TestPasswordResetEndsSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u := newUser(t, f, f.kab.ID, "siti", identity.Admin)
		secret, _, _ := f.s.CreateSession(ctx, u, time.Hour, "", identity.StageFull)
		if err := f.s.SetPassword(ctx, store.System, u.ID, "new-hash"); err != nil {
			t.Fatal(err)
		}
		_, hash, err := f.s.UserForSignIn(ctx, "siti")
		if err != nil || hash != "new-hash" {
			t.Errorf("hash %q %v", hash, err)
		}
		_, _, err = f.s.SessionBySecret(ctx, secret)
		wantCode(t, err, apperr.NotFound)
		wantCode(t, f.s.SetPassword(ctx, store.System, 9999, "x"), apperr.NotFound)
	})
}

func TestTokens(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u := newUser(t, f, f.kab.ID, "siti", identity.Admin)
		other := newUser(t, f, f.kot.ID, "budi", identity.Admin)
		secret, tok, err := f.s.CreateToken(ctx, u, "laporan bulanan", identity.ScopeRead)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = f.s.CreateToken(ctx, u, "  ", identity.ScopeRead)
		wantCode(t, err, apperr.Invalid)
		got, gu, err := f.s.TokenBySecret(ctx, secret)
		if err != nil || got.ID != tok.ID || gu.ID != u.ID {
			t.Fatalf("%+v %v", got, err)
		}
		if err := f.s.TouchToken(ctx, got); err != nil {
			t.Fatal(err)
		}
		list, _ := f.s.Tokens(ctx, u.ID)
		if len(list) != 1 || list[0].LastUsedAt.IsZero() {
			t.Errorf("%+v", list)
		}
		wantCode(t, f.s.RevokeToken(ctx, other, tok.ID), apperr.NotFound)
		if err := f.s.RevokeToken(ctx, u, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = f.s.TokenBySecret(ctx, secret)
		wantCode(t, err, apperr.NotFound)
		wantCode(t, f.s.RevokeToken(ctx, u, tok.ID), apperr.NotFound)
	})
}

func TestCalendarDaysOff(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		// 2026-03-02 is a Monday; HUT Kabupaten Serang is not a national holiday.
		day := calendar.NewDate(2026, 3, 2)
		cal, _ := f.s.Calendar(ctx, f.kab.ID)
		if !cal.IsWorkingDay(day) {
			t.Fatal("2026-03-02 should be a working day before the local day off")
		}
		if err := f.s.AddTenantDayOff(ctx, a, f.kab.ID, day, "  HUT Kabupaten  Serang "); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.AddTenantDayOff(ctx, a, f.kab.ID, day, "again"), apperr.Invalid)
		wantCode(t, f.s.AddTenantDayOff(ctx, a, f.kab.ID, calendar.Date{}, "x"), apperr.Invalid)
		wantCode(t, f.s.AddTenantDayOff(ctx, a, f.kab.ID, day.AddDays(1), " "), apperr.Invalid)
		cal, _ = f.s.Calendar(ctx, f.kab.ID)
		if cal.IsWorkingDay(day) {
			t.Error("local day off still a working day")
		}
		if off, ok := cal.DayOff(day); !ok || off.Name != "HUT Kabupaten Serang" || off.Kind != calendar.KindLocal {
			t.Errorf("%+v", off)
		}
		other, _ := f.s.Calendar(ctx, f.kot.ID)
		if !other.IsWorkingDay(day) {
			t.Error("a local day off leaked to another tenant")
		}
		// National data arrived with the right dates: Nyepi 2026-03-19.
		if cal.IsWorkingDay(calendar.NewDate(2026, 3, 19)) || !cal.Covers(2026) {
			t.Error("national holidays missing")
		}
		wantCode(t, f.s.RemoveTenantDayOff(ctx, a, f.kot.ID, day), apperr.NotFound)
		if err := f.s.RemoveTenantDayOff(ctx, a, f.kab.ID, day); err != nil {
			t.Fatal(err)
		}
		local, _ := f.s.TenantDaysOff(ctx, f.kab.ID)
		if len(local) != 0 {
			t.Errorf("%+v", local)
		}
	})
}
