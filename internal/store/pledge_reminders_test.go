package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/org"
	"sigap/internal/pledge"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

type pledgePerson struct {
	nip, unit     string
	kind          roster.PositionKind
	level, echelo string
}

// importPledgePeople puts people on the kab roster and returns them by NIP.
func importPledgePeople(t *testing.T, f *fixture, people []pledgePerson) map[string]roster.Employee {
	t.Helper()
	var rows []roster.Row
	for i, p := range people {
		n, err := nip.Parse(p.nip)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, roster.Row{Line: i + 2, NIP: n, Name: "Pegawai " + p.nip[14:], Status: roster.PNS, Position: "Jabatan", Kind: p.kind,
			Level: p.level, Echelon: p.echelo, Unit: p.unit, State: roster.Active})
	}
	if _, problems, err := f.s.ImportEmployees(ctx, store.System, f.kab.ID, rows, store.ImportOptions{}); err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	out := map[string]roster.Employee{}
	for _, p := range people {
		e, err := f.s.EmployeeByNIP(ctx, f.kab.ID, p.nip)
		if err != nil {
			t.Fatal(err)
		}
		out[p.nip] = e
	}
	return out
}

func signPledge(t *testing.T, f *fixture, e roster.Employee, v store.PledgeVersion) store.PledgeSignature {
	t.Helper()
	g, err := f.s.AddPledgeSignature(ctx, store.System, f.kab.ID, store.PledgeSignature{EmployeeID: e.ID, VersionID: v.ID, Method: "electronic",
		Statement: pledge.Statement, SHA256: v.SHA256})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func coverageString(rows []store.PledgeCoverage) string {
	s := ""
	for _, r := range rows {
		s += fmt.Sprintf("%s=%d/%d(%d%%) ", r.Name, r.Signed, r.Total, r.Percent())
	}
	return s
}

// Coverage by office counts a sub-unit's employees in its top-level
// office (OPD); by echelon it counts structural officials, by level the
// functional ones, in order of seniority with an unrecorded one last.
func TestPledgeCoverageRollupAndLevels(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		unit := func(name string, parent int64) org.Unit {
			u, err := f.s.CreateUnit(ctx, store.System, f.kab.ID, org.UnitInput{Name: name, Kind: org.KindDinas, ParentID: parent})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		dinas := unit("Dinas Kesehatan", 0)
		bidang := unit("Bidang Pelayanan", dinas.ID)
		unit("Seksi Rujukan", bidang.ID)
		unit("Badan Keuangan", 0)
		people := importPledgePeople(t, f, []pledgePerson{
			{"197001011995031001", "Dinas Kesehatan", roster.JPTPratama, "", "II.b"},
			{"197001011995031002", "Bidang Pelayanan", roster.Administrator, "", "III.a"},
			{"197001011995031003", "Seksi Rujukan", roster.Pengawas, "", "IV.a"},
			{"197001011995031004", "Seksi Rujukan", roster.Fungsional, "ahli_muda", ""},
			{"197001011995031005", "Badan Keuangan", roster.Fungsional, "ahli_pertama", ""},
			{"197001011995031006", "Badan Keuangan", roster.Administrator, "", ""},
			{"197001011995031007", "Badan Keuangan", roster.Pelaksana, "", ""},
		})
		v, err := f.s.AddPledgeVersion(ctx, store.System, f.kab.ID, "Pakta", pledge.DefaultText)
		if err != nil {
			t.Fatal(err)
		}
		all, err := f.s.AddPledgeCampaign(ctx, store.System, f.kab.ID, store.PledgeCampaign{VersionID: v.ID, Name: "Semua", Scope: "all", Due: calendar.NewDate(2026, 4, 1)})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"197001011995031001", "197001011995031003", "197001011995031005"} {
			signPledge(t, f, people[n], v)
		}
		cov := func(c store.PledgeCampaign, by string) string {
			rows, err := f.s.PledgeCoverage(ctx, f.kab.ID, c, time.Time{}, by)
			if err != nil {
				t.Fatal(err)
			}
			return coverageString(rows)
		}
		if got, want := cov(all, store.ByOffice), "Badan Keuangan=1/3(33%) Dinas Kesehatan=2/4(50%) "; got != want {
			t.Errorf("by office:\n got %s\nwant %s", got, want)
		}
		if got, want := cov(all, store.ByEchelon), "II.b=1/1(100%) III.a=0/1(0%) IV.a=1/1(100%) =0/1(0%) "; got != want {
			t.Errorf("by echelon:\n got %s\nwant %s", got, want)
		}
		if got, want := cov(all, store.ByLevel), "ahli_muda=0/1(0%) ahli_pertama=1/1(100%) "; got != want {
			t.Errorf("by level:\n got %s\nwant %s", got, want)
		}
		if got, want := cov(all, store.ByKind), "jpt_pratama=1/1(100%) administrator=0/2(0%) pengawas=1/1(100%) fungsional=1/2(50%) pelaksana=0/1(0%) "; got != want {
			t.Errorf("by kind:\n got %s\nwant %s", got, want)
		}
		// A campaign for a sub-unit still rolls up to its OPD.
		sub, err := f.s.AddPledgeCampaign(ctx, store.System, f.kab.ID, store.PledgeCampaign{VersionID: v.ID, Name: "Bidang", Scope: "unit", UnitID: bidang.ID, Due: calendar.NewDate(2026, 4, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := cov(sub, store.ByOffice), "Dinas Kesehatan=1/3(33%) "; got != want {
			t.Errorf("sub-unit campaign by office:\n got %s\nwant %s", got, want)
		}
		if got := cov(sub, store.ByLevel); got != "ahli_muda=0/1(0%) " {
			t.Errorf("sub-unit campaign by level: %s", got)
		}
		// No functional official asked: no rows, not an error.
		kind, _ := f.s.AddPledgeCampaign(ctx, store.System, f.kab.ID, store.PledgeCampaign{VersionID: v.ID, Name: "Pelaksana", Scope: "kind", Kind: roster.Pelaksana, Due: calendar.NewDate(2026, 4, 1)})
		if got := cov(kind, store.ByLevel); got != "" {
			t.Errorf("pelaksana campaign by level: %s", got)
		}
		if _, err := f.s.PledgeCoverage(ctx, f.kab.ID, all, time.Time{}, "nope"); err == nil {
			t.Error("an unknown grouping was accepted")
		}
	})
}

// Reminders go once per campaign within the days before its due date, to
// the linked employees who have not signed and to the prevention officers,
// even with two watches at once; with a renewal period a signature about
// to lapse is reminded once; 0 days turns them off.
func TestPledgeReminders(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		if _, err := f.s.CreateUnit(ctx, store.System, f.kab.ID, org.UnitInput{Name: "Inspektorat", Kind: org.KindDinas}); err != nil {
			t.Fatal(err)
		}
		people := importPledgePeople(t, f, []pledgePerson{
			{"198001012005011001", "Inspektorat", roster.Pelaksana, "", ""},
			{"198001012005011002", "Inspektorat", roster.Pelaksana, "", ""},
			{"198001012005011003", "Inspektorat", roster.Pelaksana, "", ""}, // no account
		})
		a, b := people["198001012005011001"], people["198001012005011002"]
		ua := newUser(t, f, f.kab.ID, "pegawai.a", identity.Employee)
		ub := newUser(t, f, f.kab.ID, "pegawai.b", identity.Employee)
		officer := newUser(t, f, f.kab.ID, "pencegahan.kab", identity.Prevention)
		other := newUser(t, f, f.kot.ID, "pencegahan.kot", identity.Prevention)
		for u, e := range map[int64]int64{ua.ID: a.ID, ub.ID: b.ID} {
			if err := f.s.LinkUserEmployee(ctx, store.System, f.kab.ID, u, e); err != nil {
				t.Fatal(err)
			}
		}
		count := func(userID int64, kind string) int {
			var n int
			if err := d.R.QueryRow(`SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = $2`, userID, kind).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		watch := func(at time.Time) store.PledgeWatch {
			t.Helper()
			*f.clock = at
			today := calendar.DateOf(at, time.UTC)
			var wg sync.WaitGroup
			res := make([]store.PledgeWatch, 2)
			errs := make([]error, 2)
			for i := range res {
				wg.Go(func() { res[i], errs[i] = f.s.WatchPledges(ctx, f.kab.ID, today) })
			}
			wg.Wait()
			if errs[0] != nil || errs[1] != nil {
				t.Fatal(errs)
			}
			return store.PledgeWatch{Campaigns: res[0].Campaigns + res[1].Campaigns, Employees: res[0].Employees + res[1].Employees,
				Renewals: res[0].Renewals + res[1].Renewals}
		}
		day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 8, 0, 0, 0, time.UTC) }

		v, err := f.s.AddPledgeVersion(ctx, store.System, f.kab.ID, "Pakta", pledge.DefaultText)
		if err != nil {
			t.Fatal(err)
		}
		c1, err := f.s.AddPledgeCampaign(ctx, store.System, f.kab.ID, store.PledgeCampaign{VersionID: v.ID, Name: "2026", Scope: "all", Due: calendar.NewDate(2026, 3, 20)})
		if err != nil {
			t.Fatal(err)
		}
		signPledge(t, f, a, v) // 2 March 2026
		// Eighteen days ahead is outside the default seven.
		if w := watch(day(2026, 3, 2)); w != (store.PledgeWatch{}) {
			t.Fatalf("reminded early: %+v", w)
		}
		// Seven days ahead: b is told, a (signed) is not, the officer gets one
		// summary; two watches at once send it once.
		if w := watch(day(2026, 3, 13)); w != (store.PledgeWatch{Campaigns: 1, Employees: 1}) {
			t.Fatalf("due watch: %+v", w)
		}
		if w := watch(day(2026, 3, 14)); w != (store.PledgeWatch{}) {
			t.Fatalf("reminded twice: %+v", w)
		}
		if ua, ub, off, kot := count(ua.ID, "pledge.due_soon"), count(ub.ID, "pledge.due_soon"), count(officer.ID, "pledge.campaign_due"), count(other.ID, "pledge.campaign_due"); ua != 0 || ub != 1 || off != 1 || kot != 0 {
			t.Fatalf("due notifications: a %d, b %d, officer %d, other government %d", ua, ub, off, kot)
		}
		var objType, objID string
		d.R.QueryRow(`SELECT object_type, object_id FROM notifications WHERE user_id = $1`, ub.ID).Scan(&objType, &objID)
		if objType != "own_pledges" || objID != fmt.Sprint(c1.ID) {
			t.Errorf("employee notification points at %s %s", objType, objID)
		}
		var audited int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'pledge.reminded'`).Scan(&audited)
		if audited != 1 {
			t.Errorf("%d reminder audit events", audited)
		}
		signPledge(t, f, b, v) // 14 March 2026

		// Off: a campaign in its window sends nothing.
		if err := f.s.SetPledgeSettings(ctx, store.System, f.kab.ID, store.PledgeSettings{RenewMonths: 0, RemindDays: 0}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddPledgeCampaign(ctx, store.System, f.kab.ID, store.PledgeCampaign{VersionID: v.ID, Name: "Ulang", Scope: "all", Due: calendar.NewDate(2026, 3, 16)}); err != nil {
			t.Fatal(err)
		}
		// c (no account) has not signed, so the officers would be told.
		if w := watch(day(2026, 3, 14)); w != (store.PledgeWatch{}) {
			t.Fatalf("reminded with reminders off: %+v", w)
		}

		// Renewal every 12 months, reminded 7 days ahead.
		if err := f.s.SetPledgeSettings(ctx, store.System, f.kab.ID, store.PledgeSettings{RenewMonths: 12, RemindDays: 7}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddPledgeCampaign(ctx, store.System, f.kab.ID, store.PledgeCampaign{VersionID: v.ID, Name: "Tahunan", Scope: "all", Due: calendar.NewDate(2027, 12, 31)}); err != nil {
			t.Fatal(err)
		}
		// 24 Feb 2027: a's signature lapses on 2 March, b's on 14 March.
		if w := watch(day(2027, 2, 24)); w != (store.PledgeWatch{Renewals: 1}) {
			t.Fatalf("renewal watch: %+v", w)
		}
		if w := watch(day(2027, 2, 25)); w != (store.PledgeWatch{}) {
			t.Fatalf("renewal reminded twice: %+v", w)
		}
		if a, b := count(ua.ID, "pledge.renew_soon"), count(ub.ID, "pledge.renew_soon"); a != 1 || b != 0 {
			t.Fatalf("renewal notifications: a %d, b %d", a, b)
		}
		// 9 March 2027, a campaign due on the 12th: a (lapsed) and b (lapsing
		// on the 14th) are told of the due date, b not again of the renewal.
		_, err = f.s.AddPledgeCampaign(ctx, store.System, f.kab.ID, store.PledgeCampaign{VersionID: v.ID, Name: "Maret", Scope: "all", Due: calendar.NewDate(2027, 3, 12)})
		if err != nil {
			t.Fatal(err)
		}
		if w := watch(day(2027, 3, 9)); w != (store.PledgeWatch{Campaigns: 1, Employees: 2}) {
			t.Fatalf("due watch with renewal: %+v", w)
		}
		if a, b, rb, off := count(ua.ID, "pledge.due_soon"), count(ub.ID, "pledge.due_soon"), count(ub.ID, "pledge.renew_soon"), count(officer.ID, "pledge.campaign_due"); a != 1 || b != 2 || rb != 0 || off != 2 {
			t.Fatalf("after the March campaign: a due %d, b due %d, b renew %d, officer %d", a, b, rb, off)
		}
		// A newer version: old-version campaigns are not renewed.
		if _, err := f.s.AddPledgeVersion(ctx, store.System, f.kab.ID, "Pakta", pledge.DefaultText+"\n8. tambahan."); err != nil {
			t.Fatal(err)
		}
		signPledge(t, f, a, v) // 9 March 2027, lapses March 2028
		if w := watch(day(2028, 3, 5)); w.Renewals != 0 {
			t.Fatalf("an old version's signature reminded: %+v", w)
		}
	})
}
