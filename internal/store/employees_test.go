package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/org"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

var rosterUnits = []roster.SynthUnit{
	{Name: "Sekretariat Daerah", Kind: org.KindSekretariat},
	{Name: "Dinas Pendidikan dan Kebudayaan", Kind: org.KindDinas},
	{Name: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", Kind: org.KindBadan},
	{Name: "Kecamatan Cikande", Kind: org.KindKecamatan},
}

// rosterFixture is the fixture with the offices of rosterUnits in both
// tenants and a synthetic roster of n people for Kabupaten Serang.
func rosterFixture(t *testing.T, d *db.DB, n int) (*fixture, []roster.Row) {
	t.Helper()
	f := newFixture(t, d)
	var ins []org.UnitInput
	for _, u := range rosterUnits {
		ins = append(ins, org.UnitInput{Name: u.Name, Kind: u.Kind})
	}
	for _, tn := range []org.Tenant{f.kab, f.kot} {
		if _, err := f.s.EnsureUnits(ctx, store.System, tn.ID, ins); err != nil {
			t.Fatal(err)
		}
	}
	return f, roster.NewSynth(1, 2026).Roster(rosterUnits, n)
}

func importRows(t *testing.T, f *fixture, tenantID int64, rows []roster.Row, opt store.ImportOptions) (roster.Import, []roster.Problem) {
	t.Helper()
	res, problems, err := f.s.ImportEmployees(ctx, store.System, tenantID, rows, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res, problems
}

func countEmployees(t *testing.T, f *fixture, tenantID int64) int {
	t.Helper()
	var n int
	if err := f.s.DB().R.QueryRow(`SELECT COUNT(*) FROM employees WHERE tenant_id = $1`, tenantID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportAndReimportEmployees(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, rows := rosterFixture(t, d, 900) // more than two batches
		res, problems := importRows(t, f, f.kab.ID, rows, store.ImportOptions{})
		if len(problems) != 0 || res.Added != 900 || res.Changed+res.Unchanged+res.Left != 0 || res.ID == 0 {
			t.Fatalf("first import: %+v %v", res, problems)
		}

		// The personnel office sends the roster again: one person moved,
		// one renamed (a degree added), one gone, one new.
		moved, renamed, gone := pick(rows, roster.Pelaksana, 0), pick(rows, roster.Pelaksana, 1), pick(rows, roster.Pelaksana, 2)
		next := make([]roster.Row, 0, len(rows))
		for _, r := range rows {
			switch r.NIP {
			case gone.NIP:
				continue
			case moved.NIP:
				r.Position, r.Unit, r.SuperiorNIP = "Analis Kepegawaian", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", ""
			case renamed.NIP:
				r.Name += ", S.E."
			}
			next = append(next, r)
		}
		fresh := roster.NewSynth(99, 2026).Roster(rosterUnits[:1], 1)[0]
		fresh.SuperiorNIP = ""
		next = append(next, fresh)
		*f.clock = f.clock.Add(24 * time.Hour)
		res, problems = importRows(t, f, f.kab.ID, next, store.ImportOptions{})
		if len(problems) != 0 || res.Added != 1 || res.Changed != 2 || res.Left != 1 || res.Unchanged != 897 {
			t.Fatalf("re-import: %+v %v", res, problems)
		}

		e, err := f.s.EmployeeByNIP(ctx, f.kab.ID, moved.NIP.String())
		if err != nil || e.Position != "Analis Kepegawaian" || !strings.HasPrefix(e.UnitName, "Badan Kepegawaian") || e.SuperiorID != 0 {
			t.Fatalf("moved: %+v %v", e, err)
		}
		history, err := f.s.EmployeePositions(ctx, f.kab.ID, e.ID)
		if err != nil || len(history) != 2 || history[0].Position != "Analis Kepegawaian" || history[1].Position != moved.Position ||
			!history[0].RecordedAt.After(history[1].RecordedAt) {
			t.Fatalf("history of the moved: %+v %v", history, err)
		}
		e, _ = f.s.EmployeeByNIP(ctx, f.kab.ID, renamed.NIP.String())
		if history, _ := f.s.EmployeePositions(ctx, f.kab.ID, e.ID); len(history) != 1 || !strings.HasSuffix(e.Name, "S.E.") {
			t.Errorf("a new name is not a new position: %d records, %q", len(history), e.Name)
		}
		e, _ = f.s.EmployeeByNIP(ctx, f.kab.ID, gone.NIP.String())
		if history, _ := f.s.EmployeePositions(ctx, f.kab.ID, e.ID); e.State != roster.Left || len(history) != 2 || history[0].State != roster.Left {
			t.Errorf("gone: %s, %d records", e.State, len(history))
		}

		// The same file again changes nothing.
		res, _ = importRows(t, f, f.kab.ID, next, store.ImportOptions{})
		if res.Unchanged != len(next) || res.Added+res.Changed+res.Left != 0 {
			t.Errorf("third import: %+v", res)
		}
		imports, err := f.s.EmployeeImports(ctx, f.kab.ID, 10)
		if err != nil || len(imports) != 3 || imports[1].Changed != 2 {
			t.Errorf("imports %+v %v", imports, err)
		}
	})
}

// pick returns the i-th row of a kind that has a superior.
func pick(rows []roster.Row, kind roster.PositionKind, i int) roster.Row {
	for _, r := range rows {
		if r.Kind == kind && r.SuperiorNIP != "" {
			if i == 0 {
				return r
			}
			i--
		}
	}
	panic("no such row")
}

func TestImportWithProblemsWritesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, rows := rosterFixture(t, d, 200)
		bad := append([]roster.Row(nil), rows...)
		bad[3].Unit = "Dinas Yang Tidak Ada"
		orphan := pick(bad, roster.Pelaksana, 0)
		for i := range bad {
			if bad[i].NIP == orphan.NIP {
				bad[i].SuperiorNIP = "199912312025121999"
			}
		}
		res, problems := importRows(t, f, f.kab.ID, bad, store.ImportOptions{})
		keys := map[string]bool{}
		for _, p := range problems {
			keys[p.Key] = true
			if p.Line < 2 || p.NIP == "" {
				t.Errorf("problem without a line or NIP: %+v", p)
			}
		}
		if !keys["roster.unit.unknown"] || !keys["roster.superior.unknown"] || res.ID != 0 {
			t.Fatalf("%+v %v", res, problems)
		}
		if n := countEmployees(t, f, f.kab.ID); n != 0 {
			t.Fatalf("%d employees written despite problems", n)
		}

		// Asked to import the valid rows, it leaves out the bad ones and
		// those whose superior was left out.
		res, _ = importRows(t, f, f.kab.ID, bad, store.ImportOptions{ValidOnly: true})
		if res.Skipped < 2 || res.Added != len(bad)-res.Skipped || countEmployees(t, f, f.kab.ID) != res.Added {
			t.Fatalf("valid rows: %+v", res)
		}
	})
}

