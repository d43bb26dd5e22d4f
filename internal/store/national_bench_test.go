package store_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"sigap/internal/benchkit"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// BenchmarkNationalStats measures the statistics on PostgreSQL over the
// national data set of `sigap bench national` (benchkit.Build, the same
// rows): at scale 1, 542 governments, 4.3 million employees, 1,000,000
// reports over 2025–2026, 500,000 discipline cases, 1,000,000 protection
// incidents, guidance and pledges; SIGAP_BENCH_SCALE picks another scale.
//
//   - rollup/national: the oversight rollup of a year over every government;
//
//   - rollup/ceiling: its largest single read alone, the year's reports
//     counted by government;
//
//   - rollup/categories: the rollup's breakdown by category alone, the
//     year's report facts counted by government and category;
//
//   - rollup/province: the same for one province;
//
//   - dashboard/tenant: the largest government's report and case counts
//     for a year.
//
//     SIGAP_BENCH_NATIONAL=1 go test -run '^$' -bench BenchmarkNationalStats -count 3 -timeout 60m ./internal/store/
func BenchmarkNationalStats(b *testing.B) {
	if os.Getenv("SIGAP_BENCH_NATIONAL") == "" || os.Getenv(testdb.EnvPostgres) == "" {
		b.Skip("set SIGAP_BENCH_NATIONAL=1 and SIGAP_TEST_POSTGRES: the data set takes minutes to build")
	}
	scale := 1.0
	if v := os.Getenv("SIGAP_BENCH_SCALE"); v != "" {
		var err error
		if scale, err = strconv.ParseFloat(v, 64); err != nil {
			b.Fatal(err)
		}
	}
	d := testdb.Open(b, db.Postgres)
	s, ds, err := benchkit.Prepare(ctx, d, b.TempDir(), benchkit.Spec{Scale: scale, Seed: 1}, nil)
	if err != nil {
		b.Fatal(err)
	}
	tenants := len(ds.Tenants)
	province := ds.LargeTenant().Code[:2]
	b.Logf("built %+v in %s", ds.Counts, ds.Build.Round(time.Second))
	today := calendar.NewDate(2026, 11, 30)
	b.Run("rollup/national", func(b *testing.B) {
		for b.Loop() {
			if f, err := s.OversightFigures(ctx, "", 2026, today); err != nil || len(f) != tenants || f[0].Reports == 0 {
				b.Fatal(len(f), err)
			}
		}
	})
	// The ceiling: the rollup's largest single read, the year's reports
	// counted by government, with nothing else.
	b.Run("rollup/ceiling", func(b *testing.B) {
		for b.Loop() {
			rs, err := d.R.QueryContext(ctx, `SELECT tenant_id, COUNT(*) FROM reports WHERE duplicate_of IS NULL AND created_at >= $1 AND created_at < $2 GROUP BY tenant_id`,
				time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC))
			if err != nil {
				b.Fatal(err)
			}
			for rs.Next() {
			}
			rs.Close()
		}
	})
	categories := `SELECT f.tenant_id, f.category, COUNT(*) FROM report_facts f JOIN tenants t ON t.id = f.tenant_id
		WHERE (t.code = $3 OR t.code LIKE $4) AND f.month >= $1 AND f.month <= $2 GROUP BY f.tenant_id, f.category`
	if os.Getenv("SIGAP_BENCH_PLANS") != "" {
		for _, scope := range []string{province, "%"} {
			rs, err := d.R.QueryContext(ctx, `EXPLAIN ANALYZE `+categories, 202601, 202612, scope, scope+".%")
			if err != nil {
				b.Fatal(err)
			}
			for rs.Next() {
				var line string
				rs.Scan(&line)
				b.Log(line)
			}
			rs.Close()
		}
	}
	b.Run("rollup/categories", func(b *testing.B) {
		for b.Loop() {
			rs, err := d.R.QueryContext(ctx, categories, 202601, 202612, "%", "%")
			if err != nil {
				b.Fatal(err)
			}
			for rs.Next() {
			}
			rs.Close()
		}
	})
	b.Run("rollup/province", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.OversightFigures(ctx, province, 2026, today); err != nil {
				b.Fatal(err)
			}
		}
	})
	tid := ds.LargeTenant().ID
	cal, err := s.Calendar(ctx, tid)
	if err != nil {
		b.Fatal(err)
	}
	year := store.StatsFilter{From: calendar.NewDate(2026, 1, 1), To: today}
	b.Run("dashboard/tenant", func(b *testing.B) {
		for b.Loop() {
			if r, err := s.ReportStats(ctx, tid, year, cal); err != nil || r.Total == 0 {
				b.Fatal(r.Total, err)
			}
			if _, err := s.CaseStats(ctx, tid, year, cal, today); err != nil {
				b.Fatal(err)
			}
		}
	})
}
