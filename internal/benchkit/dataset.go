package benchkit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/guidance"
	"sigap/internal/org"
	"sigap/internal/protection"
	"sigap/internal/refdata"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/server"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// The national data set at scale 1.
const (
	NationalTenants   = 542
	NationalEmployees = 4_300_000
	NationalReports   = 1_000_000
	NationalCases     = 500_000
	NationalIncidents = 1_000_000
	// UnitsPerTenant is the offices of each government (its OPD and
	// kecamatan).
	UnitsPerTenant = 40
	// LargeWeight is how many times the average share the first
	// government (the large one the scenarios of one government use)
	// gets of everything.
	LargeWeight = 4.5
	// GuidanceQuarters is how many quarters of guidance the large
	// government holds; the others hold the last quarter only.
	GuidanceQuarters = 8
	// ReceiptsKept is how many receipts of the large government's reports
	// the harness can work out again from the seed, for the look-ups.
	ReceiptsKept = 2000
)

// Today is the day the data set is built around: reports run from
// 2025-01-01 to it, due dates around it.
var Today = calendar.NewDate(2026, 11, 30)

// Spec says which data set: its size and its seed.
type Spec struct {
	Scale float64
	Seed  uint64
}

// Counts is what a data set holds.
type Counts struct {
	Tenants, Units, Employees, Reports, Cases, Incidents int
}

// Want is what a data set of this spec must hold.
func (s Spec) Want() Counts {
	n := func(base int) int { return int(math.Round(float64(base) * s.Scale)) }
	c := Counts{Tenants: max(1, n(NationalTenants))}
	c.Units = c.Tenants * UnitsPerTenant
	c.Employees = max(c.Tenants*UnitsPerTenant, n(NationalEmployees))
	c.Reports = max(c.Tenants, n(NationalReports))
	c.Cases = max(c.Tenants, n(NationalCases))
	c.Incidents = max(c.Tenants, n(NationalIncidents))
	return c
}

// Key names the data set, for the marker and the PostgreSQL schema.
func (s Spec) Key() string {
	return "s" + strings.ReplaceAll(strconv.FormatFloat(s.Scale, 'f', -1, 64), ".", "_") + "_" + strconv.FormatUint(s.Seed, 10)
}

// Dataset is a built (or found) data set: its governments and what the
// scenarios need to know of it.
type Dataset struct {
	Spec    Spec
	Counts  Counts
	Tenants []Tenant // in the order built; Tenants[0] is the large one
	Build   time.Duration
	Reused  bool
}

// Tenant is one government of the data set.
type Tenant struct {
	ID        int64
	Index     int
	Code      string
	Slug      string
	Employees int
	Reports   int
	Cases     int
	Incidents int
}

// ReceiptOf is the receipt of the n-th report of the i-th government: a
// function of the seed, so the harness knows receipts without storing
// them.
func ReceiptOf(seed uint64, tenantIndex, n int) report.Receipt {
	h := sha256.Sum256([]byte(fmt.Sprintf("receipt/%d/%d/%d", seed, tenantIndex, n)))
	v := binary.BigEndian.Uint64(h[:8]) % 1e16
	return report.Receipt(fmt.Sprintf("%016d", v))
}

const markerDDL = `CREATE TABLE IF NOT EXISTS bench_dataset (spec TEXT NOT NULL, seed BIGINT NOT NULL, scale TEXT NOT NULL,
	built_at TEXT NOT NULL, build_seconds REAL NOT NULL, counts TEXT NOT NULL)`

// Find returns the data set of this spec when the database already holds
// it, ok false when the database holds nothing, and an error when it
// holds something else.
func Find(ctx context.Context, st *store.Store, spec Spec) (Dataset, bool, error) {
	d := st.DB()
	if _, err := d.W.ExecContext(ctx, markerDDL); err != nil {
		return Dataset{}, false, err
	}
	var key, counts string
	var secs float64
	err := d.R.QueryRowContext(ctx, `SELECT spec, counts, build_seconds FROM bench_dataset`).Scan(&key, &counts, &secs)
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM tenants`).Scan(&n); err != nil {
			return Dataset{}, false, err
		}
		if n > 0 {
			return Dataset{}, false, fmt.Errorf("the database holds %d governments but no benchmark data set: use an empty database", n)
		}
		return Dataset{}, false, nil
	}
	if err != nil {
		return Dataset{}, false, err
	}
	if key != spec.Key() {
		return Dataset{}, false, fmt.Errorf("the database holds the data set %s, not %s: use another database", key, spec.Key())
	}
	ds := Dataset{Spec: spec, Reused: true, Build: time.Duration(secs * float64(time.Second))}
	if err := json.Unmarshal([]byte(counts), &ds.Counts); err != nil {
		return ds, false, err
	}
	ds.Tenants, err = readTenants(ctx, d)
	return ds, true, err
}

// readTenants reads the governments of a data set with their sizes.
func readTenants(ctx context.Context, d *db.DB) ([]Tenant, error) {
	sizes := map[int64]*Tenant{}
	var out []Tenant
	rows, err := d.R.QueryContext(ctx, `SELECT id, code, slug FROM tenants ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		t := Tenant{Index: len(out)}
		if err := rows.Scan(&t.ID, &t.Code, &t.Slug); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, t)
	}
	rows.Close()
	for i := range out {
		sizes[out[i].ID] = &out[i]
	}
	for _, c := range []struct {
		table string
		into  func(*Tenant) *int
	}{
		{"employees", func(t *Tenant) *int { return &t.Employees }},
		{"reports", func(t *Tenant) *int { return &t.Reports }},
		{"discipline_cases", func(t *Tenant) *int { return &t.Cases }},
		{"protection_cases", func(t *Tenant) *int { return &t.Incidents }},
	} {
		rows, err := d.R.QueryContext(ctx, `SELECT tenant_id, COUNT(*) FROM `+c.table+` GROUP BY tenant_id`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, err
			}
			if t := sizes[id]; t != nil {
				*c.into(t) = n
			}
		}
		rows.Close()
	}
	return out, nil
}