func TestImportRefusesAnotherTenantsEmployee(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, rows := rosterFixture(t, d, 50)
		importRows(t, f, f.kab.ID, rows, store.ImportOptions{})
		// Kota Serang's file holds one of Kabupaten Serang's people.
		top := rows[0]
		for _, r := range rows {
			if r.SuperiorNIP == "" {
				top = r
			}
		}
		_, problems := importRows(t, f, f.kot.ID, []roster.Row{top}, store.ImportOptions{})
		if len(problems) != 1 || problems[0].Key != "roster.nip.other_tenant" || countEmployees(t, f, f.kot.ID) != 0 {
			t.Fatalf("%v", problems)
		}
		// Once Kabupaten Serang's roster no longer has them, Kota Serang may.
		var rest []roster.Row
		for _, r := range rows {
			if r.NIP != top.NIP && r.SuperiorNIP != top.NIP.String() {
				rest = append(rest, r)
			}
		}
		res, problems := importRows(t, f, f.kab.ID, rest, store.ImportOptions{ValidOnly: true})
		if res.Left == 0 {
			t.Fatalf("%+v %v", res, problems)
		}
		if res, problems := importRows(t, f, f.kot.ID, []roster.Row{top}, store.ImportOptions{}); res.Added != 1 || len(problems) != 0 {
			t.Fatalf("after leaving: %+v %v", res, problems)
		}
	})
}

func TestImportIsAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, rows := rosterFixture(t, d, 1000)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		_, _, err := f.s.ImportEmployees(cctx, store.System, f.kab.ID, rows, store.ImportOptions{
			Progress: func(done, total int) { cancel() }, // stops after the first batch
		})
		if err == nil {
			t.Fatal("a cancelled import succeeded")
		}
		if n := countEmployees(t, f, f.kab.ID); n != 0 {
			t.Fatalf("%d employees left behind by a failed import", n)
		}
	})
}

