package store_test

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/org"
	"sigap/internal/refdata"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// The roster targets (docs/BENCHMARKS.md, "Roster (employees)"):
//
//   - 100,000 employees imported in under 10 s on each engine, memory
//     under 200 MB: BenchmarkImportEmployees;
//   - search by NIP under 5 ms and by name prefix under 50 ms:
//     BenchmarkEmployeeSearch at 100,000 in one tenant, and
//     BenchmarkNationalRoster at 4.3 million across 542 tenants;
//   - the authority lookup of an employee page under 1 ms:
//     BenchmarkAuthorityLookup.
//
// Every figure has a ceiling beside it, measured in the same run. Making
// databases, tenants, units and rosters is never timed.
//
//	SIGAP_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	go test -run '^$' -bench 'BenchmarkImportEmployees|BenchmarkEmployeeSearch|BenchmarkAuthorityLookup' \
//	    -benchtime 3x -count 3 ./internal/store/
//
// bench/roster.sh runs them with the national benchmark and the command line.

// empBenchSize is the roster size of the 100,000 targets.
const empBenchSize = 100_000

// empBatch is the store's batch (employeeBatch): the ceiling writes the
// same statements' shape.
const empBatch = 400

var (
	empOfficesOnce sync.Once
	empUnits       []roster.SynthUnit
	empInputs      []org.UnitInput
	empOfficesErr  error

	empOnce sync.Once
	empRows []roster.Row
	empFile []byte
	empErr  error
)

// empOffices returns Kabupaten Serang's 58 offices (the demo's), as the
// generator and as EnsureUnits want them.
func empOffices(tb testing.TB) ([]roster.SynthUnit, []org.UnitInput) {
	tb.Helper()
	empOfficesOnce.Do(func() {
		offices, err := refdata.ParseOffices(refdata.SerangOffices())
		if err != nil {
			empOfficesErr = err
			return
		}
		for _, o := range offices {
			if o.Tenant == "kab-serang" {
				empUnits = append(empUnits, roster.SynthUnit{Name: o.Name, Kind: org.UnitKind(o.Kind)})
				empInputs = append(empInputs, org.UnitInput{Name: o.Name, Abbreviation: o.Abbreviation, Kind: org.UnitKind(o.Kind)})
			}
		}
	})
	if empOfficesErr != nil {
		tb.Fatal(empOfficesErr)
	}
	return empUnits, empInputs
}

// empRoster returns the synthetic roster of 100,000 people over Kabupaten
// Serang's offices and the CSV file WriteCSV makes of it, made once per
// test binary.
func empRoster(tb testing.TB) ([]roster.Row, []byte) {
	tb.Helper()
	units, _ := empOffices(tb)
	empOnce.Do(func() {
		empRows = roster.NewSynth(1, 2026).Roster(units, empBenchSize)
		var buf bytes.Buffer
		if empErr = roster.WriteCSV(&buf, empRows); empErr == nil {
			empFile = buf.Bytes()
		}
	})
	if empErr != nil {
		tb.Fatal(empErr)
	}
	if len(empRows) != empBenchSize {
		tb.Fatalf("synthetic roster of %d rows, want %d", len(empRows), empBenchSize)
	}
	return empRows, empFile
}

// empTenant makes Kabupaten Serang with its offices on a fresh database:
// Banten's regions, the tenant, its units. It returns the store, the
// tenant and the units' IDs by name.
func empTenant(tb testing.TB, d *db.DB) (*store.Store, int64, map[string]int64) {
	tb.Helper()
	_, inputs := empOffices(tb)
	s := store.New(d, nil)
	if _, err := s.ImportRegions(ctx, store.System, testdb.BantenRegions(tb)); err != nil {
		tb.Fatal(err)
	}
	t, err := s.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := s.EnsureUnits(ctx, store.System, t.ID, inputs); err != nil {
		tb.Fatal(err)
	}
	units, err := s.Units(ctx, t.ID, false)
	if err != nil {
		tb.Fatal(err)
	}
	ids := map[string]int64{}
	for _, u := range units {
		ids[u.Name] = u.ID
	}
	return s, t.ID, ids
}

// empImport is the full path of an import: the file read and checked by
// ReadCSV, then ImportEmployees. It fails unless every row is written
// (added) or, for a re-import, every row is unchanged.
func empImport(tb testing.TB, s *store.Store, tenantID int64, file []byte, reimport bool) roster.Import {
	res, _ := empImportPhases(tb, s, tenantID, file, reimport)
	return res
}

// empPhases are the parts of one import's time, told apart by the calls
// of ImportOptions.Progress: read is ReadCSV; plan runs from the start
// of ImportEmployees to its first progress report, so it holds the
// checks against the database (units, the roster as it is, NIPs of other
// tenants, superiors) and the first batch; write runs from the first
// report to the last (the other batches: upserts and history rows); end
// from the last report to the return (the import record, ANALYZE on
// PostgreSQL, the audit event, COMMIT).
type empPhases struct{ read, plan, write, end time.Duration }

func empImportPhases(tb testing.TB, s *store.Store, tenantID int64, file []byte, reimport bool) (roster.Import, empPhases) {
	var ph empPhases
	t0 := time.Now()
	rows, problems, err := roster.ReadCSV(bytes.NewReader(file))
	if err != nil || len(problems) != 0 {
		tb.Fatalf("ReadCSV: %v %v", err, problems)
	}
	t1 := time.Now()
	ph.read = t1.Sub(t0)
	var first, last time.Time
	progress := func(done, total int) {
		last = time.Now()
		if first.IsZero() {
			first = last
		}
	}
	res, problems, err := s.ImportEmployees(ctx, store.System, tenantID, rows, store.ImportOptions{Progress: progress})
	t2 := time.Now()
	if !first.IsZero() {
		ph.plan, ph.write, ph.end = first.Sub(t1), last.Sub(first), t2.Sub(last)
	}
	if err != nil || len(problems) != 0 {
		tb.Fatalf("ImportEmployees: %v %v", err, problems)
	}
	if (!reimport && res.Added != len(rows)) || (reimport && res.Unchanged != len(rows)) {
		tb.Fatalf("import of %d rows: %+v", len(rows), res)
	}
	return res, ph
}