// CountRows counts what the database holds.
func CountRows(ctx context.Context, d *db.DB) (Counts, error) {
	var c Counts
	err := d.R.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM tenants), (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM employees),
		(SELECT COUNT(*) FROM reports), (SELECT COUNT(*) FROM discipline_cases), (SELECT COUNT(*) FROM protection_cases)`).
		Scan(&c.Tenants, &c.Units, &c.Employees, &c.Reports, &c.Cases, &c.Incidents)
	return c, err
}

// Build writes the data set of spec into an empty, migrated database
// whose store has its vault loaded, and leaves a marker so that the next
// run finds it.
func Build(ctx context.Context, st *store.Store, spec Spec, log *slog.Logger) (Dataset, error) {
	start := time.Now()
	d := st.DB()
	if _, err := d.W.ExecContext(ctx, markerDDL); err != nil {
		return Dataset{}, err
	}
	regions, err := refdata.ParseRegions(refdata.NationalRegions())
	if err != nil {
		return Dataset{}, err
	}
	if _, err := st.ImportRegions(ctx, store.System, regions); err != nil {
		return Dataset{}, err
	}
	want := spec.Want()
	g, err := newGenerator(ctx, st, spec, regions, want)
	if err != nil {
		return Dataset{}, err
	}
	log.Info("governments created", "tenants", len(g.tenants), "took", time.Since(start).Round(time.Millisecond))

	// One goroutine generates and seals a government's rows while the
	// other writes the previous one.
	type batch struct {
		tables []*table
		err    error
	}
	ch := make(chan batch, 2)
	genCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(ch)
		for i := range g.tenants {
			ts, err := g.tenant(genCtx, i)
			select {
			case ch <- batch{ts, err}:
			case <-genCtx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	w := &writer{d: d}
	done, last := 0, time.Now()
	for b := range ch {
		if b.err != nil {
			return Dataset{}, b.err
		}
		if err := w.write(ctx, b.tables...); err != nil {
			return Dataset{}, err
		}
		done++
		if time.Since(last) > 10*time.Second || done == len(g.tenants) {
			last = time.Now()
			log.Info("rows written", "tenants", done, "of", len(g.tenants), "rows", w.rows, "elapsed", time.Since(start).Round(time.Second))
		}
	}
	// Every record was given its record key above, as the store gives
	// new ones: the server's key refresh must find nothing to move under
	// record keys, or it would reseal the whole data set during the run.
	if st.Keyring().HasRecordKeys() {
		if _, err := d.W.ExecContext(ctx, `UPDATE tenants SET record_keys_at = $1 WHERE record_keys_at IS NULL`, st.Now()); err != nil {
			return Dataset{}, err
		}
	}
	if d.Engine == db.Postgres {
		for _, t := range []string{"units", "employees", "employee_positions", "reports", "discipline_cases", "discipline_steps", "discipline_charges",
			"protection_cases", "protection_victims", "sealed_identities", "guidance_sessions", "pledge_versions"} {
			if _, err := d.W.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT COALESCE(MAX(id), 1) FROM `+t+`))`); err != nil {
				return Dataset{}, fmt.Errorf("sequence of %s: %w", t, err)
			}
		}
	}
	// Statistics first: without them PostgreSQL scans every government's
	// rows for each government's rebuild (2 s a government at scale 1
	// instead of a fraction of that).
	if _, err := d.W.ExecContext(ctx, `ANALYZE`); err != nil {
		return Dataset{}, err
	}
	// The derived tables, worked out by the store's own repairs: the same
	// statements that keep them at write time.
	step := time.Now()
	for _, t := range g.tenants {
		if err := st.RebuildReportFacts(ctx, store.System, t.ID); err != nil {
			return Dataset{}, err
		}
		if err := st.RebuildProtectionCounts(ctx, store.System, t.ID); err != nil {
			return Dataset{}, err
		}
		if err := st.RebuildRollupCounts(ctx, store.System, t.ID); err != nil {
			return Dataset{}, err
		}
	}
	log.Info("report facts, protection and rollup counts rebuilt", "took", time.Since(step).Round(time.Millisecond))
	if _, err := d.W.ExecContext(ctx, `ANALYZE`); err != nil {
		return Dataset{}, err
	}
	ds := Dataset{Spec: spec, Build: time.Since(start)}
	if ds.Counts, err = CountRows(ctx, d); err != nil {
		return ds, err
	}
	if ds.Tenants, err = readTenants(ctx, d); err != nil {
		return ds, err
	}
	counts, _ := json.Marshal(ds.Counts)
	if _, err := d.W.ExecContext(ctx, `INSERT INTO bench_dataset (spec, seed, scale, built_at, build_seconds, counts) VALUES ($1, $2, $3, $4, $5, $6)`,
		spec.Key(), int64(spec.Seed), strconv.FormatFloat(spec.Scale, 'f', -1, 64), time.Now().UTC().Format(time.RFC3339), ds.Build.Seconds(), string(counts)); err != nil {
		return ds, err
	}
	log.Info("data set built", "took", ds.Build.Round(time.Second), "rows", w.rows)
	return ds, nil
}

