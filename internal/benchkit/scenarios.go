package benchkit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/guidance"
	"sigap/internal/media"
	"sigap/internal/store"
)

// Row is one line of the table.
type Row struct {
	Scenario string // the scenario's name
	What     string // what was measured
	Measured string
	Target   string
	Ceiling  string
	Ratio    string
	Met      string // "met", "missed" or "" (no target)
	Value    float64
	Note     string
}

func (h *harness) run(ctx context.Context, name string) ([]Row, error) {
	switch name {
	case "rollup":
		return h.rollup(ctx)
	case "dashboard":
		return h.dashboard(ctx)
	case "figures":
		return h.figures(ctx)
	case "due":
		return h.due(ctx)
	case "protection":
		return h.protection(ctx)
	case "search":
		return h.search(ctx)
	case "guidance":
		return h.guidance(ctx)
	case "reports":
		return h.reports(ctx)
	case "receipts":
		return h.receipts(ctx)
	case "media":
		return h.media()
	}
	return nil, fmt.Errorf("unknown scenario %s", name)
}

func (h *harness) pg() bool { return h.env.d.Engine == db.Postgres }

// timed runs op and ceiling alternately, after one run of each to warm
// up, at least Runs times and, for quick operations, for up to a second
// or Limit if less (at most 1,000 times), stopping after Limit. It returns the median and
// p99 of each.
func (h *harness) timed(op, ceiling func() error) (med, p99, cmed time.Duration, err error) {
	if err := op(); err != nil {
		return 0, 0, 0, err
	}
	if ceiling != nil {
		if err := ceiling(); err != nil {
			return 0, 0, 0, fmt.Errorf("ceiling: %w", err)
		}
	}
	var ts, cs []time.Duration
	start := time.Now()
	quick := min(time.Second, h.o.Limit)
	for len(ts) < h.o.Runs || (time.Since(start) < quick && len(ts) < 1000) {
		t0 := time.Now()
		if err := op(); err != nil {
			return 0, 0, 0, err
		}
		ts = append(ts, time.Since(t0))
		if ceiling != nil {
			t0 = time.Now()
			if err := ceiling(); err != nil {
				return 0, 0, 0, fmt.Errorf("ceiling: %w", err)
			}
			cs = append(cs, time.Since(t0))
		}
		if time.Since(start) > h.o.Limit {
			break
		}
	}
	slices.Sort(ts)
	slices.Sort(cs)
	return percentile(ts, 0.5), percentile(ts, 0.99), percentile(cs, 0.5), nil
}

func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f ms", v)
	case v >= 10:
		return fmt.Sprintf("%.1f ms", v)
	case v >= 1:
		return fmt.Sprintf("%.2f ms", v)
	}
	return fmt.Sprintf("%.3f ms", v)
}

// latencyRow is a row whose figure is a time: met when the median is
// under the target.
func latencyRow(scenario, what string, med, p99, target, ceiling time.Duration, ceilingWhat string) Row {
	r := Row{Scenario: scenario, What: what, Measured: ms(med) + " (p99 " + ms(p99) + ")", Value: float64(med) / float64(time.Millisecond)}
	if target > 0 {
		r.Target = "< " + ms(target)
		r.Met = "met"
		if med >= target {
			r.Met = "missed"
		}
	}
	if ceiling > 0 {
		r.Ceiling = ms(ceiling) + " " + ceilingWhat
		r.Ratio = fmt.Sprintf("%.2f", float64(med)/float64(ceiling))
	}
	return r
}

func (h *harness) queryRow(scenario, what string, target time.Duration, op, ceiling func() error, ceilingWhat string) (Row, error) {
	med, p99, c, err := h.timed(op, ceiling)
	if err != nil {
		return Row{}, err
	}
	return latencyRow(scenario, what, med, p99, target, c, ceilingWhat), nil
}

