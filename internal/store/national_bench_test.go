package store_test

import (
	"os"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/refdata"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// BenchmarkNationalStats measures the statistics on a national data set
// on PostgreSQL: 542 governments with 1,000,000 reports (1,845 each over
// 2025–2026), 500,000 discipline cases (923 each, half decided with a
// sanction), 1,000,000 protection incidents in the monthly counts, 50
// offices and 200 employees each, guidance held in half the offices and
// pledges signed by half the staff. The rows are generated inside
// PostgreSQL (generate_series), not through the application.
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
//   - dashboard/tenant: one government's report and case counts for a year.
//
//     SIGAP_BENCH_NATIONAL=1 go test -run '^$' -bench BenchmarkNationalStats -count 3 -timeout 60m ./internal/store/
func BenchmarkNationalStats(b *testing.B) {
	if os.Getenv("SIGAP_BENCH_NATIONAL") == "" || os.Getenv(testdb.EnvPostgres) == "" {
		b.Skip("set SIGAP_BENCH_NATIONAL=1 and SIGAP_TEST_POSTGRES: the data set takes minutes to build")
	}
	d := testdb.Open(b, db.Postgres)
	s := store.New(d, func() time.Time { return time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC) })
	rows, err := refdata.ParseRegions(refdata.NationalRegions())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportRegions(ctx, store.System, rows); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for _, q := range []string{
		`INSERT INTO tenants (code, slug, name, region_code, created_at)
			SELECT code, 't' || replace(code, '.', '-'), name, code, now() FROM regions WHERE level IN ('regency', 'province')
			ORDER BY level DESC, code LIMIT 542`,
		`INSERT INTO units (tenant_id, name, kind, created_at, updated_at)
			SELECT t.id, 'Dinas ' || g, 'dinas', now(), now() FROM tenants t, generate_series(1, 50) g`,
		`INSERT INTO employees (tenant_id, nip, name, search_name, status, position, position_kind, unit_id, state, created_at, updated_at)
			SELECT u.tenant_id, lpad((u.id * 4 + g)::text, 18, '0'), 'Pegawai', 'pegawai', 'PNS', 'Staf', 'pelaksana', u.id, 'active', now(), now()
			FROM units u, generate_series(1, 4) g`,
		`INSERT INTO employee_positions (employee_id, status, rank, position, position_kind, functional_level, echelon, unit_id, state, recorded_at)
			SELECT id, 'PNS', '', 'Staf', 'pelaksana', '', '', unit_id, 'active', timestamptz '2024-01-01' FROM employees`,
		`INSERT INTO reports (tenant_id, public_id, receipt_lookup, channel, category, mode, status, district_code,
				reporter_is_victim, contact_victim, share_identity, content_enc, employee_id, created_at, updated_at, followed_up_at, closed_at)
			SELECT t.id, 'R-' || t.id || '-' || g, convert_to('lookup-' || t.id || '-' || g, 'UTF8'),
				(ARRAY['web', 'phone', 'letter', 'walk_in'])[1 + g % 4], (ARRAY['sexual_violence', 'absence', 'gratification', 'abuse_of_authority', 'other'])[1 + g % 5],
				CASE WHEN g % 10 = 0 THEN 'anonymous' ELSE 'named' END, (ARRAY['new', 'in_review', 'closed'])[1 + g % 3], '',
				false, false, false, '\x78'::bytea, NULL,
				timestamptz '2025-01-01 03:00+00' + (g % 700) * interval '1 day', timestamptz '2025-01-01 03:00+00' + (g % 700) * interval '1 day',
				timestamptz '2025-01-04 03:00+00' + (g % 700) * interval '1 day', CASE WHEN g % 3 = 2 THEN timestamptz '2025-01-21 03:00+00' + (g % 700) * interval '1 day' END
			FROM tenants t, generate_series(1, 1845) g`,
		`INSERT INTO discipline_cases (tenant_id, public_id, status, opened_at, number, stage)
			SELECT t.id, 'C-' || t.id || '-' || g, 'closed', timestamptz '2025-01-01 03:00+00' + (g % 690) * interval '1 day', 'N/' || g,
				CASE WHEN g % 2 = 0 THEN 'effective' ELSE 'open' END
			FROM tenants t, generate_series(1, 923) g`,
		`INSERT INTO discipline_steps (tenant_id, case_id, kind, day1, sanction, created_at)
			SELECT tenant_id, id, 'decide', (opened_at + interval '20 days')::date, 'S1', now() FROM discipline_cases WHERE stage = 'effective'`,
		`INSERT INTO protection_counts (tenant_id, month, district_code, form, sex, age_group, victims, cases)
			SELECT t.id, y * 100 + m, t.code || '.01', '*', '*', '*', 77, 70 FROM tenants t, generate_series(2025, 2026) y, generate_series(1, 12) m`,
		`INSERT INTO guidance_sessions (tenant_id, unit_id, held_on, starts_at, topics, audience, created_at, updated_at)
			SELECT u.tenant_id, u.id, date '2026-03-10', '09:00', 'Etika', 'all', now(), now() FROM units u WHERE u.id % 2 = 0`,
		`INSERT INTO guidance_attendance (session_id, employee_id, status, how, recorded_at)
			SELECT g.id, e.id, 'present', 'tick', now() FROM guidance_sessions g JOIN employees e ON e.unit_id = g.unit_id`,
		`INSERT INTO pledge_versions (tenant_id, number, title, body, text_sha256, created_at)
			SELECT id, 1, 'Pakta', 'Teks', 'x', now() FROM tenants`,
		`INSERT INTO pledge_signatures (tenant_id, employee_id, version_id, method, statement, text_sha256, signed_at)
			SELECT e.tenant_id, e.id, v.id, 'electronic', 's', 'x', now() FROM employees e JOIN pledge_versions v ON v.tenant_id = e.tenant_id WHERE e.id % 2 = 0`,
		`INSERT INTO report_facts (report_id, tenant_id, month, day, category, channel, status, mode, district_code, unit_id, responded, closed, back) ` +
			store.FactsSQL(db.Postgres, `true`),
		`ANALYZE`,
	} {
		if _, err := d.W.ExecContext(ctx, q); err != nil {
			b.Fatalf("%s: %v", q[:60], err)
		}
	}
	var tenants, reports, cases int
	d.R.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM tenants), (SELECT COUNT(*) FROM reports), (SELECT COUNT(*) FROM discipline_cases)`).Scan(&tenants, &reports, &cases)
	b.Logf("built %d governments, %d reports, %d cases in %s", tenants, reports, cases, time.Since(start).Round(time.Second))
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
		for _, scope := range []string{"36", "%"} {
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
			if _, err := s.OversightFigures(ctx, "36", 2026, today); err != nil {
				b.Fatal(err)
			}
		}
	})
	var tid int64
	d.R.QueryRowContext(ctx, `SELECT MAX(id) FROM tenants`).Scan(&tid)
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