// generator makes each government's rows, deterministically from the
// seed: the rows of government i come from a generator of its own.
type generator struct {
	st      *store.Store
	spec    Spec
	tenants []Tenant
	places  map[string][]string // tenant code → its villages
	codes   []discipline.Violation
	ids     map[string]int64 // next id per table
	periods []guidance.Period
}

func newGenerator(ctx context.Context, st *store.Store, spec Spec, regions []refdata.Region, want Counts) (*generator, error) {
	g := &generator{st: st, spec: spec, places: map[string][]string{}, ids: map[string]int64{},
		codes: discipline.DefaultCatalogue().Violations, periods: guidance.Last(guidance.Quarterly, Today, GuidanceQuarters)}
	// The governments: the regencies and cities, then the provinces, as
	// many as the scale asks.
	var picked []refdata.Region
	for _, lvl := range []refdata.Level{refdata.LevelRegency, refdata.LevelProvince} {
		for _, r := range regions {
			if r.Level == lvl && len(picked) < want.Tenants {
				picked = append(picked, r)
			}
		}
	}
	villages := map[string][]string{}
	for _, r := range regions {
		if r.Level == refdata.LevelVillage {
			villages[r.ParentCode] = append(villages[r.ParentCode], r.Code)
		}
	}
	// Sizes: the first government LargeWeight shares, the others 0.4–1.6
	// of a share, so that sizes vary as they do.
	rng := mrand.New(mrand.NewPCG(spec.Seed, 0))
	weights := make([]float64, len(picked))
	for i := range weights {
		weights[i] = 0.4 + 1.2*rng.Float64()
	}
	weights[0] = LargeWeight
	split := func(total int) []int {
		sum := 0.0
		for _, w := range weights {
			sum += w
		}
		out, given := make([]int, len(weights)), 0
		for i, w := range weights {
			out[i] = max(1, int(float64(total)*w/sum))
			given += out[i]
		}
		for i := 0; given < total; i = (i + 1) % len(out) {
			out[i]++
			given++
		}
		for i := len(out) - 1; given > total && i >= 0; i-- {
			if out[i] > 1 {
				out[i]--
				given--
			}
		}
		return out
	}
	emp, rep, cas, inc := split(want.Employees), split(want.Reports), split(want.Cases), split(want.Incidents)
	slugs := map[string]bool{}
	for i, r := range picked {
		slug := slugOf(r.Name)
		if slugs[slug] {
			slug += "-" + strings.ReplaceAll(r.Code, ".", "")
		}
		slugs[slug] = true
		name := "Pemerintah " + r.Name
		t, err := st.CreateTenant(ctx, store.System, r.Code, slug, name)
		if err != nil {
			return nil, fmt.Errorf("government %s: %w", r.Code, err)
		}
		var vs []string
		for _, dist := range regions {
			if dist.Level == refdata.LevelDistrict && strings.HasPrefix(dist.Code, r.Code+".") {
				if v := villages[dist.Code]; len(v) > 0 {
					vs = append(vs, v[0], v[len(v)-1])
				}
			}
		}
		g.places[r.Code] = vs
		g.tenants = append(g.tenants, Tenant{ID: t.ID, Index: i, Code: r.Code, Slug: slug, Employees: max(emp[i], UnitsPerTenant),
			Reports: rep[i], Cases: cas[i], Incidents: inc[i]})
	}
	if _, err := st.EnsureTenantKeys(ctx); err != nil {
		return nil, err
	}
	for _, t := range []string{"units", "employees", "employee_positions", "reports", "discipline_cases", "discipline_steps", "discipline_charges",
		"protection_cases", "protection_victims", "sealed_identities", "guidance_sessions", "pledge_versions"} {
		var n int64
		if err := st.DB().R.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+t).Scan(&n); err != nil {
			return nil, err
		}
		g.ids[t] = n
	}
	// Each government's ids are a block of their own, so that a
	// government's rows do not depend on the ones before it.
	return g, nil
}

