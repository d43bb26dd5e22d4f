package store_test

import (
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/guidance"
	"sigap/internal/org"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// Sizes the coverage matrix must answer in 100 ms at.
const (
	coverBenchOffices   = 100
	coverBenchEmployees = 10_000
	coverBenchPeriods   = 8
)

// BenchmarkGuidanceCoverage measures the coverage matrix of 100 offices ×
// 8 quarters over a roster of 10,000 employees whose position history has
// two imports (a tenth moved office between them), with a session in
// about 85% of the office-quarters and about 60% of each office's staff
// attending (some 48,000 attendance rows).
//
//   - matrix: GuidanceCoverage, what the page asks;
//
//   - overview: PreventionOverview over the last four quarters, the
//     table of offices beside their cases;
//
//   - ceiling: the rows the matrix reads (sessions, their attendance, the
//     position history), scanned and thrown away.
//
//     go test -run '^$' -bench BenchmarkGuidanceCoverage -count 3 ./internal/store/
func BenchmarkGuidanceCoverage(b *testing.B) {
	for _, e := range testdb.Engines() {
		d := testdb.Open(b, e)
		clock := time.Date(2024, 12, 1, 3, 0, 0, 0, time.UTC)
		s := store.New(d, func() time.Time { return clock })
		if _, err := s.ImportRegions(ctx, store.System, testdb.BantenRegions(b)); err != nil {
			b.Fatal(err)
		}
		tn, err := s.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
		if err != nil {
			b.Fatal(err)
		}
		var units []roster.SynthUnit
		var ins []org.UnitInput
		for i := range coverBenchOffices {
			u := roster.SynthUnit{Name: fmt.Sprintf("Dinas Uji %03d", i), Kind: org.KindDinas}
			if i%4 == 3 {
				u = roster.SynthUnit{Name: fmt.Sprintf("Kecamatan Uji %03d", i), Kind: org.KindKecamatan}
			}
			units = append(units, u)
			ins = append(ins, org.UnitInput{Name: u.Name, Kind: u.Kind})
		}
		if _, err := s.EnsureUnits(ctx, store.System, tn.ID, ins); err != nil {
			b.Fatal(err)
		}
		rows := roster.NewSynth(3, 2024).Roster(units, coverBenchEmployees)
		if _, problems, err := s.ImportEmployees(ctx, store.System, tn.ID, rows, store.ImportOptions{}); err != nil || len(problems) > 0 {
			b.Fatal(err, problems)
		}
		// A tenth move office in September 2025 (as staff, reporting to
		// nobody in the file).
		rng := mrand.New(mrand.NewPCG(16, 16))
		moved := map[string]bool{}
		for i := range rows {
			if rows[i].Kind == roster.Pelaksana && rng.IntN(8) == 0 {
				rows[i].Unit = units[rng.IntN(len(units))].Name
				moved[rows[i].NIP.String()] = true
			}
		}
		for i := range rows {
			if moved[rows[i].SuperiorNIP] || moved[rows[i].NIP.String()] {
				rows[i].SuperiorNIP = ""
			}
		}
		clock = time.Date(2025, 9, 1, 3, 0, 0, 0, time.UTC)
		if _, problems, err := s.ImportEmployees(ctx, store.System, tn.ID, rows, store.ImportOptions{}); err != nil || len(problems) > 0 {
			b.Fatal(err, problems)
		}
		clock = time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
		today := calendar.NewDate(2026, 12, 3)
		periods := guidance.Last(guidance.Quarterly, today, coverBenchPeriods)
		sessions, attendance := coverSeed(b, s, tn.ID, periods, rng)
		b.Logf("%s: %d sessions, %d attendance rows", e, sessions, attendance)

		b.Run(string(e)+"/matrix", func(b *testing.B) {
			for b.Loop() {
				cov, err := s.GuidanceCoverage(ctx, tn.ID, periods, today)
				if err != nil || len(cov.Rows) != coverBenchOffices || cov.Rows[len(cov.Rows)-1].Cells[0].Staff == 0 {
					b.Fatal(err)
				}
			}
		})
		// The overview beside the cases reads the last four quarters of
		// the same data, the roster and the pledges.
		b.Run(string(e)+"/overview", func(b *testing.B) {
			for b.Loop() {
				o, err := s.PreventionOverview(ctx, tn.ID, periods[len(periods)-4:], today, time.Time{})
				if err != nil || len(o.Offices) != coverBenchOffices || o.Offices[0].Staff == 0 {
					b.Fatal(err)
				}
			}
		})
		b.Run(string(e)+"/ceiling", func(b *testing.B) {
			for b.Loop() {
				n := 0
				for _, q := range []string{`SELECT g.id, g.unit_id, g.held_on, 0 FROM guidance_sessions g
					WHERE g.tenant_id = $1 AND g.held_on >= $2 AND g.held_on <= $3`,
					`SELECT a.session_id, a.employee_id, 0, 0
					FROM guidance_sessions g JOIN guidance_attendance a ON a.session_id = g.id AND a.status IN ('present','late')
					WHERE g.tenant_id = $1 AND g.held_on >= $2 AND g.held_on <= $3`,
					`SELECT p.employee_id, p.unit_id, p.state, p.recorded_at FROM employee_positions p JOIN employees e ON e.id = p.employee_id
					WHERE e.tenant_id = $1 AND $2 < $3 ORDER BY p.employee_id, p.id`} {
					rs, err := s.DB().R.QueryContext(ctx, q, tn.ID, periods[0].Start, today)
					if err != nil {
						b.Fatal(err)
					}
					var a, u, c any
					var t any
					for rs.Next() {
						rs.Scan(&a, &u, &c, &t)
						n++
					}
					rs.Close()
				}
				if n == 0 {
					b.Fatal("nothing read")
				}
			}
		})
	}
}

// coverSeed writes the sessions and their attendance in bulk.
func coverSeed(b *testing.B, s *store.Store, tenantID int64, periods []guidance.Period, rng *mrand.Rand) (int, int) {
	b.Helper()
	staff := map[int64][]int64{}
	rs, err := s.DB().R.QueryContext(ctx, `SELECT id, unit_id FROM employees WHERE tenant_id = $1 AND state = 'active' ORDER BY id`, tenantID)
	if err != nil {
		b.Fatal(err)
	}
	var unitIDs []int64
	for rs.Next() {
		var id, u int64
		rs.Scan(&id, &u)
		if staff[u] == nil {
			unitIDs = append(unitIDs, u)
		}
		staff[u] = append(staff[u], id)
	}
	rs.Close()
	now := s.Now()
	sessions, attendance := 0, 0
	for _, u := range unitIDs {
		for _, p := range periods {
			if rng.IntN(100) >= 85 {
				continue
			}
			var id int64
			if err := s.DB().W.QueryRowContext(ctx, `INSERT INTO guidance_sessions (tenant_id, unit_id, held_on, starts_at, topics, audience,
					created_at, updated_at) VALUES ($1, $2, $3, '09:00', 'Etika', 'all', $4, $4) RETURNING id`,
				tenantID, u, p.Start.AddDays(20+rng.IntN(20)), now).Scan(&id); err != nil {
				b.Fatal(err)
			}
			sessions++
			var sb strings.Builder
			args := []any{id, now}
			sb.WriteString(`INSERT INTO guidance_attendance (session_id, employee_id, status, how, recorded_at) VALUES `)
			for _, e := range staff[u] {
				if rng.IntN(10) >= 6 {
					continue
				}
				if len(args) > 2 {
					sb.WriteString(",")
				}
				fmt.Fprintf(&sb, "($1, $%d, 'present', 'tick', $2)", len(args)+1)
				args = append(args, e)
			}
			if len(args) == 2 {
				continue
			}
			if _, err := s.DB().W.ExecContext(ctx, sb.String(), args...); err != nil {
				b.Fatal(err)
			}
			attendance += len(args) - 2
		}
	}
	return sessions, attendance
}