// empPlainInsert is the ceiling of an import: the same rows, as the same
// 400-row multi-row INSERTs of the same 15 columns, in one transaction,
// into table (employees, with its key, unique constraint, indexes and
// foreign keys), with nothing read before, no superior IDs (NULL), no
// history, no import record and no audit event.
func empPlainInsert(tb testing.TB, d *db.DB, table string, tenantID int64, units map[string]int64, rows []roster.Row) {
	now := time.Now().UTC()
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(rows); start += empBatch {
			chunk := rows[start:min(start+empBatch, len(rows))]
			args := make([]any, 0, len(chunk)*15)
			for _, r := range chunk {
				args = append(args, tenantID, r.NIP.String(), r.Name, roster.SearchName(r.Name), string(r.Status), r.Rank, r.Position,
					string(r.Kind), r.Level, r.Echelon, units[r.Unit], sql.NullInt64{}, string(r.State), now, now)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (tenant_id, nip, name, search_name, status, rank, position, position_kind,
				functional_level, echelon, unit_id, superior_id, state, created_at, updated_at) VALUES `+d.Rows(len(chunk), 15), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// empPlainInsertOneRow is empPlainInsert with one prepared single-row
// statement executed per row.
func empPlainInsertOneRow(tb testing.TB, d *db.DB, tenantID int64, units map[string]int64, rows []roster.Row) {
	now := time.Now().UTC()
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO employees (tenant_id, nip, name, search_name, status, rank, position, position_kind,
			functional_level, echelon, unit_id, superior_id, state, created_at, updated_at) VALUES `+d.Rows(1, 15))
		if err != nil {
			return err
		}
		defer st.Close()
		for _, r := range rows {
			if _, err := st.ExecContext(ctx, tenantID, r.NIP.String(), r.Name, roster.SearchName(r.Name), string(r.Status), r.Rank, r.Position,
				string(r.Kind), r.Level, r.Echelon, units[r.Unit], sql.NullInt64{}, string(r.State), now, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// heapPeak samples the Go heap (live and not yet collected objects, which
// is what the process holds) every 2 ms, from start until stop.
type heapPeak struct {
	base, peak uint64
	stop, done chan struct{}
}

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// startHeapPeak collects garbage first, so that the peak is what the
// measured work adds to what was live before it.
func startHeapPeak() *heapPeak {
	runtime.GC()
	return sampleHeapPeak()
}

// sampleHeapPeak is startHeapPeak without the collection: the peak is
// then above the live heap and whatever garbage was not yet collected.
func sampleHeapPeak() *heapPeak {
	h := &heapPeak{base: heapBytes(), stop: make(chan struct{}), done: make(chan struct{})}
	h.peak = h.base
	go func() {
		defer close(h.done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			if v := heapBytes(); v > h.peak {
				h.peak = v
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// end stops sampling and returns the peak above the heap live at start.
func (h *heapPeak) end() uint64 {
	close(h.stop)
	<-h.done
	if v := heapBytes(); v > h.peak {
		h.peak = v
	}
	return h.peak - h.base
}

const mb = 1 << 20

// BenchmarkImportEmployees imports 100,000 employees (Kabupaten Serang's
// 58 offices; target: under 10 s and 200 MB on each engine). Per engine,
// side by side so that the ratios hold on a noisy machine:
//
//   - import: ReadCSV of the file WriteCSV made, then ImportEmployees, on a
//     fresh database whose tenant and units exist (first import: every row
//     added, with its position history row);
//   - reimport: the same file again, every row unchanged (the database is
//     made and the first import done outside the timer);
//   - ceiling: the same rows as plain multi-row INSERTs into employees
//     (empPlainInsert).
//
// readcsv is the file's parse alone, which is part of import. The metrics
// are s/import and, for the Go process, heap-MB: the largest amount of
// heap the timed work added above what was live before it.
//
//	go test -run '^$' -bench BenchmarkImportEmployees -benchtime 3x -count 3 ./internal/store/
func BenchmarkImportEmployees(b *testing.B) {
	rows, file := empRoster(b)
	b.Run("readcsv", func(b *testing.B) {
		var heap uint64
		for b.Loop() {
			h := startHeapPeak()
			rs, problems, err := roster.ReadCSV(bytes.NewReader(file))
			heap = max(heap, h.end())
			if err != nil || len(problems) != 0 || len(rs) != len(rows) {
				b.Fatalf("ReadCSV: %d rows, %v %v", len(rs), err, problems)
			}
		}
		empReport(b, heap)
	})
	for _, e := range testdb.Engines() {
		b.Run(string(e)+"/import", func(b *testing.B) {
			var sum empPhases
			empTimedImports(b, e, nil, func(s *store.Store, tenantID int64, _ map[string]int64) {
				_, ph := empImportPhases(b, s, tenantID, file, false)
				sum.read, sum.plan, sum.write, sum.end = sum.read+ph.read, sum.plan+ph.plan, sum.write+ph.write, sum.end+ph.end
			})
			n := float64(b.N)
			b.ReportMetric(sum.read.Seconds()/n, "read-s")
			b.ReportMetric(sum.plan.Seconds()/n, "plan-s")
			b.ReportMetric(sum.write.Seconds()/n, "write-s")
			b.ReportMetric(sum.end.Seconds()/n, "end-s")
		})
		if e == db.SQLite {
			// The ceiling again, as one prepared single-row INSERT run for
			// each row in the one transaction. SQLite keeps a statement
			// journal (a temporary file) for every statement that writes
			// several rows and may fail on a constraint, as a multi-row
			// INSERT does; a one-row statement needs none.
			b.Run(string(e)+"/ceiling-one-row-statements", func(b *testing.B) {
				empTimedImports(b, e, nil, func(s *store.Store, tenantID int64, units map[string]int64) {
					empPlainInsertOneRow(b, s.DB(), tenantID, units, rows)
				})
			})
		}
		b.Run(string(e)+"/reimport", func(b *testing.B) {
			d := testdb.Open(b, e)
			s, tenantID, _ := empTenant(b, d)
			empImport(b, s, tenantID, file, false)
			var heap uint64
			for b.Loop() {
				h := startHeapPeak()
				empImport(b, s, tenantID, file, true)
				heap = max(heap, h.end())
			}
			empReport(b, heap)
		})
		b.Run(string(e)+"/ceiling", func(b *testing.B) {
			empTimedImports(b, e, nil, func(s *store.Store, tenantID int64, units map[string]int64) {
				empPlainInsert(b, s.DB(), "employees", tenantID, units, rows)
			})
		})
	}
}

// empTimedImports times fn once per iteration on a fresh database with the
// tenant and its units (and prepare applied, when not nil); making (and
// closing) the database is not timed.
func empTimedImports(b *testing.B, e db.Engine, prepare func(*db.DB), fn func(*store.Store, int64, map[string]int64)) {
	var heap uint64
	for b.Loop() {
		b.StopTimer()
		d := testdb.Open(b, e)
		if prepare != nil {
			prepare(d)
		}
		s, tenantID, units := empTenant(b, d)
		h := startHeapPeak()
		b.StartTimer()
		fn(s, tenantID, units)
		b.StopTimer()
		heap = max(heap, h.end())
		d.Close() // Cleanup closes it again, harmlessly; the data goes at the end
		b.StartTimer()
	}
	empReport(b, heap)
}

func empReport(b *testing.B, heap uint64) {
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/import")
	b.ReportMetric(float64(heap)/mb, "heap-MB")
}

// empLoaded is a fresh database holding the 100,000 roster in Kabupaten
// Serang, imported as BenchmarkImportEmployees does (on PostgreSQL the
// import ends with ANALYZE).
func empLoaded(b *testing.B, e db.Engine) (*store.Store, int64) {
	d := testdb.Open(b, e)
	s, tenantID, _ := empTenant(b, d)
	_, file := empRoster(b)
	empImport(b, s, tenantID, file, false)
	return s, tenantID
}

// empSample returns n rows of the roster picked at random (fixed seed).
func empSample(rows []roster.Row, n int, seed uint64) []roster.Row {
	rng := mrand.New(mrand.NewPCG(seed, seed))
	out := make([]roster.Row, n)
	for i := range out {
		out[i] = rows[rng.IntN(len(rows))]
	}
	return out
}

// empNamePrefix is what someone types into a picker: the first four
// letters of the name without titles ("siti", "ahma", "budi").
func empNamePrefix(r roster.Row) string {
	n := roster.SearchName(r.Name)
	return n[:min(4, len(n))]
}

// empNameWord is a word searched anywhere in names: the last word of the
// name without titles (often a family or second name, "hidayat").
func empNameWord(r roster.Row) string {
	f := strings.Fields(roster.SearchName(r.Name))
	return f[len(f)-1]
}

// empSearches are the searches the targets name, each with how to check
// one answer. The search box goes through SearchEmployees (a count and a
// page of 50); the picker through SearchEmployeesByNamePrefix (20).
type empSearch struct {
	name string
	run  func(s *store.Store, tenantID int64, r roster.Row, id int64) error
}

func empSearches() []empSearch {
	search := func(text string, want func(total int) bool) func(*store.Store, int64) error {
		return func(s *store.Store, tenantID int64) error {
			out, total, err := s.SearchEmployees(ctx, tenantID, store.EmployeeQuery{Text: text, Limit: 50})
			if err == nil && (!want(total) || len(out) == 0) {
				err = fmt.Errorf("search %q: %d found, %d on the page", text, total, len(out))
			}
			return err
		}
	}
	return []empSearch{
		{"nip-exact", func(s *store.Store, tenantID int64, r roster.Row, _ int64) error {
			return search(r.NIP.String(), func(n int) bool { return n == 1 })(s, tenantID)
		}},
		{"nip-prefix8", func(s *store.Store, tenantID int64, r roster.Row, _ int64) error {
			return search(r.NIP.String()[:8], func(n int) bool { return n >= 1 })(s, tenantID)
		}},
		{"name-prefix", func(s *store.Store, tenantID int64, r roster.Row, _ int64) error {
			out, err := s.SearchEmployeesByNamePrefix(ctx, tenantID, empNamePrefix(r), 20)
			if err == nil && len(out) == 0 {
				err = fmt.Errorf("name prefix %q: nobody", empNamePrefix(r))
			}
			return err
		}},
		{"name-prefix-searchbox", func(s *store.Store, tenantID int64, r roster.Row, _ int64) error {
			return search(empNamePrefix(r), func(n int) bool { return n >= 1 })(s, tenantID)
		}},
		{"name-contains", func(s *store.Store, tenantID int64, r roster.Row, _ int64) error {
			return search(empNameWord(r), func(n int) bool { return n >= 1 })(s, tenantID)
		}},
		{"ceiling-by-nip", func(s *store.Store, tenantID int64, r roster.Row, _ int64) error {
			e, err := s.EmployeeByNIP(ctx, tenantID, r.NIP.String())
			if err == nil && e.NIP != r.NIP.String() {
				err = fmt.Errorf("EmployeeByNIP %s: %s", r.NIP, e.NIP)
			}
			return err
		}},
		{"ceiling-by-id", func(s *store.Store, tenantID int64, r roster.Row, id int64) error {
			e, err := s.Employee(ctx, tenantID, id)
			if err == nil && e.NIP != r.NIP.String() {
				err = fmt.Errorf("Employee %d: %s, want %s", id, e.NIP, r.NIP)
			}
			return err
		}},
	}
}

// BenchmarkEmployeeSearch searches a roster of 100,000 in one tenant
// (target: by NIP under 5 ms, by name prefix under 50 ms), cycling over
// 1,000 people picked at random:
//
//   - nip-exact, nip-prefix8 (the birth date), name-contains (a word of the
//     name): SearchEmployees, as the roster page's search box, page of 50;
//
//   - name-prefix: SearchEmployeesByNamePrefix, four letters, limit 20;
//
//   - name-prefix-searchbox: the same four letters typed into the search
//     box: SearchEmployees, which matches them anywhere in names;
//
//   - ceiling-by-nip: EmployeeByNIP; ceiling-by-id: Employee, a read by
//     primary key. Both read one row with its unit and superior.
//
//     go test -run '^$' -bench BenchmarkEmployeeSearch -count 3 ./internal/store/
func BenchmarkEmployeeSearch(b *testing.B) {
	rows, _ := empRoster(b)
	sample := empSample(rows, 1000, 7)
	for _, e := range testdb.Engines() {
		s, tenantID := empLoaded(b, e)
		ids := make([]int64, len(sample))
		for i, r := range sample {
			emp, err := s.EmployeeByNIP(ctx, tenantID, r.NIP.String())
			if err != nil {
				b.Fatal(err)
			}
			ids[i] = emp.ID
		}
		for _, q := range empSearches() {
			b.Run(string(e)+"/"+q.name, func(b *testing.B) {
				i := 0
				for b.Loop() {
					if err := q.run(s, tenantID, sample[i%len(sample)], ids[i%len(sample)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}

// empPost is what the authority rules need of an employee.
func empPost(e roster.Employee) discipline.Post {
	return discipline.Post{EmployeeID: e.ID, Status: e.Status, Kind: e.Kind, Level: e.Level, UnitID: e.UnitID}
}

// empWithin answers "is unit inside ancestor" from the tenant's unit tree,
// read once, as a page would keep it.
func empWithin(b *testing.B, s *store.Store, tenantID int64) func(unit, ancestor int64) bool {
	units, err := s.Units(ctx, tenantID, true)
	if err != nil {
		b.Fatal(err)
	}
	parent := map[int64]int64{}
	for _, u := range units {
		parent[u.ID] = u.ParentID
	}
	return func(unit, ancestor int64) bool {
		for u, steps := unit, 0; u != 0 && steps < 64; u, steps = parent[u], steps+1 {
			if u == ancestor {
				return true
			}
		}
		return false
	}
}

// empDeepest returns up to n pelaksana of the roster whose chain of
// superiors is the longest in it (staff of a Subbagian of the Sekretariat
// Daerah: Kasubbag, Kabag, Asisten, Sekda), and that length.
func empDeepest(rows []roster.Row, n int) ([]roster.Row, int) {
	byNIP := make(map[string]roster.Row, len(rows))
	for _, r := range rows {
		byNIP[r.NIP.String()] = r
	}
	depth := func(r roster.Row) int {
		d := 0
		for r.SuperiorNIP != "" && d < 64 {
			r, d = byNIP[r.SuperiorNIP], d+1
		}
		return d
	}
	var out []roster.Row
	best := 0
	for _, r := range rows {
		if r.Kind != roster.Pelaksana {
			continue
		}
		switch d := depth(r); {
		case d > best:
			out, best = []roster.Row{r}, d
		case d == best && len(out) < n:
			out = append(out, r)
		}
	}
	return out, best
}

// BenchmarkAuthorityLookup is what an employee page does to say who may
// sanction the employee (target: under 1 ms): read the superior chain with
// SuperiorChain, then DefaultTable().Authorities on it, for pelaksana with
// the longest chains of the 100,000 roster (four superiors), cycling over
// 100 of them. The unit tree for "within" is read once, outside the timer.
//
//   - chain+authorities: the lookup;
//
//   - chain: SuperiorChain alone;
//
//   - authorities: Authorities alone, in memory;
//
//   - ceiling-employee: one Employee read of the same person.
//
//     go test -run '^$' -bench BenchmarkAuthorityLookup -count 3 ./internal/store/
func BenchmarkAuthorityLookup(b *testing.B) {
	rows, _ := empRoster(b)
	deep, depth := empDeepest(rows, 100)
	table := discipline.DefaultTable()
	for _, e := range testdb.Engines() {
		s, tenantID := empLoaded(b, e)
		within := empWithin(b, s, tenantID)
		subjects := make([]roster.Employee, len(deep))
		chains := make([][]discipline.Post, len(deep))
		for i, r := range deep {
			emp, err := s.EmployeeByNIP(ctx, tenantID, r.NIP.String())
			if err != nil {
				b.Fatal(err)
			}
			subjects[i] = emp
			chain, err := s.SuperiorChain(ctx, tenantID, emp.ID)
			if err != nil || len(chain) != depth {
				b.Fatalf("chain of %d, want %d: %v", len(chain), depth, err)
			}
			for _, c := range chain {
				chains[i] = append(chains[i], empPost(c))
			}
		}
		lookup := func(b *testing.B, i int) {
			sub := subjects[i%len(subjects)]
			chain, err := s.SuperiorChain(ctx, tenantID, sub.ID)
			if err != nil || len(chain) != depth {
				b.Fatalf("chain of %d, want %d: %v", len(chain), depth, err)
			}
			posts := make([]discipline.Post, len(chain))
			for j, c := range chain {
				posts[j] = empPost(c)
			}
			if as := table.Authorities(empPost(sub), posts, within); len(as) == 0 || as[0].By == discipline.NotCovered && sub.Status == roster.PNS {
				b.Fatalf("authorities %+v", as)
			}
		}
		b.Run(string(e)+"/chain+authorities", func(b *testing.B) {
			i := 0
			for b.Loop() {
				lookup(b, i)
				i++
			}
		})
		// What the employee page (app.authorities) does besides: the
		// tenant's rule choices, the table with them, and the unit tree
		// read again for "within", then the chain and Authorities.
		b.Run(string(e)+"/page-lookup", func(b *testing.B) {
			i := 0
			for b.Loop() {
				sub := subjects[i%len(subjects)]
				chain, err := s.SuperiorChain(ctx, tenantID, sub.ID)
				if err != nil || len(chain) != depth {
					b.Fatalf("chain of %d, want %d: %v", len(chain), depth, err)
				}
				overrides, err := s.AuthorityOverrides(ctx, tenantID)
				if err != nil {
					b.Fatal(err)
				}
				t, err := discipline.DefaultTable().With(overrides)
				if err != nil {
					b.Fatal(err)
				}
				pageWithin := empWithin(b, s, tenantID)
				posts := make([]discipline.Post, len(chain))
				for j, c := range chain {
					posts[j] = empPost(c)
				}
				if as := t.Authorities(empPost(sub), posts, pageWithin); len(as) == 0 {
					b.Fatal("no authorities")
				}
				i++
			}
		})
		b.Run(string(e)+"/chain", func(b *testing.B) {
			i := 0
			for b.Loop() {
				if chain, err := s.SuperiorChain(ctx, tenantID, subjects[i%len(subjects)].ID); err != nil || len(chain) != depth {
					b.Fatal(len(chain), err)
				}
				i++
			}
		})
		// The query of SuperiorChain, copied from employees.go, with the
		// tenant condition written +e.tenant_id: on SQLite, without
		// statistics, the planner otherwise reads every employee of the
		// tenant through employees_name and probes the chain for each;
		// the unary plus keeps it off that index, so that the chain
		// drives the join. (A diagnostic of the store's query, not part of
		// the lookup's figure.)
		b.Run(string(e)+"/chain-sql-unindexed-tenant", func(b *testing.B) {
			q := `WITH RECURSIVE chain (id, depth) AS (
			SELECT superior_id, 1 FROM employees WHERE tenant_id = $1 AND id = $2 AND superior_id IS NOT NULL
			UNION ALL
			SELECT x.superior_id, c.depth + 1 FROM employees x JOIN chain c ON x.id = c.id
			WHERE x.superior_id IS NOT NULL AND c.depth < 64
		) SELECT e.id, e.tenant_id, e.nip, e.name, e.status, e.rank, e.position, e.position_kind,
	e.functional_level, e.echelon, e.unit_id, u.name, COALESCE(e.superior_id, 0), e.state, e.created_at, e.updated_at,
	COALESCE(s.nip, ''), COALESCE(s.name, '')
	FROM employees e JOIN units u ON u.id = e.unit_id LEFT JOIN employees s ON s.id = e.superior_id JOIN chain c ON c.id = e.id WHERE +e.tenant_id = $1 ORDER BY c.depth`
			i := 0
			dest := make([]any, 18)
			for j := range dest {
				dest[j] = new(any)
			}
			for b.Loop() {
				rows, err := s.DB().R.QueryContext(ctx, q, tenantID, subjects[i%len(subjects)].ID)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for rows.Next() {
					if err := rows.Scan(dest...); err != nil {
						b.Fatal(err)
					}
					n++
				}
				rows.Close()
				if n != depth {
					b.Fatalf("chain of %d, want %d", n, depth)
				}
				i++
			}
		})
		b.Run(string(e)+"/ceiling-employee", func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, err := s.Employee(ctx, tenantID, subjects[i%len(subjects)].ID); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		if e == db.SQLite {
			b.Run("authorities", func(b *testing.B) {
				i := 0
				for b.Loop() {
					_ = table.Authorities(empPost(subjects[i%len(subjects)]), chains[i%len(chains)], within)
					i++
				}
			})
		}
	}
}

// envNational turns BenchmarkNationalRoster on.
const envNational = "SIGAP_BENCH_NATIONAL"

// natTotal is the national roster: about the civil servants of every
// regional government of Indonesia.
const natTotal = 4_300_000

// natTenant is one government of the national benchmark.
type natTenant struct {
	id         int64
	code, name string
	province   bool
	units      []roster.SynthUnit
	size       int
}

// natProvinceOffices are the perangkat daerah of a province, about 40 as
// in most provincial SOTK: no kecamatan, more dinas, several hospitals.
var natProvinceOffices = []roster.SynthUnit{
	{Name: "Sekretariat Daerah", Kind: org.KindSekretariat},
	{Name: "Sekretariat DPRD", Kind: org.KindSekretariat},
	{Name: "Inspektorat", Kind: org.KindInspektorat},
	{Name: "Badan Perencanaan Pembangunan Daerah", Kind: org.KindBadan},
	{Name: "Badan Pendapatan Daerah", Kind: org.KindBadan},
	{Name: "Badan Pengelolaan Keuangan dan Aset Daerah", Kind: org.KindBadan},
	{Name: "Badan Kepegawaian Daerah", Kind: org.KindBadan},
	{Name: "Badan Pengembangan Sumber Daya Manusia", Kind: org.KindBadan},
	{Name: "Badan Penanggulangan Bencana Daerah", Kind: org.KindBadan},
	{Name: "Badan Kesatuan Bangsa dan Politik", Kind: org.KindBadan},
	{Name: "Badan Riset dan Inovasi Daerah", Kind: org.KindBadan},
	{Name: "Badan Penghubung Daerah", Kind: org.KindBadan},
	{Name: "Dinas Pendidikan", Kind: org.KindDinas},
	{Name: "Dinas Kesehatan", Kind: org.KindDinas},
	{Name: "Dinas Pekerjaan Umum dan Penataan Ruang", Kind: org.KindDinas},
	{Name: "Dinas Perumahan Rakyat dan Kawasan Permukiman", Kind: org.KindDinas},
	{Name: "Dinas Sosial", Kind: org.KindDinas},
	{Name: "Dinas Tenaga Kerja dan Transmigrasi", Kind: org.KindDinas},
	{Name: "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Kependudukan", Kind: org.KindDinas},
	{Name: "Dinas Ketahanan Pangan", Kind: org.KindDinas},
	{Name: "Dinas Lingkungan Hidup dan Kehutanan", Kind: org.KindDinas},
	{Name: "Dinas Pemberdayaan Masyarakat dan Desa", Kind: org.KindDinas},
	{Name: "Dinas Perhubungan", Kind: org.KindDinas},
	{Name: "Dinas Komunikasi, Informatika, Statistik dan Persandian", Kind: org.KindDinas},
	{Name: "Dinas Koperasi dan Usaha Kecil Menengah", Kind: org.KindDinas},
	{Name: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", Kind: org.KindDinas},
	{Name: "Dinas Pemuda dan Olahraga", Kind: org.KindDinas},
	{Name: "Dinas Pariwisata", Kind: org.KindDinas},
	{Name: "Dinas Kebudayaan", Kind: org.KindDinas},
	{Name: "Dinas Perpustakaan dan Kearsipan", Kind: org.KindDinas},
	{Name: "Dinas Kelautan dan Perikanan", Kind: org.KindDinas},
	{Name: "Dinas Tanaman Pangan dan Hortikultura", Kind: org.KindDinas},
	{Name: "Dinas Perkebunan", Kind: org.KindDinas},
	{Name: "Dinas Peternakan dan Kesehatan Hewan", Kind: org.KindDinas},
	{Name: "Dinas Perindustrian dan Perdagangan", Kind: org.KindDinas},
	{Name: "Dinas Energi dan Sumber Daya Mineral", Kind: org.KindDinas},
	{Name: "Dinas Bina Marga", Kind: org.KindDinas},
	{Name: "Satuan Polisi Pamong Praja", Kind: org.KindSatpolPP},
	{Name: "Rumah Sakit Umum Daerah", Kind: org.KindRSUD},
	{Name: "Rumah Sakit Jiwa Daerah", Kind: org.KindRSUD},
}

// natTenants returns the 542 governments: the 514 regencies and cities of
// the regions table, each with the 29 offices of Kabupaten Serang (its
// hospital renamed) and up to 11 kecamatan named after its real
// districts, then the first 28 provinces by code with natProvinceOffices.
// Sizes vary as real rosters do (regencies around 6,500, from 2,500 to
// 20,000; provinces 9,000 to 30,000) and add up to natTotal.
func natTenants(tb testing.TB, regions []refdata.Region) []*natTenant {
	serang, _ := empOffices(tb)
	var opd []roster.SynthUnit
	for _, u := range serang {
		if u.Kind != org.KindKecamatan {
			opd = append(opd, u)
		}
	}
	districts := map[string][]string{}
	for _, r := range regions {
		if r.Level == refdata.LevelDistrict && len(districts[r.ParentCode]) < 11 {
			districts[r.ParentCode] = append(districts[r.ParentCode], r.Name)
		}
	}
	var out []*natTenant
	var provinces []*natTenant
	for _, r := range regions {
		switch r.Level {
		case refdata.LevelRegency:
			t := &natTenant{code: r.Code, name: "Pemerintah " + r.Name}
			short := strings.TrimPrefix(strings.TrimPrefix(r.Name, "Kabupaten "), "Kota ")
			for _, u := range opd {
				if u.Kind == org.KindRSUD {
					u.Name = "Rumah Sakit Umum Daerah " + short
				}
				t.units = append(t.units, u)
			}
			for _, name := range districts[r.Code] {
				t.units = append(t.units, roster.SynthUnit{Name: "Kecamatan " + name, Kind: org.KindKecamatan})
			}
			out = append(out, t)
		case refdata.LevelProvince:
			provinces = append(provinces, &natTenant{code: r.Code, name: "Pemerintah Provinsi " + r.Name, province: true, units: natProvinceOffices})
		}
	}
	slices.SortFunc(provinces, func(a, b *natTenant) int { return strings.Compare(a.code, b.code) })
	out = append(out, provinces[:542-len(out)]...)

	rng := mrand.New(mrand.NewPCG(542, 4_300_000))
	raw := make([]float64, len(out))
	for i, t := range out {
		if t.province {
			raw[i] = 9000 + rng.Float64()*21000
		} else {
			raw[i] = 6500 * math.Exp(rng.NormFloat64()*0.45)
		}
	}
	lo, hi := func(t *natTenant) float64 {
		if t.province {
			return 9000
		}
		return 2500
	}, func(t *natTenant) float64 {
		if t.province {
			return 30000
		}
		return 20000
	}
	for range 50 { // scale towards the total, keeping the bounds
		sum := 0.0
		for i, t := range out {
			raw[i] = max(lo(t), min(hi(t), raw[i]))
			sum += raw[i]
		}
		for i := range raw {
			raw[i] *= natTotal / sum
		}
	}
	sum := 0
	for i, t := range out {
		t.size = int(max(lo(t), min(hi(t), raw[i])))
		sum += t.size
	}
	for i := 0; sum != natTotal; i = (i + 1) % len(out) { // the rounding, one at a time
		if d := natTotal - sum; d > 0 && out[i].size < int(hi(out[i])) {
			out[i].size++
			sum++
		} else if d < 0 && out[i].size > int(lo(out[i])) {
			out[i].size--
			sum--
		}
	}
	return out
}

// natOpen makes a schema of its own on the server named by
// SIGAP_TEST_POSTGRES and opens it, migrated. Its connections carry the
// application_name sigap_national, so that the server's processes serving
// them can be found. The schema is dropped at the end unless
// SIGAP_BENCH_KEEP=1 (for EXPLAIN afterwards).
func natOpen(b *testing.B, base string) (*db.DB, string) {
	r := make([]byte, 4)
	rand.Read(r)
	schema := "bench_national_" + hex.EncodeToString(r)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		b.Fatal(err)
	}
	if os.Getenv("SIGAP_BENCH_KEEP") != "1" {
		b.Cleanup(func() {
			if admin, err := sql.Open("pgx", base); err == nil {
				admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
				admin.Close()
			}
		})
	}
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("application_name", "sigap_national")
	u.RawQuery = q.Encode()
	d, err := db.Open(ctx, db.Options{URL: u.String()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	return d, schema
}

// pgMemory follows the memory of the PostgreSQL processes that serve the
// benchmark's connections (root or the postgres user can read their
// /proc): the peak resident set of any one of them (VmHWM, which counts
// the shared buffers it touched), and the peak of their summed
// proportional set (PSS: shared pages divided among the processes that
// map them).
type pgMemory struct {
	mu       sync.Mutex
	hwm, pss uint64 // bytes
	pids     map[int]bool
	readable bool
	stop     chan struct{}
	done     chan struct{}
}

func startPGMemory(d *db.DB) *pgMemory {
	m := &pgMemory{pids: map[int]bool{}, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			m.sample(d)
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *pgMemory) sample(d *db.DB) {
	rows, err := d.R.QueryContext(ctx, `SELECT pid FROM pg_stat_activity WHERE application_name = 'sigap_national'`)
	if err != nil {
		return
	}
	var pids []int
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			pids = append(pids, pid)
		}
	}
	rows.Close()
	var pss uint64
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, pid := range pids {
		m.pids[pid] = true
		if v, ok := procKB(fmt.Sprintf("/proc/%d/status", pid), "VmHWM:"); ok {
			m.readable = true
			m.hwm = max(m.hwm, v*1024)
		}
		if v, ok := procKB(fmt.Sprintf("/proc/%d/smaps_rollup", pid), "Pss:"); ok {
			pss += v * 1024
		}
	}
	m.pss = max(m.pss, pss)
}

func (m *pgMemory) end() {
	close(m.stop)
	<-m.done
}

// procKB reads a "Name:   123 kB" line of a /proc file.
func procKB(path, name string) (uint64, bool) {
	b, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, name); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				v, err := strconv.ParseUint(f[0], 10, 64)
				return v, err == nil
			}
		}
	}
	return 0, false
}

// quantile returns the q-quantile of durations (sorted in place).
func quantile(ds []time.Duration, q float64) time.Duration {
	slices.Sort(ds)
	return ds[min(len(ds)-1, int(q*float64(len(ds))))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkNationalRoster imports a national synthetic roster of 4.3
// million employees across 542 governments on PostgreSQL (target: under 5
// minutes), then searches the largest tenant (targets: by NIP under 5 ms,
// by name prefix under 50 ms). It runs only with SIGAP_BENCH_NATIONAL=1
// and SIGAP_TEST_POSTGRES, once (-benchtime 1x), and takes about
// thirteen minutes (ten of them the imports and their ceiling):
//
//	SIGAP_BENCH_NATIONAL=1 SIGAP_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	go test -run '^$' -bench BenchmarkNationalRoster -benchtime 1x -timeout 20m ./internal/store/
//
// Not timed: the national regions, the 542 tenants and their units
// (EnsureUnits), and the generation of each roster with WriteCSV (one
// Synth for the whole country, so that no NIP is given twice). Timed per
// tenant: ReadCSV of its file and ImportEmployees, and, as the ceiling, the
// same rows as plain multi-row INSERTs (empPlainInsert) into
// employees_plain, a copy of employees made with LIKE … INCLUDING ALL
// (same columns, key, unique constraint and indexes, no foreign keys), in
// the same database. The two alternate tenant by tenant, so that both see
// the same growing table sizes, checkpoints and neighbours.
//
// Then, in the largest tenant, 300 rounds of the searches of
// BenchmarkEmployeeSearch and of the authority lookup, each query timed
// alone: medians and 90th percentiles. Memory: the Go process's heap
// (overall peak, and the most one import added), and the PostgreSQL
// processes serving the connections (pgMemory).
func BenchmarkNationalRoster(b *testing.B) {
	if os.Getenv(envNational) != "1" {
		b.Skip("set " + envNational + "=1 to run the national roster benchmark (about thirteen minutes)")
	}
	base := os.Getenv(testdb.EnvPostgres)
	if base == "" {
		b.Skip(testdb.EnvPostgres + " is not set")
	}
	progress := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05 ")+format+"\n", args...)
	}
	b.StopTimer()
	setup := time.Now()
	d, schema := natOpen(b, base)
	s := store.New(d, nil)
	regions := testdb.NationalRegions(b)
	if _, err := s.ImportRegions(ctx, store.System, regions); err != nil {
		b.Fatal(err)
	}
	tenants := natTenants(b, regions)
	units := 0
	for _, t := range tenants {
		tn, err := s.CreateTenant(ctx, store.System, t.code, "w-"+strings.ReplaceAll(t.code, ".", "-"), t.name)
		if err != nil {
			b.Fatal(t.code, err)
		}
		t.id = tn.ID
		ins := make([]org.UnitInput, len(t.units))
		for i, u := range t.units {
			ins[i] = org.UnitInput{Name: u.Name, Kind: u.Kind}
		}
		n, err := s.EnsureUnits(ctx, store.System, t.id, ins)
		if err != nil {
			b.Fatal(t.code, err)
		}
		units += n
	}
	if _, err := d.W.ExecContext(ctx, `CREATE TABLE employees_plain (LIKE employees INCLUDING ALL)`); err != nil {
		b.Fatal(err)
	}
	sizes := make([]int, len(tenants))
	largest := tenants[0]
	for i, t := range tenants {
		sizes[i] = t.size
		if t.size > largest.size {
			largest = t
		}
	}
	slices.Sort(sizes)
	progress("schema %s: %d regions, %d tenants, %d units in %s; roster sizes min %d, median %d, max %d (%s), total %d",
		schema, len(regions), len(tenants), units, time.Since(setup).Round(time.Second), sizes[0], sizes[len(sizes)/2],
		sizes[len(sizes)-1], largest.code, natTotal)

	setupTime := time.Since(setup)
	synth := roster.NewSynth(2026, 2026)
	goHeap := startHeapPeak()
	pgMem := startPGMemory(d)
	var gen, imp, ceil time.Duration
	var phases empPhases
	// The heap one import adds is measured exactly (after a collection)
	// for the largest rosters only: a collection per tenant would cost
	// minutes with the generator's set of NIPs live.
	bigImport := sizes[len(sizes)-20]
	budget := 17 * time.Minute
	if v, err := time.ParseDuration(os.Getenv("SIGAP_BENCH_NATIONAL_BUDGET")); err == nil {
		budget = v
	}
	stopped := 0
	var heapPerImport uint64
	var largestRows []roster.Row
	var searched *natTenant
	written := 0
	start := time.Now()
	lastRows, lastImp, lastCeil := 0, time.Duration(0), time.Duration(0)
	for i, t := range tenants {
		if time.Since(setup) > budget {
			stopped = i
			progress("time budget %s spent: stopping after %d tenants", budget, i)
			break
		}
		t0 := time.Now()
		rows := synth.Roster(t.units, t.size)
		var buf bytes.Buffer
		if err := roster.WriteCSV(&buf, rows); err != nil {
			b.Fatal(err)
		}
		if len(rows) != t.size {
			b.Fatalf("%s: %d rows, want %d", t.code, len(rows), t.size)
		}
		if len(rows) > len(largestRows) { // the largest imported, if the budget stops the loop
			largestRows, searched = rows, t
		}
		us, err := s.Units(ctx, t.id, false)
		if err != nil {
			b.Fatal(err)
		}
		unitIDs := map[string]int64{}
		for _, u := range us {
			unitIDs[u.Name] = u.ID
		}
		gen += time.Since(t0)

		doImport := func() {
			var h *heapPeak
			if t.size >= bigImport {
				h = startHeapPeak()
			} else {
				h = sampleHeapPeak()
			}
			res, ph := empImportPhases(b, s, t.id, buf.Bytes(), false)
			if res.Added != t.size {
				b.Fatalf("%s: %+v", t.code, res)
			}
			if added := h.end(); t.size >= bigImport {
				heapPerImport = max(heapPerImport, added)
			}
			phases.read += ph.read
			phases.plan += ph.plan
			phases.write += ph.write
			phases.end += ph.end
			imp += ph.read + ph.plan + ph.write + ph.end
		}
		doCeiling := func() {
			t1 := time.Now()
			empPlainInsert(b, d, "employees_plain", t.id, unitIDs, rows)
			ceil += time.Since(t1)
		}
		if i%2 == 0 {
			doImport()
			doCeiling()
		} else {
			doCeiling()
			doImport()
		}
		written += t.size
		if (i+1)%50 == 0 || i == len(tenants)-1 {
			progress("%3d tenants, %7d employees: import %6.1f s (last %d rows at %.0f rows/s), ceiling %6.1f s (%.0f rows/s), generation %5.1f s",
				i+1, written, imp.Seconds(), written-lastRows, float64(written-lastRows)/(imp-lastImp).Seconds(),
				ceil.Seconds(), float64(written-lastRows)/(ceil-lastCeil).Seconds(), gen.Seconds())
			lastRows, lastImp, lastCeil = written, imp, ceil
		}
	}
	wall := time.Since(start)
	pgMem.end()
	runtime.GC()
	heapAfter := heapBytes()
	goPeak := goHeap.end() + goHeap.base

	var count int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees`).Scan(&count); err != nil || count != written {
		b.Fatalf("%d employees in the database, want %d: %v", count, written, err)
	}
	var tableSize, plainSize string
	d.R.QueryRowContext(ctx, `SELECT pg_size_pretty(pg_total_relation_size('employees')), pg_size_pretty(pg_total_relation_size('employees_plain'))`).Scan(&tableSize, &plainSize)

	// Searches in the largest tenant.
	sample := empSample(largestRows, 300, 11)
	ids := make([]int64, len(sample))
	for i, r := range sample {
		e, err := s.EmployeeByNIP(ctx, searched.id, r.NIP.String())
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = e.ID
	}
	deep, depth := empDeepest(largestRows, 300)
	subjects := make([]roster.Employee, len(deep))
	for i, r := range deep {
		e, err := s.EmployeeByNIP(ctx, searched.id, r.NIP.String())
		if err != nil {
			b.Fatal(err)
		}
		subjects[i] = e
	}
	table := discipline.DefaultTable()
	within := empWithin(b, s, searched.id)
	searches := empSearches()
	lat := make([][]time.Duration, len(searches)+1) // the last: the authority lookup
	for round := range sample {
		for k, q := range searches {
			t0 := time.Now()
			err := q.run(s, searched.id, sample[round], ids[round])
			lat[k] = append(lat[k], time.Since(t0))
			if err != nil {
				b.Fatal(q.name, err)
			}
		}
		sub := subjects[round%len(subjects)]
		t0 := time.Now()
		chain, err := s.SuperiorChain(ctx, searched.id, sub.ID)
		posts := make([]discipline.Post, len(chain))
		for j, c := range chain {
			posts[j] = empPost(c)
		}
		as := table.Authorities(empPost(sub), posts, within)
		lat[len(searches)] = append(lat[len(searches)], time.Since(t0))
		if err != nil || len(chain) != depth || len(as) == 0 {
			b.Fatalf("authority lookup: chain of %d, want %d: %v", len(chain), depth, err)
		}
	}
	searches = append(searches, empSearch{name: "authority-lookup"})

	b.ReportMetric(imp.Seconds(), "import-s")
	b.ReportMetric(ceil.Seconds(), "ceiling-s")
	b.ReportMetric(gen.Seconds(), "generation-s")
	b.ReportMetric(float64(goPeak)/mb, "go-peak-heap-MB")
	var byID time.Duration
	for k, q := range searches {
		if q.name == "ceiling-by-id" {
			byID = quantile(lat[k], 0.5)
		}
	}
	var report strings.Builder
	fmt.Fprintf(&report, "national roster: %d employees in %d tenants (%s), largest %s with %d\n", written, len(tenants), schema, searched.code, searched.size)
	if stopped > 0 {
		fmt.Fprintf(&report, "STOPPED by the time budget after %d of %d tenants: %d of %d employees\n", stopped, len(tenants), written, natTotal)
	}
	fmt.Fprintf(&report, "setup (regions, tenants, %d units): %.1f s; generation of the rosters (Synth + WriteCSV, not timed): %.1f s\n", units, setupTime.Seconds(), gen.Seconds())
	fmt.Fprintf(&report, "import (ReadCSV + ImportEmployees): %.1f s; ceiling (plain insert): %.1f s; ratio %.2f\n",
		imp.Seconds(), ceil.Seconds(), imp.Seconds()/ceil.Seconds())
	fmt.Fprintf(&report, "import phases (empPhases): read %.1f s, plan %.1f s, write %.1f s, end %.1f s\n",
		phases.read.Seconds(), phases.plan.Seconds(), phases.write.Seconds(), phases.end.Seconds())
	fmt.Fprintf(&report, "wall of the import loop with generation and ceiling: %.1f s; table employees %s, employees_plain %s\n", wall.Seconds(), tableSize, plainSize)
	fmt.Fprintf(&report, "Go heap: peak %.0f MB (with the generator's set of every NIP given; live after the loop, without it, %.0f MB), most added by one of the 20 largest imports %.0f MB (garbage included)\n",
		float64(goPeak)/mb, float64(heapAfter)/mb, float64(heapPerImport)/mb)
	b.ReportMetric(float64(heapPerImport)/mb, "heap-per-import-MB")
	if pgMem.readable {
		fmt.Fprintf(&report, "PostgreSQL backends serving the benchmark (%d pids seen): peak RSS of one %.0f MB, peak summed PSS %.0f MB\n",
			len(pgMem.pids), float64(pgMem.hwm)/mb, float64(pgMem.pss)/mb)
		b.ReportMetric(float64(pgMem.hwm)/mb, "pg-backend-peak-RSS-MB")
	} else {
		fmt.Fprintf(&report, "PostgreSQL backends: /proc not readable for their pids\n")
	}
	fmt.Fprintf(&report, "%-18s %9s %9s %9s %12s\n", "query, tenant "+searched.code, "p50 ms", "p90 ms", "max ms", "p50/by-id")
	for k, q := range searches {
		p50 := quantile(lat[k], 0.5)
		fmt.Fprintf(&report, "%-18s %9.3f %9.3f %9.3f %12.2f\n", q.name, ms(p50), ms(quantile(lat[k], 0.9)), ms(quantile(lat[k], 1)), float64(p50)/float64(byID))
		b.ReportMetric(ms(p50), q.name+"-p50-ms")
	}
	b.Log("\n" + report.String())
	progress("\n%s", report.String())
}