func TestEmployeeHierarchyAndSearch(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, rows := rosterFixture(t, d, 400)
		importRows(t, f, f.kab.ID, rows, store.ImportOptions{})
		byNIP := map[string]roster.Row{}
		for _, r := range rows {
			byNIP[r.NIP.String()] = r
		}
		// The chain of a clerk in a kecamatan ends at the Sekda.
		var clerk roster.Row
		for _, r := range rows {
			if r.Kind == roster.Pelaksana && r.Unit == "Kecamatan Cikande" {
				clerk = r
				break
			}
		}
		e, err := f.s.EmployeeByNIP(ctx, f.kab.ID, clerk.NIP.String())
		if err != nil {
			t.Fatal(err)
		}
		chain, err := f.s.SuperiorChain(ctx, f.kab.ID, e.ID)
		if err != nil || len(chain) < 2 {
			t.Fatalf("chain %v %v", chain, err)
		}
		want := clerk.SuperiorNIP
		for _, c := range chain {
			if c.NIP != want {
				t.Fatalf("chain %v: %s, want %s", chain, c.NIP, want)
			}
			want = byNIP[c.NIP].SuperiorNIP
		}
		if last := chain[len(chain)-1]; last.Position != "Sekretaris Daerah" {
			t.Errorf("chain ends at %q", last.Position)
		}
		// Subordinates one and two levels below the Sekda.
		sekda := chain[len(chain)-1]
		one, n1, err := f.s.Subordinates(ctx, f.kab.ID, sekda.ID, 1, 0, 200)
		if err != nil || n1 != len(one) || n1 < 4 {
			t.Fatalf("one level: %d %v", n1, err)
		}
		for _, s := range one {
			if s.SuperiorID != sekda.ID {
				t.Errorf("%s is not directly under the Sekda", s.Position)
			}
		}
		two, n2, _ := f.s.Subordinates(ctx, f.kab.ID, sekda.ID, 2, 0, 5)
		if len(two) != 5 || n2 <= 5 {
			t.Errorf("two levels: %d of %d", len(two), n2)
		}
		// Another tenant sees nothing of it.
		if _, err := f.s.Employee(ctx, f.kot.ID, e.ID); err == nil {
			t.Error("Kota Serang reads Kabupaten Serang's employee")
		}

		// Search by NIP prefix and by name with and without titles.
		found, total, err := f.s.SearchEmployees(ctx, f.kab.ID, store.EmployeeQuery{Text: clerk.NIP.String()[:8]})
		if err != nil || total == 0 || !hasNIP(found, clerk.NIP.String()) {
			t.Fatalf("by NIP prefix: %d %v", total, err)
		}
		found, _, _ = f.s.SearchEmployees(ctx, f.kab.ID, store.EmployeeQuery{Text: clerk.NIP.Formatted()})
		if len(found) != 1 {
			t.Errorf("by formatted NIP: %d", len(found))
		}
		bare := roster.SearchName(clerk.Name)
		for _, q := range []string{bare, strings.ToUpper(bare[:3]), "Drs. " + bare, bare + ", S.Pd."} {
			found, _, err := f.s.SearchEmployees(ctx, f.kab.ID, store.EmployeeQuery{Text: q, Limit: 200})
			if err != nil || !hasNIP(found, clerk.NIP.String()) {
				t.Errorf("search %q does not find %q", q, clerk.Name)
			}
			if q == bare && roster.SearchName(found[0].Name)[:len(bare)] != bare {
				t.Errorf("search %q: prefix matches do not come first: %q", q, found[0].Name)
			}
		}
		// A word inside the name.
		if words := strings.Fields(bare); len(words) > 1 {
			found, _, _ := f.s.SearchEmployees(ctx, f.kab.ID, store.EmployeeQuery{Text: words[1], Limit: 200})
			if !hasNIP(found, clerk.NIP.String()) {
				t.Errorf("contains %q does not find %q", words[1], clerk.Name)
			}
		}
		pre, err := f.s.SearchEmployeesByNamePrefix(ctx, f.kab.ID, bare, 10)
		if err != nil || !hasNIP(pre, clerk.NIP.String()) {
			t.Errorf("prefix picker: %v %v", pre, err)
		}
		// Paging covers everyone once.
		seen := map[int64]bool{}
		for off := 0; ; off += 150 {
			page, total, err := f.s.SearchEmployees(ctx, f.kab.ID, store.EmployeeQuery{Offset: off, Limit: 150})
			if err != nil || total != 400 {
				t.Fatalf("page: %d %v", total, err)
			}
			for _, p := range page {
				seen[p.ID] = true
			}
			if len(page) < 150 {
				break
			}
		}
		if len(seen) != 400 {
			t.Errorf("paging saw %d of 400", len(seen))
		}
		if found, total, _ := f.s.SearchEmployees(ctx, f.kab.ID, store.EmployeeQuery{Text: "100% _x"}); total != 0 || len(found) != 0 {
			t.Errorf("wildcards matched %d", total)
		}
	})
}