// slugOf makes an address name: "Kabupaten Serang" → "kab-serang".
func slugOf(name string) string {
	n := strings.ToLower(name)
	for _, p := range [][2]string{{"kabupaten ", "kab-"}, {"provinsi ", "prov-"}, {"kota ", "kota-"}} {
		if r, ok := strings.CutPrefix(n, p[0]); ok {
			n = p[1] + r
			break
		}
	}
	var b strings.Builder
	dash := false
	for _, r := range n {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

func publicID(rng *mrand.Rand) string {
	b := make([]byte, 15)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return strings.ToLower(b32.EncodeToString(b))
}

var (
	firstNames = []string{"Agus", "Budi", "Siti", "Dewi", "Eko", "Fitri", "Hendra", "Indah", "Joko", "Kartika", "Lestari", "Muhammad", "Nur",
		"Putri", "Rina", "Sri", "Taufik", "Wahyu", "Yusuf", "Ahmad", "Ratna", "Bambang", "Diah", "Hadi", "Nurul", "Rudi", "Suharti", "Teguh"}
	lastNames = []string{"Santoso", "Wijaya", "Hidayat", "Saputra", "Lestari", "Kurniawan", "Rahmawati", "Setiawan", "Pratama", "Susanti",
		"Nugroho", "Purnomo", "Hasanah", "Siregar", "Nasution", "Harahap", "Simanjuntak", "Wulandari", "Firmansyah", "Ramadhan"}
	offices = []string{"Dinas Pendidikan", "Dinas Kesehatan", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Sosial", "Dinas Perhubungan",
		"Dinas Kependudukan dan Pencatatan Sipil", "Dinas Lingkungan Hidup", "Dinas Pertanian", "Dinas Perikanan", "Dinas Koperasi dan UKM",
		"Dinas Pariwisata", "Dinas Komunikasi dan Informatika", "Dinas Penanaman Modal dan PTSP", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
		"Dinas Tenaga Kerja", "Dinas Perumahan dan Kawasan Permukiman", "Dinas Pemuda dan Olahraga", "Dinas Perpustakaan dan Kearsipan",
		"Dinas Ketahanan Pangan", "Dinas Perindustrian dan Perdagangan", "Badan Kepegawaian dan Pengembangan SDM", "Badan Perencanaan Pembangunan Daerah",
		"Badan Pengelolaan Keuangan dan Aset Daerah", "Badan Pendapatan Daerah", "Badan Penanggulangan Bencana Daerah", "Inspektorat",
		"Sekretariat Daerah", "Sekretariat DPRD", "Satuan Polisi Pamong Praja", "Rumah Sakit Umum Daerah"}
	sentences = []string{"Atasan saya berulang kali berkata tidak pantas di ruang kerja.", "Pegawai itu meminta uang untuk mempercepat pengurusan izin.",
		"Sudah tiga minggu yang bersangkutan tidak masuk kerja tanpa keterangan.", "Kejadiannya di ruang rapat lantai dua setelah apel pagi.",
		"Beberapa rekan melihat kejadian itu dan bersedia menjadi saksi.", "Saya takut melapor langsung karena khawatir dipindahkan.",
		"Yang bersangkutan juga mengunggah dukungan kepada salah satu calon di media sosial.", "Pungutan itu diminta tanpa kuitansi resmi.",
		"Korban sekarang tidak berani datang ke kantor sendirian.", "Hal ini sudah berlangsung sejak awal tahun."}
)

func text(rng *mrand.Rand, n int) string {
	var b strings.Builder
	for range n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(sentences[rng.IntN(len(sentences))])
	}
	return b.String()
}

// at is a moment on a day, in working hours in Jakarta.
func at(d calendar.Date, rng *mrand.Rand) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 1+rng.IntN(8), rng.IntN(60), rng.IntN(60), 0, time.UTC)
}

