package store_test

import (
	"database/sql"
	"fmt"
	mrand "math/rand/v2"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/org"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// BenchmarkDashboardStats measures the staff dashboard's queries for one
// government with 50,000 reports over 2025–2026 (a third about one of
// 2,000 employees in 20 offices, each with two position rows; a tenth
// anonymous and answered, some with the reporter's return) and 3,000
// discipline cases with charges and steps:
//
//   - reports: every report count of the page for 2026 to date, from
//     report_facts;
//
//   - reports-raw: the same counted from the reports themselves (the
//     reference the facts are tested against);
//
//   - reports/office: the same for one office;
//
//   - cases: every case count (and the overdue steps) for 2026;
//
//   - ceiling: a plain scan of the report rows the first reads.
//
//     go test -run '^$' -bench BenchmarkDashboardStats -count 3 ./internal/store/
func BenchmarkDashboardStats(b *testing.B) {
	for _, e := range testdb.Engines() {
		d := testdb.Open(b, e)
		s, tid, _, _, _, _ := statsTenants(b, d)
		rng := mrand.New(mrand.NewPCG(50, 94))
		var offices []int64
		for i := range 20 {
			u, err := s.CreateUnit(ctx, store.System, tid, org.UnitInput{Name: fmt.Sprintf("Dinas Uji %02d", i), Kind: org.KindDinas})
			if err != nil {
				b.Fatal(err)
			}
			offices = append(offices, u.ID)
		}
		g := &statsSeed{tb: b, s: s, tid: tid, lazy: true}
		var emps []int64
		g.tx(func(tx *sql.Tx) {
			for i := range 2000 {
				id := g.employee(tx, offices[i%20], wibAt("2024-01-01"))
				g.move(tx, id, offices[(i+1)%20], wibAt("2025-07-01"))
				emps = append(emps, id)
			}
		})
		cats := []string{"sexual_violence", "absence", "gratification", "abuse_of_authority", "other"}
		start := wibAt("2025-01-01")
		var reports []int64
		for batch := range 10 {
			g.tx(func(tx *sql.Tx) {
				for i := range 5000 {
					created := start.Add(time.Duration(rng.IntN(700*24)) * time.Hour)
					r := seedReport{category: cats[rng.IntN(len(cats))], channel: "web", mode: "named", status: "closed", district: "36.04.01", created: created,
						followed: created.Add(72 * time.Hour), closed: created.Add(20 * 24 * time.Hour)}
					if (batch*5000+i)%3 == 0 {
						r.employee = emps[rng.IntN(len(emps))]
					}
					if i%10 == 0 {
						r.mode = "anonymous"
					}
					id := g.report(tx, r)
					if i%20 == 0 {
						g.message(tx, id, "reporter", created.Add(96*time.Hour))
					}
					if r.employee != 0 && len(reports) < 3000 {
						reports = append(reports, id)
					}
				}
			})
		}
		g.tx(func(tx *sql.Tx) {
			for i := range 3000 {
				opened := start.Add(time.Duration(rng.IntN(690*24)) * time.Hour)
				day := calendar.DateOf(opened, time.FixedZone("WIB", 7*3600))
				c := seedCase{employee: emps[rng.IntN(len(emps))], opened: opened, status: "closed", stage: "effective", reports: []int64{reports[i]},
					charges: [][3]string{{"K4f", "", "12"}},
					steps:   [][4]string{{"summon", day.AddDays(3).String(), "", ""}, {"decide", day.AddDays(20).String(), "S1", ""}}}
				if i%5 == 0 {
					c.status, c.stage, c.dueWhat, c.dueBy, c.steps = "open", "open", "case.due.first_summons", day.AddDays(10).String(), nil
				}
				g.kase(tx, c)
			}
		})
		g.facts()
		cal, err := s.Calendar(ctx, tid)
		if err != nil {
			b.Fatal(err)
		}
		today := mustDate("2026-11-30")
		year := store.StatsFilter{From: mustDate("2026-01-01"), To: today}
		b.Run(string(e)+"/reports", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.ReportStats(ctx, tid, year, cal); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(string(e)+"/reports-raw", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.ReportStatsRaw(ctx, tid, year, cal); err != nil {
					b.Fatal(err)
				}
			}
		})
		office := year
		office.Office = offices[3]
		b.Run(string(e)+"/reports-office", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.ReportStats(ctx, tid, office, cal); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(string(e)+"/cases", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.CaseStats(ctx, tid, year, cal, today); err != nil {
					b.Fatal(err)
				}
			}
		})
		from, until := year.From.Time(time.FixedZone("WIB", 7*3600)), today.AddDays(1).Time(time.FixedZone("WIB", 7*3600))
		b.Run(string(e)+"/ceiling", func(b *testing.B) {
			for b.Loop() {
				rows, err := s.DB().R.QueryContext(ctx, `SELECT category, channel, status, mode, district_code, created_at, followed_up_at, closed_at, employee_id
					FROM reports WHERE tenant_id = $1 AND duplicate_of IS NULL AND created_at >= $2 AND created_at < $3`, tid, from, until)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for rows.Next() {
					n++
				}
				rows.Close()
			}
		})
	}
}