func hasNIP(es []roster.Employee, n string) bool {
	for _, e := range es {
		if e.NIP == n {
			return true
		}
	}
	return false
}

// Importing the valid rows of a file never takes a skipped row's person for
// someone who left; when a skipped row's NIP cannot be read, nobody is
// marked as left.
func TestValidOnlyKeepsSkippedPeople(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, rows := rosterFixture(t, d, 200)
		importRows(t, f, f.kab.ID, rows, store.ImportOptions{})
		var buf strings.Builder
		if err := roster.WriteCSV(&buf, rows); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(buf.String(), "\n")
		// A bad rank on a clerk (the NIP is readable).
		clerk := pick(rows, roster.Pelaksana, 0)
		for i, l := range lines {
			if strings.HasPrefix(l, clerk.NIP.String()+",") {
				lines[i] = strings.Replace(l, ","+clerk.Rank+",", ",IX/z,", 1)
			}
		}
		read, problems, err := roster.ReadCSV(strings.NewReader(strings.Join(lines, "\n")))
		if err != nil || len(problems) != 1 || problems[0].NIP != clerk.NIP.String() {
			t.Fatalf("%v %v", problems, err)
		}
		res, _ := importRows(t, f, f.kab.ID, read, store.ImportOptions{ValidOnly: true, Skipped: problems})
		if res.Left != 0 || res.Skipped != 1 || res.Unchanged != 199 {
			t.Fatalf("a skipped row left the roster: %+v", res)
		}
		// A line whose NIP cannot be read: nobody is marked as left, even
		// the person truly missing from the file.
		gone := pick(rows, roster.Pelaksana, 1)
		var kept []roster.Row
		for _, r := range read {
			if r.NIP != gone.NIP {
				kept = append(kept, r)
			}
		}
		unreadable := []roster.Problem{{Line: 300, Column: "NIP", Key: "nip.length"}}
		res, _ = importRows(t, f, f.kab.ID, kept, store.ImportOptions{ValidOnly: true, Skipped: unreadable})
		if res.Left != 0 || !res.LeftUnknown {
			t.Errorf("%+v", res)
		}
		// A file without problems marks both missing people: the one
		// skipped before and the one gone.
		res, _ = importRows(t, f, f.kab.ID, kept, store.ImportOptions{})
		if res.Left != 2 {
			t.Errorf("a clean import marks the missing people: %+v", res)
		}
	})
}

// Two imports of one tenant at once queue rather than both adding the
// same people: one adds them, the other finds them unchanged.
func TestConcurrentImportsOfOneTenantQueue(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, rows := rosterFixture(t, d, 500)
		results := make(chan roster.Import, 2)
		errs := make(chan error, 2)
		for range 2 {
			go func() {
				res, problems, err := f.s.ImportEmployees(ctx, store.System, f.kab.ID, slices.Clone(rows), store.ImportOptions{})
				if err == nil && len(problems) > 0 {
					err = fmt.Errorf("problems %v", problems)
				}
				results <- res
				errs <- err
			}()
		}
		var added, unchanged int
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
			res := <-results
			added += res.Added
			unchanged += res.Unchanged
		}
		if added != 500 || unchanged != 500 {
			t.Errorf("added %d, unchanged %d: want 500 and 500", added, unchanged)
		}
		if n := countEmployees(t, f, f.kab.ID); n != 500 {
			t.Errorf("%d employees", n)
		}
	})
}