// tenant makes every row of government i.
func (g *generator) tenant(ctx context.Context, i int) ([]*table, error) {
	t := g.tenants[i]
	rng := mrand.New(mrand.NewPCG(g.spec.Seed, uint64(1+i)))
	keys := g.st.Keyring()
	created := time.Date(2024, 1, 2, 2, 0, 0, 0, time.UTC)
	// Ids: each government gets a block sized by what it holds.
	base := func(table string, n int) int64 {
		b := g.ids[table]
		g.ids[table] += int64(n)
		return b
	}

	units := newTable("units", "id", "tenant_id", "name", "kind", "created_at", "updated_at")
	unitBase := base("units", UnitsPerTenant)
	unitIDs := make([]int64, UnitsPerTenant)
	for u := range UnitsPerTenant {
		unitIDs[u] = unitBase + int64(u) + 1
		name, kind := offices[u%len(offices)], org.KindDinas
		if u >= len(offices) {
			name, kind = fmt.Sprintf("Kecamatan %02d", u-len(offices)+1), org.KindKecamatan
		}
		units.add(unitIDs[u], t.ID, name, string(kind), created, created)
	}

	// Employees, each with a position row; a tenth moved office in
	// September 2025, with a second row.
	emps := newTable("employees", "id", "tenant_id", "nip", "name", "search_name", "status", "rank", "position", "position_kind", "unit_id", "state", "created_at", "updated_at")
	pos := newTable("employee_positions", "id", "employee_id", "status", "rank", "position", "position_kind", "functional_level", "echelon", "unit_id", "state", "recorded_at")
	empBase := base("employees", t.Employees)
	moves := t.Employees / 10
	posBase := base("employee_positions", t.Employees+moves)
	empIDs := make([]int64, t.Employees)
	empUnit := make([]int64, t.Employees)
	moved := time.Date(2025, 9, 1, 2, 0, 0, 0, time.UTC)
	p := posBase
	for e := range t.Employees {
		id := empBase + int64(e) + 1
		empIDs[e] = id
		k := id // global, so no NIP is given twice
		birth := calendar.NewDate(1965, 1, 1).AddDays(int(k/999) % 13000)
		sex := 1 + rng.IntN(2)
		tmt := 1990 + rng.IntN(35)
		nip := fmt.Sprintf("%04d%02d%02d%04d%02d%d%03d", birth.Year(), birth.Month(), birth.Day(), tmt, 1+rng.IntN(12), sex, k%999+1)
		name := firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
		status := "PNS"
		if r := rng.IntN(20); r == 0 {
			status = "CPNS"
		} else if r < 3 {
			status = "PPPK"
		}
		kind, position, rank := roster.Pelaksana, "Pengadministrasi Umum", "II/c"
		switch r := rng.IntN(100); {
		case r < 2:
			kind, position, rank = roster.Administrator, "Kepala Bidang", "IV/a"
		case r < 8:
			kind, position, rank = roster.Pengawas, "Kepala Seksi", "III/d"
		case r < 45:
			kind, position, rank = roster.Fungsional, "Guru Ahli Pertama", "III/b"
		}
		if status == "PPPK" {
			rank = ""
		}
		unit := unitIDs[int(math.Sqrt(rng.Float64())*float64(UnitsPerTenant))%UnitsPerTenant]
		state := "active"
		if rng.IntN(40) == 0 {
			state = "retired"
		}
		p++
		pos.add(p, id, status, rank, position, string(kind), "", "", unit, state, created)
		if e%10 == 5 && moves > 0 {
			moves--
			unit = unitIDs[rng.IntN(UnitsPerTenant)]
			p++
			pos.add(p, id, status, rank, position, string(kind), "", "", unit, state, moved)
		}
		empUnit[e] = unit
		emps.add(id, t.ID, nip, name, roster.SearchName(name), status, rank, position, string(kind), unit, state, created, created)
	}
	g.ids["employee_positions"] = p

	// Reports over 2025-01-01 … Today, a third naming an employee.
	reps := newTable("reports", "id", "tenant_id", "public_id", "receipt_lookup", "channel", "category", "mode", "status", "occurred_on", "district_code",
		"village_code", "reporter_is_victim", "contact_victim", "share_identity", "content_enc", "employee_id", "created_at", "updated_at",
		"verified_at", "followed_up_at", "closed_at", "reporter_key", "reporter_copy", "record_key")
	repBase := base("reports", t.Reports)
	first := calendar.NewDate(2025, 1, 1)
	span := first.DaysUntil(Today) + 1
	villages := g.places[t.Code]
	cats := []string{"sexual_violence", "infidelity", "abuse_of_authority", "absence", "absence", "gratification", "gratification", "political_neutrality", "other"}
	channels := []report.Channel{report.Web, report.Web, report.Web, report.WalkIn, report.Phone, report.Letter, report.Lapor, report.SocialMedia, report.Press}
	for n := range t.Reports {
		id := repBase + int64(n) + 1
		day := first.AddDays(rng.IntN(span))
		createdAt := at(day, rng)
		pid := publicID(rng)
		var district, village string
		if len(villages) > 0 && rng.IntN(10) > 0 {
			village = villages[rng.IntN(len(villages))]
			district = protection.DistrictOf(village)
		}
		mode := report.Named
		switch rng.IntN(10) {
		case 0, 1, 2:
			mode = report.Anonymous
		case 3, 4:
			mode = report.Confidential
		}
		age := day.DaysUntil(Today)
		status := report.New
		var verified, followed, closed any
		if age > 3 || rng.IntN(2) == 0 {
			status = report.InReview
			verified = createdAt.Add(time.Duration(1+rng.IntN(72)) * time.Hour)
			if rng.IntN(10) < 8 {
				followed = createdAt.Add(time.Duration(24*(1+rng.IntN(min(age+1, 20)))) * time.Hour)
			}
			if age > 30 && rng.IntN(10) < 7 {
				status = report.Closed
				closed = createdAt.Add(time.Duration(24*(14+rng.IntN(min(age, 60)))) * time.Hour)
				if followed == nil {
					followed = closed
				}
			}
		}
		var employee any
		if rng.IntN(3) == 0 {
			employee = empIDs[rng.IntN(len(empIDs))]
		}
		var lookup []byte
		var err error
		receipt := ReceiptOf(g.spec.Seed, i, n)
		if lookup, err = g.st.ReceiptLookup(ctx, t.ID, receipt); err != nil {
			return nil, err
		}
		content := report.Content{What: vault.NewSecret(text(rng, 2+rng.IntN(6))), Place: vault.NewSecret("Kantor " + offices[rng.IntN(len(offices))]),
			AccusedName: vault.NewSecret(firstNames[rng.IntN(len(firstNames))]), DistrictCode: district, VillageCode: village}
		// Sealed as CreateReport seals: under a record key of its own,
		// with the reporter's own copy.
		rec, err := g.recordKey(ctx)
		if err != nil {
			return nil, err
		}
		sealed, err := g.st.SealReport(ctx, t.ID, pid, uint64(rec.Int64), receipt, content)
		if err != nil {
			return nil, err
		}
		victim := rng.IntN(3) == 0
		reps.add(id, t.ID, pid, lookup, string(channels[rng.IntN(len(channels))]), cats[rng.IntN(len(cats))], string(mode), string(status),
			day.AddDays(-rng.IntN(14)), district, village, victim, victim && mode != report.Anonymous, mode == report.Named,
			[]byte(sealed.Content), employee, createdAt, createdAt, verified, followed, closed, sealed.ReporterKey, sealed.ReporterCopy, rec)
	}

	// Discipline cases: a third open and waiting for a step, the rest
	// decided (four in five with a sanction) or dismissed.
	cases := newTable("discipline_cases", "id", "tenant_id", "public_id", "number", "employee_id", "status", "opened_at", "stage", "due_what", "due_by",
		"reminded_for", "escalated_for", "record_key")
	steps := newTable("discipline_steps", "id", "tenant_id", "case_id", "kind", "day1", "day2", "sanction", "created_at")
	charges := newTable("discipline_charges", "id", "tenant_id", "case_id", "code", "impact", "created_at")
	caseBase := base("discipline_cases", t.Cases)
	stepBase, chargeBase := g.ids["discipline_steps"], g.ids["discipline_charges"]
	whats := []struct{ stage, what string }{{"summoned", "case.due.examination"}, {"summoned", "case.due.second_summons"},
		{"decided", "case.due.delivery"}, {"open", discipline.DueFirstSummons}}
	sanctions := []discipline.Sanction{discipline.R1, discipline.R1, discipline.R2, discipline.R2, discipline.R3, discipline.S1, discipline.S2, discipline.S3,
		discipline.B1, discipline.B2, discipline.B3}
	caseFirst := calendar.NewDate(2024, 1, 1)
	caseSpan := caseFirst.DaysUntil(Today) + 1
	for n := range t.Cases {
		id := caseBase + int64(n) + 1
		opened := caseFirst.AddDays(rng.IntN(caseSpan))
		openedAt := at(opened, rng)
		emp := empIDs[rng.IntN(len(empIDs))]
		number := fmt.Sprintf("800/%d/KD/%d", n+1, opened.Year())
		rec, err := g.recordKey(ctx)
		if err != nil {
			return nil, err
		}
		for range 1 + rng.IntN(3)/2 {
			chargeBase++
			v := g.codes[rng.IntN(len(g.codes))]
			charges.add(chargeBase, t.ID, id, v.Code, string(discipline.Impacts[rng.IntN(len(discipline.Impacts))]), openedAt)
		}
		if rng.IntN(3) == 0 || opened.DaysUntil(Today) < 30 {
			w := whats[rng.IntN(len(whats))]
			by := Today.AddDays(rng.IntN(120) - 40)
			key := w.what + "@" + by.String()
			cases.add(id, t.ID, publicID(rng), number, emp, "open", openedAt, w.stage, w.what, by, key, key, rec)
			if w.stage != "open" {
				stepBase++
				steps.add(stepBase, t.ID, id, "summon", opened.AddDays(3), opened.AddDays(10), "", openedAt)
			}
			if w.stage == "decided" {
				stepBase++
				steps.add(stepBase, t.ID, id, "decide", opened.AddDays(20), calendar.Date{}, string(sanctions[rng.IntN(len(sanctions))]), openedAt)
			}
			continue
		}
		stage := discipline.StageEffective
		stepBase++
		steps.add(stepBase, t.ID, id, "summon", opened.AddDays(3), opened.AddDays(10), "", openedAt)
		stepBase++
		steps.add(stepBase, t.ID, id, "examine", opened.AddDays(10), calendar.Date{}, "", openedAt)
		stepBase++
		if rng.IntN(5) == 0 {
			stage = discipline.StageDismissed
			steps.add(stepBase, t.ID, id, "dismiss", opened.AddDays(20), calendar.Date{}, "", openedAt)
		} else {
			steps.add(stepBase, t.ID, id, "decide", opened.AddDays(20), calendar.Date{}, string(sanctions[rng.IntN(len(sanctions))]), openedAt)
			stepBase++
			steps.add(stepBase, t.ID, id, "deliver", opened.AddDays(24), calendar.Date{}, "", openedAt)
		}
		cases.add(id, t.ID, publicID(rng), number, emp, "closed", openedAt, string(stage), "", nil, "", "", rec)
	}
	g.ids["discipline_steps"], g.ids["discipline_charges"] = stepBase, chargeBase

	// Protection: incidents over 2019 … Today in the government's
	// villages, one or two forms, one or two victims sharing one sealed
	// identity per government (the queries never read identities), each
	// victim's details and each chronology sealed.
	idents := newTable("sealed_identities", "id", "tenant_id", "public_id", "role", "subject_type", "subject_id", "name_enc", "created_at")
	pcases := newTable("protection_cases", "id", "tenant_id", "public_id", "number", "opened_via", "status", "opened_at", "occurred_on", "district_code",
		"village_code", "place_kind", "reported_at", "updated_at", "chronology_enc", "record_key")
	forms := newTable("protection_case_forms", "case_id", "tenant_id", "form")
	victims := newTable("protection_victims", "id", "tenant_id", "case_id", "public_id", "identity_id", "sex", "age_group", "details_enc", "created_at")
	identity := base("sealed_identities", 1) + 1
	ipid := publicID(rng)
	iname, err := keys.Seal(ctx, vault.Place{TenantID: t.ID, Table: "sealed_identities", Column: "name_enc", RowKey: ipid}, vault.NewSecret("Korban"))
	if err != nil {
		return nil, err
	}
	idents.add(identity, t.ID, ipid, "victim", "protection_victim", "bench", []byte(iname), created)
	pBase := base("protection_cases", t.Incidents)
	vBase := g.ids["protection_victims"]
	pFirst := calendar.NewDate(2019, 1, 1)
	pSpan := pFirst.DaysUntil(Today) + 1
	vias := []string{"report", "walk_in", "outreach"}
	for n := range t.Incidents {
		id := pBase + int64(n) + 1
		day := pFirst.AddDays(rng.IntN(pSpan))
		when := at(day.AddDays(rng.IntN(5)), rng)
		var district, village string
		if len(villages) > 0 {
			village = villages[rng.IntN(len(villages))]
			district = protection.DistrictOf(village)
		}
		cpid := publicID(rng)
		rec, err := g.recordKey(ctx)
		if err != nil {
			return nil, err
		}
		chron, err := keys.Seal(ctx, vault.Place{TenantID: t.ID, Table: "protection_cases", Column: "chronology_enc", RowKey: cpid, Record: uint64(rec.Int64)},
			vault.NewSecret(text(rng, 3)))
		if err != nil {
			return nil, err
		}
		status := "closed"
		if day.DaysUntil(Today) < 200 {
			status = "open"
		}
		pcases.add(id, t.ID, cpid, fmt.Sprintf("PPA/%d/%06d", day.Year(), n+1), vias[rng.IntN(len(vias))], status, when, day, district, village,
			string(protection.Places[rng.IntN(len(protection.Places))]), when, when, []byte(chron), rec)
		f := rng.IntN(len(protection.Forms))
		forms.add(id, t.ID, string(protection.Forms[f]))
		if rng.IntN(3) == 0 {
			forms.add(id, t.ID, string(protection.Forms[(f+1+rng.IntN(len(protection.Forms)-1))%len(protection.Forms)]))
		}
		for range 1 + rng.IntN(5)/4 {
			vBase++
			sex := "P"
			if rng.IntN(4) == 0 {
				sex = "L"
			}
			group := protection.AgeGroups[rng.IntN(len(protection.AgeGroups))]
			vpid := publicID(rng)
			b, _ := json.Marshal(store.VictimDetails{Age: 3 + rng.IntN(60), VillageCode: village})
			det, err := keys.Seal(ctx, vault.Place{TenantID: t.ID, Table: "protection_victims", Column: "details_enc", RowKey: vpid, Record: uint64(rec.Int64)}, vault.NewSecretBytes(b))
			if err != nil {
				return nil, err
			}
			victims.add(vBase, t.ID, id, vpid, identity, sex, string(group), []byte(det), when)
		}
	}
	g.ids["protection_victims"] = vBase

	// Guidance: sessions in about 85% of the offices each quarter, 60% of
	// the office's staff present; the large government over
	// GuidanceQuarters quarters, the others the last one.
	sessions := newTable("guidance_sessions", "id", "tenant_id", "unit_id", "held_on", "starts_at", "topics", "audience", "created_at", "updated_at")
	attend := newTable("guidance_attendance", "session_id", "employee_id", "status", "how", "recorded_at")
	staff := map[int64][]int64{}
	for e, u := range empUnit {
		staff[u] = append(staff[u], empIDs[e])
	}
	periods := g.periods
	if i > 0 {
		periods = periods[len(periods)-1:]
	}
	sBase := g.ids["guidance_sessions"]
	for _, u := range unitIDs {
		for _, per := range periods {
			if rng.IntN(100) >= 85 {
				continue
			}
			held := per.Start.AddDays(20 + rng.IntN(20))
			if held.After(Today) {
				held = per.Start
			}
			sBase++
			heldAt := at(held, rng)
			sessions.add(sBase, t.ID, u, held, "09:00", "Etika dan disiplin PNS", "all", heldAt, heldAt)
			for _, e := range staff[u] {
				if rng.IntN(10) < 6 {
					attend.add(sBase, e, "present", "tick", heldAt)
				}
			}
		}
	}
	g.ids["guidance_sessions"] = sBase

	// A pledge, signed by half the staff.
	pledges := newTable("pledge_versions", "id", "tenant_id", "number", "title", "body", "text_sha256", "created_at")
	sigs := newTable("pledge_signatures", "tenant_id", "employee_id", "version_id", "method", "statement", "text_sha256", "signed_at")
	vid := base("pledge_versions", 1) + 1
	body := "Saya menyatakan akan menjaga integritas dan menolak segala bentuk kekerasan, gratifikasi dan penyalahgunaan wewenang."
	sum := fmt.Sprintf("%x", sha256.Sum256([]byte(body)))
	pledges.add(vid, t.ID, 1, "Pakta Integritas", body, sum, created)
	for e, id := range empIDs {
		if e%2 == 0 {
			sigs.add(t.ID, id, vid, "electronic", "Saya setuju", sum, at(calendar.NewDate(2026, 1, 5).AddDays(rng.IntN(300)), rng))
		}
	}
	out := []*table{units, emps, pos, idents, reps, cases, steps, charges, pcases, forms, victims, sessions, attend, pledges, sigs}
	return out, nil
}

