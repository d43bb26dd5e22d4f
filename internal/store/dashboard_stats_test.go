package store_test

import (
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/org"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// statsSeed writes reports, cases and their steps straight into the
// tables, as a fixed synthetic data set for the dashboard's counts. The
// report facts the store keeps on its writes are worked out after each
// transaction, unless lazy (the caller rebuilds them once at the end).
type statsSeed struct {
	tb   testing.TB
	s    *store.Store
	tid  int64
	n    int
	lazy bool
}

func (g *statsSeed) exec(tx *sql.Tx, q string, args ...any) int64 {
	g.tb.Helper()
	var id int64
	if err := tx.QueryRowContext(ctx, q+` RETURNING id`, args...).Scan(&id); err != nil {
		g.tb.Fatalf("%s: %v", q, err)
	}
	return id
}

func (g *statsSeed) tx(fn func(tx *sql.Tx)) {
	g.tb.Helper()
	if err := g.s.DB().Tx(ctx, func(tx *sql.Tx) error { fn(tx); return nil }); err != nil {
		g.tb.Fatal(err)
	}
	if !g.lazy {
		g.facts()
	}
}

// facts works out the tenant's report facts from the rows written.
func (g *statsSeed) facts() {
	g.tb.Helper()
	if err := g.s.RebuildReportFacts(ctx, store.System, g.tid); err != nil {
		g.tb.Fatal(err)
	}
}

// wibAt is 10:00 in Jakarta on a day.
func wibAt(d string) time.Time {
	day, err := calendar.ParseDate(d)
	if err != nil {
		panic(err)
	}
	return day.Time(time.FixedZone("WIB", 7*3600)).Add(10 * time.Hour)
}

func (g *statsSeed) employee(tx *sql.Tx, unit int64, at time.Time) int64 {
	g.n++
	nip := fmt.Sprintf("19800101200001%04d", g.n)
	id := g.exec(tx, `INSERT INTO employees (tenant_id, nip, name, search_name, status, position, position_kind, unit_id, state, created_at, updated_at)
		VALUES ($1, $2, 'Pegawai', 'pegawai', 'PNS', 'Staf', 'pelaksana', $3, 'active', $4, $4)`, g.tid, nip, unit, at)
	g.move(tx, id, unit, at)
	return id
}

func (g *statsSeed) move(tx *sql.Tx, emp, unit int64, at time.Time) {
	g.exec(tx, `INSERT INTO employee_positions (employee_id, status, rank, position, position_kind, functional_level, echelon, unit_id, state, recorded_at)
		VALUES ($1, 'PNS', '', 'Staf', 'pelaksana', '', '', $2, 'active', $3)`, emp, unit, at)
	if _, err := tx.ExecContext(ctx, `UPDATE employees SET unit_id = $1 WHERE id = $2`, unit, emp); err != nil {
		g.tb.Fatal(err)
	}
}

type seedReport struct {
	category, channel, mode, status, district string
	employee                                  int64
	created, followed, closed                 time.Time
	duplicateOf                               int64
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (g *statsSeed) report(tx *sql.Tx, r seedReport) int64 {
	g.n++
	return g.exec(tx, `INSERT INTO reports (tenant_id, public_id, receipt_lookup, channel, category, mode, status, district_code,
		reporter_is_victim, contact_victim, share_identity, content_enc, employee_id, duplicate_of, created_at, updated_at, followed_up_at, closed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9, $10, $11, $12, $13, $13, $14, $15)`,
		g.tid, fmt.Sprintf("R-%d-%d", g.tid, g.n), []byte(fmt.Sprintf("lookup-%d-%d", g.tid, g.n)), r.channel, r.category, r.mode, r.status, r.district,
		false, []byte("x"), nullID(r.employee), nullID(r.duplicateOf), r.created, nullTime(r.followed), nullTime(r.closed))
}

func (g *statsSeed) message(tx *sql.Tx, report int64, author string, at time.Time) {
	g.n++
	g.exec(tx, `INSERT INTO report_messages (tenant_id, report_id, public_id, author, internal, body_enc, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, g.tid, report, fmt.Sprintf("M-%d-%d", g.tid, g.n), author, false, []byte("x"), at)
}

type seedCase struct {
	employee       int64
	opened         time.Time
	status, stage  string
	dueWhat, dueBy string
	reports        []int64
	charges        [][3]string // code, impact, days absent
	steps          [][4]string // kind, day1, sanction, outcome
}

func (g *statsSeed) kase(tx *sql.Tx, c seedCase) int64 {
	g.n++
	var due any
	if c.dueBy != "" {
		d, _ := calendar.ParseDate(c.dueBy)
		due = d
	}
	id := g.exec(tx, `INSERT INTO discipline_cases (tenant_id, public_id, employee_id, status, opened_at, number, stage, due_what, due_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, g.tid, fmt.Sprintf("C-%d-%d", g.tid, g.n), nullID(c.employee), c.status, c.opened,
		fmt.Sprintf("KD/%d", g.n), c.stage, c.dueWhat, due)
	for _, r := range c.reports {
		if _, err := tx.ExecContext(ctx, `INSERT INTO discipline_case_reports (case_id, report_id) VALUES ($1, $2)`, id, r); err != nil {
			g.tb.Fatal(err)
		}
	}
	for _, ch := range c.charges {
		days, _ := strconv.Atoi(ch[2])
		g.exec(tx, `INSERT INTO discipline_charges (tenant_id, case_id, code, impact, days_absent, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			g.tid, id, ch[0], ch[1], days, c.opened)
	}
	for _, st := range c.steps {
		var day any
		if st[1] != "" {
			d, _ := calendar.ParseDate(st[1])
			day = d
		}
		g.exec(tx, `INSERT INTO discipline_steps (tenant_id, case_id, kind, day1, sanction, outcome, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			g.tid, id, st[0], day, st[2], st[3], c.opened)
	}
	return id
}

// statsTenants makes two governments with offices A (with sub-office A1)
// and B in the first.
func statsTenants(tb testing.TB, d *db.DB) (s *store.Store, tid, other, a, a1, b int64) {
	s = store.New(d, nil)
	if _, err := s.ImportRegions(ctx, store.System, testdb.BantenRegions(tb)); err != nil {
		tb.Fatal(err)
	}
	t1, err := s.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
	if err != nil {
		tb.Fatal(err)
	}
	t2, err := s.CreateTenant(ctx, store.System, "36.73", "kota-serang", "Pemerintah Kota Serang")
	if err != nil {
		tb.Fatal(err)
	}
	unit := func(parent int64, name string, kind org.UnitKind) int64 {
		u, err := s.CreateUnit(ctx, store.System, t1.ID, org.UnitInput{ParentID: parent, Name: name, Kind: kind})
		if err != nil {
			tb.Fatal(err)
		}
		return u.ID
	}
	a = unit(0, "Dinas A", org.KindDinas)
	a1 = unit(a, "Bidang A1", org.KindSubunit)
	b = unit(0, "Dinas B", org.KindDinas)
	return s, t1.ID, t2.ID, a, a1, b
}

// seedGolden writes the fixed data set the golden tests count; see
// TestDashboardStatsGolden for what is in it.
func seedGolden(tb testing.TB, s *store.Store, tid, other, a1, b int64) {
	g := &statsSeed{tb: tb, s: s, tid: tid}
	g.tx(func(tx *sql.Tx) {
		e1 := g.employee(tx, a1, wibAt("2026-01-01"))
		e2 := g.employee(tx, b, wibAt("2026-01-01"))
		g.move(tx, e1, b, wibAt("2026-10-01")) // E1 moves from A1 to B
		r1 := g.report(tx, seedReport{category: "corruption", channel: "web", mode: "anonymous", status: "closed", district: "36.04.01", employee: e1,
			created: wibAt("2026-09-01"), followed: wibAt("2026-09-04"), closed: wibAt("2026-09-15")})
		g.message(tx, r1, "reporter", wibAt("2026-09-05"))
		r2 := g.report(tx, seedReport{category: "corruption", channel: "phone", mode: "anonymous", status: "in_review", district: "36.04.01", employee: e2,
			created: wibAt("2026-09-07"), followed: wibAt("2026-09-08")})
		g.message(tx, r2, "reporter", wibAt("2026-09-07").Add(2*time.Hour)) // before the answer
		g.message(tx, r2, "desk", wibAt("2026-09-09"))
		r3 := g.report(tx, seedReport{category: "sexual_violence", channel: "web", mode: "named", status: "new", district: "36.04.02", created: wibAt("2026-10-05")})
		g.report(tx, seedReport{category: "sexual_violence", channel: "web", mode: "named", status: "closed", district: "36.04.02", created: wibAt("2026-10-06"), duplicateOf: r3})
		g.report(tx, seedReport{category: "sexual_violence", channel: "letter", mode: "confidential", status: "closed", district: "36.04.02", employee: e1,
			created: wibAt("2026-10-12"), followed: wibAt("2026-10-19"), closed: wibAt("2026-10-26")})
		r6 := g.report(tx, seedReport{category: "abuse_of_power", channel: "web", mode: "anonymous", status: "in_review", district: "36.04.01", employee: e2,
			created: wibAt("2026-11-02"), followed: wibAt("2026-11-03")})
		g.message(tx, r6, "reporter", wibAt("2026-11-04"))
		g.report(tx, seedReport{category: "corruption", channel: "web", mode: "anonymous", status: "new", district: "36.04.01", employee: e1, created: wibAt("2026-08-20")})

		g.kase(tx, seedCase{employee: e1, opened: wibAt("2026-09-02"), status: "closed", stage: "effective", reports: []int64{r1},
			charges: [][3]string{{"K4f", "", "12"}, {"K4a", "", "0"}},
			steps:   [][4]string{{"summon", "2026-09-04", "", ""}, {"examine", "2026-09-10", "", ""}, {"decide", "2026-09-16", "S1", ""}, {"deliver", "2026-09-17", "", ""}}})
		g.kase(tx, seedCase{employee: e2, opened: wibAt("2026-10-01"), status: "closed", stage: "effective", reports: []int64{r2},
			charges: [][3]string{{"K4f", "", "5"}},
			steps: [][4]string{{"summon", "2026-10-05", "", ""}, {"decide", "2026-10-15", "R2", ""}, {"deliver", "2026-10-16", "", ""},
				{"object", "2026-10-20", "", ""}, {"resolve", "2026-10-30", "R1", "lighten"}}})
		g.kase(tx, seedCase{employee: e2, opened: wibAt("2026-10-05"), status: "closed", stage: "dismissed",
			charges: [][3]string{{"ZZ", "", "0"}}, steps: [][4]string{{"summon", "2026-10-06", "", ""}, {"dismiss", "2026-10-20", "", ""}}})
		g.kase(tx, seedCase{employee: e1, opened: wibAt("2026-11-02"), status: "closed", stage: "revoked",
			charges: [][3]string{{"K4i", "", "0"}},
			steps: [][4]string{{"decide", "2026-11-09", "R1", ""}, {"deliver", "2026-11-10", "", ""}, {"object", "2026-11-11", "", ""},
				{"resolve", "2026-11-20", "", "revoke"}}})
		g.kase(tx, seedCase{employee: e2, opened: wibAt("2026-11-10"), status: "open", stage: "open", dueWhat: "case.due.summons", dueBy: "2026-11-20"})
		g.kase(tx, seedCase{employee: e1, opened: wibAt("2026-07-01"), status: "open", stage: "examined", dueWhat: "case.due.decision", dueBy: "2026-08-01"})
		g.kase(tx, seedCase{opened: wibAt("2026-09-10"), status: "open", stage: "open", dueWhat: "case.due.summons", dueBy: "2026-12-31",
			charges: [][3]string{{"K3c", "unit", "0"}}})
	})
	// The other government: a report and an overdue case in the window.
	o := &statsSeed{tb: tb, s: s, tid: other, n: 1000}
	o.tx(func(tx *sql.Tx) {
		o.report(tx, seedReport{category: "corruption", channel: "web", mode: "anonymous", status: "new", created: wibAt("2026-09-03"), followed: wibAt("2026-09-04")})
		o.kase(tx, seedCase{opened: wibAt("2026-09-03"), status: "open", stage: "open", dueWhat: "case.due.summons", dueBy: "2026-09-10"})
	})
}

func mustDate(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// The counts of a fixed data set, on both engines: every number below is
// worked out by hand from seedGolden.
//
// Reports (window September–November 2026): R1 corruption/web/anonymous
// about E1 (in A1, so office A) on 1 Sep, answered 4 Sep (3 working days),
// closed 15 Sep (10), the reporter wrote again on 5 Sep; R2 corruption/
// phone/anonymous about E2 (B) on 7 Sep, answered 8 Sep (1), the reporter
// wrote only before the answer; R3 sexual violence/web/named, nobody
// named, 5 Oct; its duplicate on 6 Oct (not counted); R5 sexual violence/
// letter/confidential about E1 (moved to B on 1 Oct) on 12 Oct, answered
// 19 Oct (5), closed 26 Oct (10); R6 abuse of power/web/anonymous about
// E2 on 2 Nov, answered 3 Nov (1), the reporter wrote again; one in
// August (outside).
//
// Cases: C1 about E1 (A) opened 2 Sep from R1, K4f 12 days (sedang) and
// K4a (sedang), summoned 4 Sep (2), decided S1 16 Sep (10); C2 about E2
// opened 1 Oct from R2, K4f 5 days (ringan), summoned 5 Oct (2), decided
// R2 15 Oct (10), objection lightened; C3 opened 5 Oct, unknown code,
// summoned 6 Oct (1), dismissed; C4 about E1 (B by then) opened 2 Nov,
// K4i (berat), decided R1 9 Nov (5), objection revoked; C5 opened 10 Nov,
// open, due 20 Nov; C6 about E1 opened 1 Jul (outside; A), due 1 Aug; C7
// opened 10 Sep, nobody named, K3c on the unit (ringan), due 31 Dec.
func TestDashboardStatsGolden(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s, tid, other, a, a1, b := statsTenants(t, d)
		seedGolden(t, s, tid, other, a1, b)
		cal, err := s.Calendar(ctx, tid)
		if err != nil {
			t.Fatal(err)
		}
		today := mustDate("2026-12-01")
		all := store.StatsFilter{From: mustDate("2026-09-01"), To: mustDate("2026-11-30")}
		r, err := s.ReportStats(ctx, tid, all, cal)
		if err != nil {
			t.Fatal(err)
		}
		A, B := strconv.FormatInt(a, 10), strconv.FormatInt(b, 10)
		eq := func(name string, got, want any) {
			t.Helper()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: %v, want %v", name, got, want)
			}
		}
		eq("reports", r.Total, 5)
		eq("by category", r.ByCategory, map[string]int{"corruption": 2, "sexual_violence": 2, "abuse_of_power": 1})
		eq("by month", r.ByMonth, map[string]int{"2026-09": 2, "2026-10": 2, "2026-11": 1})
		eq("by district", r.ByDistrict, map[string]int{"36.04.01": 3, "36.04.02": 2})
		eq("by office", r.ByOffice, map[string]int{A: 1, B: 3, store.Unplaced: 1})
		eq("by status", r.ByStatus, map[string]int{"closed": 2, "in_review": 2, "new": 1})
		eq("by channel", r.ByChannel, map[string]int{"web": 3, "phone": 1, "letter": 1})
		eq("by mode", r.ByMode, map[string]int{"anonymous": 3, "named": 1, "confidential": 1})
		eq("month × category", r.MonthCategory[[2]string{"2026-10", "sexual_violence"}], 2)
		perDistrict := map[string]int{}
		for k, n := range r.MonthDistrict {
			perDistrict[k[1]] += n
		}
		eq("month × district, summed per district", perDistrict, r.ByDistrict)
		slices.Sort(r.FirstResponse)
		slices.Sort(r.Closing)
		eq("first response", r.FirstResponse, []int{1, 1, 3, 5})
		eq("closing", r.Closing, []int{10, 10})
		eq("anonymous answered", r.AnonAnswered, 3)
		eq("anonymous returned", r.AnonReturned, 2)

		for _, tc := range []struct {
			name string
			f    store.StatsFilter
			want int
		}{
			{"office A", store.StatsFilter{From: all.From, To: all.To, Office: a}, 1},
			{"office B, sexual violence", store.StatsFilter{From: all.From, To: all.To, Office: b, Category: "sexual_violence"}, 1},
			{"district 36.04.02", store.StatsFilter{From: all.From, To: all.To, District: "36.04.02"}, 2},
			{"September", store.StatsFilter{From: all.From, To: mustDate("2026-09-30")}, 2},
			{"one day, the last included", store.StatsFilter{From: mustDate("2026-11-02"), To: mustDate("2026-11-02")}, 1},
		} {
			got, err := s.ReportStats(ctx, tid, tc.f, cal)
			if err != nil {
				t.Fatal(err)
			}
			eq("reports, "+tc.name, got.Total, tc.want)
		}

		c, err := s.CaseStats(ctx, tid, all, cal, today)
		if err != nil {
			t.Fatal(err)
		}
		eq("cases", c.Total, 6)
		eq("by code", c.ByCode, map[string]int{"K4f": 2, "K4a": 1, "ZZ": 1, "K4i": 1, "K3c": 1})
		eq("by level", c.ByLevel, map[string]int{"sedang": 1, "ringan": 2, "berat": 1, "": 2})
		eq("by sanction", c.BySanction, map[string]int{"S1": 1, "R2": 1, "R1": 1})
		eq("by outcome", c.ByOutcome, map[string]int{"lighten": 1, "revoke": 1})
		slices.Sort(c.ToSummons)
		slices.Sort(c.ToDecision)
		eq("to summons", c.ToSummons, []int{1, 2, 2})
		eq("to decision", c.ToDecision, []int{5, 10, 10})
		eq("ended", c.Ended, 4)
		eq("substantiated", c.Substantiated, 2)
		eq("overdue", c.Overdue, map[string]int{"case.due.summons": 1, "case.due.decision": 1})
		eq("overdue total", c.OverdueTotal, 2)

		ca, err := s.CaseStats(ctx, tid, store.StatsFilter{From: all.From, To: all.To, Office: a}, cal, today)
		if err != nil {
			t.Fatal(err)
		}
		eq("cases in A", ca.Total, 1)
		eq("overdue in A (C6, opened in A)", ca.OverdueTotal, 1)
		cd, err := s.CaseStats(ctx, tid, store.StatsFilter{From: all.From, To: all.To, District: "36.04.01"}, cal, today)
		if err != nil {
			t.Fatal(err)
		}
		eq("cases in 36.04.01 (through reports)", cd.Total, 2)
		eq("overdue in 36.04.01", cd.OverdueTotal, 0)

		// The other government counts only its own.
		ro, err := s.ReportStats(ctx, other, all, cal)
		if err != nil {
			t.Fatal(err)
		}
		co, err := s.CaseStats(ctx, other, all, cal, today)
		if err != nil {
			t.Fatal(err)
		}
		eq("other reports", ro.Total, 1)
		eq("other cases", co.Total, 1)
		eq("other overdue", co.OverdueTotal, 1)
	})
}