// drain reads every row of a query and throws it away.
func drain(ctx context.Context, d *sql.DB, q string, args ...any) (int, error) {
	rows, err := d.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	for i := range vals {
		vals[i] = new(any)
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(vals...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

var wib = time.FixedZone("WIB", 7*3600)

// yearBounds is 2026 in Jakarta, as instants.
func yearBounds() (time.Time, time.Time) {
	return time.Date(2026, 1, 1, 0, 0, 0, 0, wib), time.Date(2027, 1, 1, 0, 0, 0, 0, wib)
}

func (h *harness) rollup(ctx context.Context) ([]Row, error) {
	st, d := h.env.st, h.env.d
	from, to := yearBounds()
	op := func() error {
		f, err := st.OversightFigures(ctx, "", 2026, Today)
		if err == nil && len(f) != len(h.ds.Tenants) {
			err = fmt.Errorf("%d governments in the rollup, want %d", len(f), len(h.ds.Tenants))
		}
		return err
	}
	ceiling := func() error {
		_, err := drain(ctx, d.R, `SELECT tenant_id, COUNT(*) FROM reports WHERE duplicate_of IS NULL AND created_at >= $1 AND created_at < $2 GROUP BY tenant_id`, from, to)
		return err
	}
	r, err := h.queryRow("rollup", fmt.Sprintf("oversight rollup of 2026 over all %d governments (`OversightFigures`)", len(h.ds.Tenants)), 2*time.Second, op, ceiling, "(the year's reports counted by government)")
	return []Row{r}, err
}

func (h *harness) dashboard(ctx context.Context) ([]Row, error) {
	st, d := h.env.st, h.env.d
	t := h.ds.LargeTenant()
	cal, err := st.Calendar(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	year := store.StatsFilter{From: calendar.NewDate(2026, 1, 1), To: Today}
	op := func() error {
		r, err := st.ReportStats(ctx, t.ID, year, cal)
		if err == nil && r.Total == 0 {
			err = errors.New("no report counted")
		}
		if err == nil {
			_, err = st.CaseStats(ctx, t.ID, year, cal, Today)
		}
		return err
	}
	from, to := yearBounds()
	ceiling := func() error {
		_, err := drain(ctx, d.R, `SELECT id, category, channel, status, mode, district_code, employee_id, created_at, followed_up_at, closed_at
			FROM reports WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3`, t.ID, from, to)
		return err
	}
	target := 100 * time.Millisecond // SQLite: every query of one government's page
	if h.pg() {
		target = 200 * time.Millisecond // PostgreSQL, national: a government's dashboard
	}
	r, err := h.queryRow("dashboard", fmt.Sprintf("one government's dashboard for 2026 (`ReportStats` + `CaseStats`; %d reports, %d cases in all)", t.Reports, t.Cases),
		target, op, ceiling, "(reading the year's report rows)")
	if err != nil {
		return nil, err
	}
	// Its two halves apart, to say where the time goes.
	reports := func() error { _, err := st.ReportStats(ctx, t.ID, year, cal); return err }
	cases := func() error { _, err := st.CaseStats(ctx, t.ID, year, cal, Today); return err }
	r1, err := h.queryRow("dashboard", "… of which the report counts (`ReportStats`, from `report_facts`)", 0, reports, ceiling, "(reading the year's report rows)")
	if err != nil {
		return nil, err
	}
	r2, err := h.queryRow("dashboard", "… of which the case counts (`CaseStats`, from the cases)", 0, cases, ceiling, "(reading the year's report rows)")
	return []Row{r, r1, r2}, err
}

func (h *harness) due(ctx context.Context) ([]Row, error) {
	st := h.env.st
	t := h.ds.LargeTenant()
	var open int
	if err := h.env.d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM discipline_cases WHERE tenant_id = $1 AND status = 'open'`, t.ID).Scan(&open); err != nil {
		return nil, err
	}
	op := func() error {
		items, n, err := st.DueCases(ctx, t.ID, Today, store.DueFilter{Limit: 50})
		if err == nil && (len(items) != min(50, open) || n.All != open) {
			err = fmt.Errorf("%d items of %d, want %d open", len(items), n.All, open)
		}
		return err
	}
	ceiling := func() error {
		_, _, err := st.DisciplineCases(ctx, t.ID, store.CaseQuery{Limit: 50})
		return err
	}
	r, err := h.queryRow("due", fmt.Sprintf("due list of the largest government, first page of 50 (`DueCases`; %d open cases)", open), 100*time.Millisecond,
		op, ceiling, "(the plain case list, first page)")
	return []Row{r}, err
}

func (h *harness) protection(ctx context.Context) ([]Row, error) {
	st, d := h.env.st, h.env.d
	t := h.ds.LargeTenant()
	year := store.CountFilter{From: calendar.NewDate(2025, 1, 1), To: calendar.NewDate(2025, 12, 31)}
	op := func() error {
		rows, err := st.ProtectionCounts(ctx, t.ID, year, store.ByDistrict)
		if err == nil && len(rows) == 0 {
			err = errors.New("no district counted")
		}
		return err
	}
	ceiling := func() error {
		var n int
		return d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM protection_cases WHERE tenant_id = $1`, t.ID).Scan(&n)
	}
	target := 300 * time.Millisecond
	if h.pg() {
		target = 200 * time.Millisecond
	}
	r, err := h.queryRow("protection", fmt.Sprintf("victims and cases by district for 2025 (`ProtectionCounts`; %d incidents)", t.Incidents), target,
		op, ceiling, "(`COUNT(*)` of the government's cases)")
	if err != nil {
		return nil, err
	}
	// The whole /protection/stats page for a year.
	page := func() error {
		for _, dim := range []store.CountDimension{store.ByTotal, store.ByDistrict, store.ByForm, store.ByAgeSex, store.ByMonth} {
			if _, err := st.ProtectionCounts(ctx, t.ID, year, dim); err != nil {
				return err
			}
		}
		return nil
	}
	r2, err := h.queryRow("protection", "everything /protection/stats reads for a year", 0, page, ceiling, "(`COUNT(*)` of the cases)")
	return []Row{r, r2}, err
}

func (h *harness) search(ctx context.Context) ([]Row, error) {
	st, d := h.env.st, h.env.d
	t := h.ds.LargeTenant()
	type person struct {
		id        int64
		nip, name string
	}
	var people []person
	rows, err := d.R.QueryContext(ctx, `SELECT id, nip, search_name FROM employees WHERE tenant_id = $1 AND state = 'active' ORDER BY id`, t.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var p person
		if err := rows.Scan(&p.id, &p.nip, &p.name); err != nil {
			rows.Close()
			return nil, err
		}
		people = append(people, p)
	}
	rows.Close()
	if len(people) == 0 {
		return nil, errors.New("no employees")
	}
	var i, c int
	next := func() person { i++; return people[(i*7919)%len(people)] }
	byID := func() error {
		c++
		_, err := st.Employee(ctx, t.ID, people[(c*7919)%len(people)].id)
		return err
	}
	var out []Row
	for _, s := range []struct {
		what   string
		target time.Duration
		op     func() error
	}{
		{"search by full NIP (`SearchEmployees`)", 5 * time.Millisecond, func() error {
			p := next()
			es, _, err := st.SearchEmployees(ctx, t.ID, store.EmployeeQuery{Text: p.nip, Limit: 50})
			if err == nil && len(es) == 0 {
				err = errors.New("NIP not found")
			}
			return err
		}},
		{"search by 8-digit NIP prefix", 5 * time.Millisecond, func() error {
			_, _, err := st.SearchEmployees(ctx, t.ID, store.EmployeeQuery{Text: next().nip[:8], Limit: 50})
			return err
		}},
		{"name prefix, 4 letters (`SearchEmployeesByNamePrefix`)", 50 * time.Millisecond, func() error {
			_, err := st.SearchEmployeesByNamePrefix(ctx, t.ID, next().name[:4], 20)
			return err
		}},
		{"the roster page's search box, 4 letters (`SearchEmployees`)", 50 * time.Millisecond, func() error {
			_, _, err := st.SearchEmployees(ctx, t.ID, store.EmployeeQuery{Text: next().name[:4], Limit: 50})
			return err
		}},
	} {
		r, err := h.queryRow("search", fmt.Sprintf("%s, %d employees", s.what, t.Employees), s.target, s.op, byID, "(`Employee` by id)")
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (h *harness) guidance(ctx context.Context) ([]Row, error) {
	st, d := h.env.st, h.env.d
	t := h.ds.LargeTenant()
	periods := guidance.Last(guidance.Quarterly, Today, GuidanceQuarters)
	op := func() error {
		cov, err := st.GuidanceCoverage(ctx, t.ID, periods, Today)
		if err == nil && len(cov.Rows) != UnitsPerTenant {
			err = fmt.Errorf("%d offices in the matrix, want %d", len(cov.Rows), UnitsPerTenant)
		}
		return err
	}
	ceiling := func() error {
		for _, q := range []string{`SELECT g.id, g.unit_id, g.held_on FROM guidance_sessions g WHERE g.tenant_id = $1 AND g.held_on >= $2 AND g.held_on <= $3`,
			`SELECT a.session_id, a.employee_id FROM guidance_sessions g JOIN guidance_attendance a ON a.session_id = g.id AND a.status IN ('present','late')
				WHERE g.tenant_id = $1 AND g.held_on >= $2 AND g.held_on <= $3`,
			`SELECT p.employee_id, p.unit_id, p.state, p.recorded_at FROM employee_positions p JOIN employees e ON e.id = p.employee_id
				WHERE e.tenant_id = $1 AND $2 < $3 ORDER BY p.employee_id, p.id`} {
			if _, err := drain(ctx, d.R, q, t.ID, periods[0].Start, Today); err != nil {
				return err
			}
		}
		return nil
	}
	r, err := h.queryRow("guidance", fmt.Sprintf("coverage matrix, %d offices × %d quarters, %d employees (`GuidanceCoverage`)", UnitsPerTenant, GuidanceQuarters, t.Employees),
		100*time.Millisecond, op, ceiling, "(reading the matrix's rows)")
	return []Row{r}, err
}

func (h *harness) media() ([]Row, error) {
	x, err := media.DefaultIndex()
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, t := range h.ds.Tenants {
		codes = append(codes, t.Code)
	}
	opt := media.Options{Region: h.ds.LargeTenant().Code, Tenants: codes}
	op := func() error { _, err := x.Extract(Article, opt); return err }
	ceiling := func() error {
		if len(strings.Fields(strings.ToLower(Article))) == 0 {
			return errors.New("no words")
		}
		return nil
	}
	r, err := h.queryRow("media", fmt.Sprintf("reading a %.1f KB news article (`media.Extract`)", float64(len(Article))/1000), 5*time.Millisecond, op, ceiling,
		"(lower-casing and splitting the same text)")
	return []Row{r}, err
}

// loads runs a measured load and its ceiling alternately, Runs times
// each, and returns the runs.
func (h *harness) loads(ctx context.Context, measured, ceiling Load) ([]LoadResult, []LoadResult) {
	var ms, cs []LoadResult
	// Warm up both (caches, connections) for a tenth of a run, unmeasured.
	for _, l := range []Load{measured, ceiling} {
		w := l
		w.Duration, w.Keep = max(l.Duration/10, 200*time.Millisecond), nil
		w.Run(ctx)
	}
	for range h.o.Runs {
		cs = append(cs, ceiling.Run(ctx))
		ms = append(ms, measured.Run(ctx))
	}
	return ms, cs
}

func medianBy(rs []LoadResult, f func(LoadResult) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	s := sortedCopy(v)
	return s[len(s)/2]
}

func sum(rs []LoadResult, f func(LoadResult) int64) int64 {
	n := int64(0)
	for _, r := range rs {
		n += f(r)
	}
	return n
}

func rate(rs []LoadResult) float64 {
	return medianBy(rs, func(r LoadResult) float64 { return r.PerSecond })
}
func p99(rs []LoadResult) time.Duration {
	return time.Duration(medianBy(rs, func(r LoadResult) float64 { return float64(r.P99) }))
}
func p50(rs []LoadResult) time.Duration {
	return time.Duration(medianBy(rs, func(r LoadResult) float64 { return float64(r.P50) }))
}

func failures(rs []LoadResult) string {
	f := sum(rs, func(r LoadResult) int64 { return r.Failed })
	if f == 0 {
		return ""
	}
	first := ""
	for _, r := range rs {
		if r.FirstFailure != "" {
			first = r.FirstFailure
			break
		}
	}
	return fmt.Sprintf("%d failed (first: %s)", f, first)
}

func get(u string) func(int64) (*http.Request, error) {
	return func(int64) (*http.Request, error) { return http.NewRequest(http.MethodGet, u, nil) }
}

func (h *harness) figures(ctx context.Context) ([]Row, error) {
	base, err := h.server(ctx)
	if err != nil {
		return nil, err
	}
	hello, err := h.helloServer()
	if err != nil {
		return nil, err
	}
	t := h.ds.LargeTenant()
	measured := Load{Clients: 32, Duration: h.o.Duration, Request: get(base + "/angka/" + t.Slug)}
	ms, cs := h.loads(ctx, measured, Load{Clients: 32, Duration: h.o.Duration, Request: get(hello + "/")})
	r := Row{Scenario: "figures", What: fmt.Sprintf("public figures page `GET /angka/%s`, 32 clients, closed loop, %s × %d", t.Slug, h.o.Duration, h.o.Runs),
		Measured: fmt.Sprintf("%.0f req/s (p50 %s, p99 %s)", rate(ms), msd(p50(ms)), msd(p99(ms))), Target: "> 5,000 req/s",
		Ceiling: fmt.Sprintf("%.0f req/s (hello)", rate(cs)), Value: rate(ms), Note: failures(ms)}
	r.Ratio = ratio(rate(ms), rate(cs))
	r.Met = metIf(rate(ms) > 5000 && failures(ms) == "")
	return []Row{r}, nil
}

func msd(d time.Duration) string { return ms(d) }

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func metIf(ok bool) string {
	if ok {
		return "met"
	}
	return "missed"
}

// reportForm is a report of about 2 KB of text, as the ceiling was
// measured with.
var reportForm = url.Values{"category": {"sexual_violence"},
	"what":         {strings.Repeat("Atasan saya berulang kali berkata dan berbuat tidak pantas di ruang kerja. ", 28)[:2000]},
	"accused_name": {"Budi"}, "accused_office": {"Dinas Pendidikan"}, "reporter_is_victim": {"yes"}, "mode": {"anonymous"}}.Encode()

func post(u, body string) func(int64) (*http.Request, error) {
	return func(int64) (*http.Request, error) {
		r, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
		if err == nil {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		return r, err
	}
}

func (h *harness) reports(ctx context.Context) ([]Row, error) {
	base, err := h.server(ctx)
	if err != nil {
		return nil, err
	}
	c, done, err := h.ceilingDB(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	cs, err := serveHTTP(c)
	if err != nil {
		return nil, err
	}
	defer cs.close()
	// The reports go to the last government, so that the scenarios of the
	// large one find the same data set on the next run of a kept one.
	t := h.ds.Tenants[len(h.ds.Tenants)-1]
	var mu sync.Mutex
	shown := 0
	measured := Load{Clients: 64, Duration: h.o.Duration, Request: post(base+"/lapor/"+t.Slug, reportForm), Keep: func(b []byte) {
		if ReceiptRE.Match(b) {
			mu.Lock()
			shown++
			mu.Unlock()
		}
	}}
	ms, cr := h.loads(ctx, measured, Load{Clients: 64, Duration: h.o.Duration, Request: post(cs.url+"/report", reportForm)})
	target, engine := 3000.0, "SQLite"
	if h.pg() {
		target, engine = 2500, "PostgreSQL"
	}
	ok := sum(ms, func(r LoadResult) int64 { return r.OK })
	r := Row{Scenario: "reports", What: fmt.Sprintf("anonymous 2 KB reports to `POST /lapor/%s`, 64 clients, closed loop, %s × %d, %s full durability", t.Slug, h.o.Duration, h.o.Runs, engine),
		Measured: fmt.Sprintf("%.0f reports/s (p50 %s, p99 %s)", rate(ms), msd(p50(ms)), msd(p99(ms))),
		Target:   fmt.Sprintf("≥ %s reports/s, p99 < 100 ms", thousands(target)),
		Ceiling:  fmt.Sprintf("%.0f reports/s, p99 %s (report ceiling)", rate(cr), msd(p99(cr))), Value: rate(ms)}
	r.Ratio = ratio(rate(ms), rate(cr))
	r.Met = metIf(rate(ms) >= target && p99(ms) < 100*time.Millisecond && failures(ms) == "")
	var notes []string
	if f := failures(ms); f != "" {
		notes = append(notes, f)
	}
	if busy := sum(ms, func(r LoadResult) int64 { return r.Busy }); busy > 0 {
		notes = append(notes, fmt.Sprintf("%d refused with 429", busy))
	}
	if int64(shown) != ok {
		notes = append(notes, fmt.Sprintf("%d answers of %d showed a receipt", shown, ok))
	}
	r.Note = strings.Join(notes, "; ")
	return []Row{r}, nil
}

// ceilingDB opens the report ceiling on a database of its own: an SQLite
// file in a temporary directory, or a schema of its own on PostgreSQL.
func (h *harness) ceilingDB(ctx context.Context) (*ReportCeiling, func(), error) {
	if !h.pg() {
		dir, err := os.MkdirTemp("", "sigap-ceiling-")
		if err != nil {
			return nil, nil, err
		}
		d, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "c.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=cache_size(-65536)")
		if err != nil {
			return nil, nil, err
		}
		d.SetMaxOpenConns(1)
		c, err := OpenReportCeiling(d, false)
		if err != nil {
			d.Close()
			return nil, nil, err
		}
		return c, func() { c.Close(); d.Close(); os.RemoveAll(dir) }, nil
	}
	schema := "sigap_bench_ceiling_" + randomHex(4)
	admin, err := sql.Open("pgx", h.env.baseURL)
	if err != nil {
		return nil, nil, err
	}
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		return nil, nil, err
	}
	drop := func() { admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); admin.Close() }
	u, err := withSearchPath(h.env.baseURL, schema)
	if err != nil {
		drop()
		return nil, nil, err
	}
	d, err := sql.Open("pgx", u)
	if err != nil {
		drop()
		return nil, nil, err
	}
	d.SetMaxOpenConns(4)
	c, err := OpenReportCeiling(d, true)
	if err != nil {
		d.Close()
		drop()
		return nil, nil, err
	}
	return c, func() { c.Close(); d.Close(); drop() }, nil
}

func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (h *harness) receipts(ctx context.Context) ([]Row, error) {
	base, err := h.server(ctx)
	if err != nil {
		return nil, err
	}
	hello, err := h.helloServer()
	if err != nil {
		return nil, err
	}
	t := h.ds.LargeTenant()
	n := min(ReceiptsKept, t.Reports)
	bodies := make([]string, n)
	for i := range n {
		bodies[i] = url.Values{"receipt": {ReceiptOf(h.ds.Spec.Seed, t.Index, i).Grouped()}}.Encode()
	}
	look := func(i int64) (*http.Request, error) {
		return post(base+"/lapor/"+t.Slug+"/status", bodies[int(i)%n])(i)
	}
	measured := Load{Rate: 1000, Duration: h.o.Duration, Request: look}
	ms, cs := h.loads(ctx, measured, Load{Rate: 1000, Duration: h.o.Duration, Request: post(hello+"/", bodies[0])})
	r := Row{Scenario: "receipts", What: fmt.Sprintf("receipt look-up `POST /lapor/%s/status` of stored reports (%d reports), 1,000/s open loop, %s × %d", t.Slug, t.Reports, h.o.Duration, h.o.Runs),
		Measured: fmt.Sprintf("p50 %s, p99 %s (%.0f/s)", msd(p50(ms)), msd(p99(ms)), rate(ms)), Target: "p99 < 20 ms",
		Ceiling: fmt.Sprintf("p99 %s (hello, same rate)", msd(p99(cs))), Value: float64(p99(ms)) / float64(time.Millisecond), Note: failures(ms)}
	if p99(cs) > 0 {
		r.Ratio = fmt.Sprintf("%.2f", float64(p99(ms))/float64(p99(cs)))
	}
	r.Met = metIf(p99(ms) < 20*time.Millisecond && failures(ms) == "")
	return []Row{r}, nil
}

// Table renders the rows as a markdown table.
func Table(res Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| scenario | measured (median) | target | ceiling, same run | ratio | met? |\n|---|---:|---|---:|---:|---|\n")
	for _, r := range res.Rows {
		met := r.Met
		if met == "" {
			met = "(no target)"
		} else if met == "met" {
			met = "**met**"
		} else {
			met = "**missed**"
		}
		what := r.What
		if r.Note != "" {
			what += "; " + r.Note
		}
		target := r.Target
		if target == "" {
			target = "–"
		}
		fmt.Fprintf(&b, "| %s: %s | %s | %s | %s | %s | %s |\n", r.Scenario, what, r.Measured, target, dash(r.Ceiling), dash(r.Ratio), met)
	}
	return b.String()
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