// recordKey is a fresh record key for a new record, as the store gives
// one: NULL when the store has no record key store.
func (g *generator) recordKey(ctx context.Context) (sql.NullInt64, error) {
	id, err := g.st.NewRecordKey(ctx)
	return sql.NullInt64{Int64: int64(id), Valid: id != 0}, err
}

// LargeTenant is the government the scenarios of one government use.
func (ds Dataset) LargeTenant() Tenant { return ds.Tenants[0] }

// sortedCopy returns a sorted copy.
func sortedCopy(v []float64) []float64 {
	c := slices.Clone(v)
	slices.Sort(c)
	return c
}

// Prepare gives a store on d with the data set of spec: found when d
// already holds it, built otherwise. The master key that seals it lives
// in keysDir (made there when missing). For the Go benchmarks, which
// measure on the same data set as `sigap bench national`.
func Prepare(ctx context.Context, d *db.DB, keysDir string, spec Spec, log *slog.Logger) (*store.Store, Dataset, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg, err := config.Load("", []string{"SIGAP_DATA_DIR=" + keysDir})
	if err != nil {
		return nil, Dataset{}, err
	}
	st := store.New(d, func() time.Time { return time.Date(Today.Year(), Today.Month(), Today.Day(), 3, 0, 0, 0, time.UTC) })
	if err := server.LoadVault(ctx, cfg, st, log); err != nil {
		return nil, Dataset{}, err
	}
	ds, found, err := Find(ctx, st, spec)
	if err == nil && !found {
		ds, err = Build(ctx, st, spec, log)
	}
	return st, ds, err
}
