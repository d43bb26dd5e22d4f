package store_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/org"
	"sigap/internal/pledge"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// The rollup's staff and signers come from counts kept at write time:
// after every kind of write that moves them (imports adding, changing,
// retiring, dropping and bringing back employees, an employee moving to
// another government, electronic and paper signatures, renewals, a new
// version, the renewal period and the clock moving the cutoff, across
// a day's signatures too) they equal the count from the raw rows, and
// Check finds nothing to repair; Rebuild repairs a damaged count.
func TestRollupCountsFollowWrites(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		s, kab, kot := f.s, f.kab.ID, f.kot.ID
		var ins []org.UnitInput
		for _, u := range rosterUnits {
			ins = append(ins, org.UnitInput{Name: u.Name, Kind: u.Kind})
		}
		for _, id := range []int64{kab, kot} {
			if _, err := s.EnsureUnits(ctx, store.System, id, ins); err != nil {
				t.Fatal(err)
			}
		}
		kabRows := roster.NewSynth(1, 2026).Roster(rosterUnits, 60)
		kotRows := roster.NewSynth(7, 2026).Roster(rosterUnits, 20)
		importRows(t, f, kab, kabRows, store.ImportOptions{})
		importRows(t, f, kot, kotRows, store.ImportOptions{})

		// The raw counts, as the rollup counted before the counts were kept.
		raw := func() (map[int64]int, map[int64]int) {
			t.Helper()
			staff, signed := map[int64]int{}, map[int64]int{}
			for _, id := range []int64{kab, kot} {
				var n int
				if err := d.R.QueryRow(`SELECT COUNT(*) FROM employees WHERE tenant_id = $1 AND state = 'active'`, id).Scan(&n); err != nil {
					t.Fatal(err)
				}
				staff[id] = n
				vs, err := s.PledgeVersions(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if len(vs) == 0 {
					continue
				}
				newest := slices.MaxFunc(vs, func(a, b store.PledgeVersion) int { return a.Number - b.Number })
				months, err := s.PledgeRenewMonths(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if err := d.R.QueryRow(`SELECT COUNT(DISTINCT g.employee_id) FROM pledge_signatures g
					JOIN employees e ON e.id = g.employee_id AND e.state = 'active'
					WHERE g.version_id = $1 AND g.signed_at >= $2`, newest.ID, pledge.Cutoff(s.Now(), months)).Scan(&n); err != nil {
					t.Fatal(err)
				}
				signed[id] = n
			}
			return staff, signed
		}
		checks := 0
		check := func(when string) {
			t.Helper()
			checks++
			staff, signed := raw()
			got, err := s.OversightFigures(ctx, "", 2026, calendar.NewDate(2026, 3, 2))
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range got {
				if g.Staff != staff[g.Tenant.ID] || g.Signed != signed[g.Tenant.ID] {
					t.Errorf("%s, %s: staff %d signed %d, counted from the rows %d and %d", when, g.Tenant.Slug, g.Staff, g.Signed, staff[g.Tenant.ID], signed[g.Tenant.ID])
				}
				if n, err := s.CheckRollupCounts(ctx, g.Tenant.ID); err != nil || n != 0 {
					t.Errorf("%s, %s: %d counts differ (%v)", when, g.Tenant.Slug, n, err)
				}
			}
		}
		check("after the first imports")

		emp := func(tenant int64, r roster.Row) int64 {
			t.Helper()
			e, err := s.EmployeeByNIP(ctx, tenant, r.NIP.String())
			if err != nil {
				t.Fatal(err)
			}
			return e.ID
		}
		v, err := s.AddPledgeVersion(ctx, store.System, kab, "Pakta", "Teks")
		if err != nil {
			t.Fatal(err)
		}
		sign := func(tenant int64, v store.PledgeVersion, employee int64, method string) {
			t.Helper()
			if _, err := s.AddPledgeSignature(ctx, store.System, tenant, store.PledgeSignature{EmployeeID: employee, VersionID: v.ID, Method: method,
				Statement: pledge.Statement, SHA256: pledge.Hash(v.Body)}); err != nil {
				t.Fatal(err)
			}
		}
		at := func(tm time.Time) { *f.clock = tm }
		// Signatures over several days, two on one day in Jakarta
		// (10:00 and 17:00 WIB on 2 March), renewals on the same and on
		// a later day, on paper too; an inactive employee's signature.
		at(time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC))
		for i := 0; i < 10; i++ {
			sign(kab, v, emp(kab, kabRows[i]), "electronic")
		}
		check("after the morning's signatures")
		at(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
		for i := 8; i < 16; i++ {
			sign(kab, v, emp(kab, kabRows[i]), "paper")
		}
		check("after the afternoon's signatures, some a second time")
		at(time.Date(2026, 3, 5, 2, 0, 0, 0, time.UTC))
		for i := 14; i < 25; i++ {
			sign(kab, v, emp(kab, kabRows[i]), "electronic")
		}
		sign(kab, v, emp(kab, kabRows[0]), "electronic")
		check("after a later day's signatures")

		// The renewal period and the clock: the cutoff on 2 March at
		// 12:00 WIB lies between that day's signatures.
		if err := s.SetPledgeSettings(ctx, store.System, kab, store.PledgeSettings{RenewMonths: 1}); err != nil {
			t.Fatal(err)
		}
		for _, tm := range []time.Time{
			time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2026, 4, 2, 5, 0, 0, 0, time.UTC),
			time.Date(2026, 4, 2, 12, 0, 0, 0, time.UTC),
			time.Date(2026, 4, 4, 20, 0, 0, 0, time.UTC),
			time.Date(2026, 4, 5, 2, 0, 0, 0, time.UTC),
			time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		} {
			at(tm)
			check("at " + tm.Format(time.RFC3339))
		}
		at(time.Date(2026, 4, 2, 5, 0, 0, 0, time.UTC))

		// A second import: some retire, some are dropped from the file
		// (one of them moving to the other government), one changes
		// office, new people come.
		next := slices.Clone(kabRows)
		superiors := map[string]bool{}
		for _, r := range next {
			superiors[r.SuperiorNIP] = true
		}
		var dropped []roster.Row
		for i := range next {
			switch {
			case i == 9 || i == 15 || i == 20:
				next[i].State = roster.Retired
			case i == 1:
				next[i].Unit = rosterUnits[len(rosterUnits)-1].Name
			}
		}
		for i := len(next) - 1; i >= 0 && len(dropped) < 3; i-- {
			if r := next[i]; !superiors[r.NIP.String()] && i < 25 && r.State == roster.Active {
				dropped = append(dropped, r)
				next = slices.Delete(next, i, i+1)
			}
		}
		if len(dropped) != 3 {
			t.Fatalf("%d signers to drop", len(dropped))
		}
		fresh := roster.NewSynth(3, 2026).Roster(rosterUnits, 5)
		for _, r := range fresh[1:] {
			r.SuperiorNIP = next[0].NIP.String()
			next = append(next, r)
		}
		importRows(t, f, kab, next, store.ImportOptions{})
		check("after an import retiring, dropping and adding")

		// The one who left signs the other government's pledge there.
		mover := dropped[0]
		mover.SuperiorNIP = kotRows[0].NIP.String()
		mover.State = roster.Active
		kotNext := append(slices.Clone(kotRows), mover)
		if _, problems := importRows(t, f, kot, kotNext, store.ImportOptions{}); len(problems) != 0 {
			t.Fatalf("the move: %+v", problems)
		}
		check("after the move")
		w, err := s.AddPledgeVersion(ctx, store.System, kot, "Pakta Kota", "Teks kota")
		if err != nil {
			t.Fatal(err)
		}
		sign(kot, w, emp(kot, mover), "electronic")
		sign(kot, w, emp(kot, kotRows[2]), "paper")
		check("after signatures in the other government")

		// Those retired come back, the dropped ones (but the mover) too.
		back := slices.Clone(next)
		for i := range back {
			back[i].State = roster.Active
		}
		back = append(back, dropped[1:]...)
		importRows(t, f, kab, back, store.ImportOptions{})
		check("after an import bringing people back")

		// A new version of the text: the old signatures no longer count.
		v2, err := s.AddPledgeVersion(ctx, store.System, kab, "Pakta", "Teks baru")
		if err != nil {
			t.Fatal(err)
		}
		check("after a new version")
		sign(kab, v2, emp(kab, kabRows[3]), "electronic")
		check("after a signature of the new version")

		// A damaged count is found and repaired.
		if _, err := d.W.Exec(`UPDATE staff_counts SET active = active + 1 WHERE tenant_id = $1`, kab); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.Exec(`UPDATE pledge_counts SET signers = signers + 2 WHERE tenant_id = $1`, kab); err != nil {
			t.Fatal(err)
		}
		if n, err := s.CheckRollupCounts(ctx, kab); err != nil || n < 2 {
			t.Fatalf("damaged counts: %d differ (%v)", n, err)
		}
		if err := s.RebuildRollupCounts(ctx, store.System, kab); err != nil {
			t.Fatal(err)
		}
		check("after the repair")
		if checks < 15 {
			t.Fatalf("%d checks", checks)
		}
	})
}

// Signatures of the same employees at once, while an import retires
// some of them, count each signer once: the employee's row is held while
// its counts are taken out and put back.
func TestRollupCountsConcurrentWrites(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		s, kab := f.s, f.kab.ID
		rows := importSmallRoster(t, f, 30)
		v, err := s.AddPledgeVersion(ctx, store.System, kab, "Pakta", "Teks")
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range rows[:6] {
			e, err := s.EmployeeByNIP(ctx, kab, r.NIP.String())
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		retire := slices.Clone(rows)
		for i := 3; i < 6; i++ {
			retire[i].State = roster.Retired
		}
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, id := range ids {
					if _, err := s.AddPledgeSignature(ctx, store.System, kab, store.PledgeSignature{EmployeeID: id, VersionID: v.ID, Method: "electronic",
						Statement: pledge.Statement, SHA256: pledge.Hash(v.Body)}); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := s.ImportEmployees(ctx, store.System, kab, retire, store.ImportOptions{}); err != nil {
				errs <- err
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if n, err := s.CheckRollupCounts(ctx, kab); err != nil || n != 0 {
			t.Fatalf("%d counts differ (%v)", n, err)
		}
		got, err := s.OversightFigures(ctx, "36", 2026, calendar.NewDate(2026, 3, 2))
		if err != nil {
			t.Fatal(err)
		}
		if got[0].Signed != 3 {
			t.Errorf("signed %d, want the 3 still active", got[0].Signed)
		}
	})
}
