package store_test

import (
	"database/sql"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/protection"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// countBenchCases is the size the per-district counts must answer at:
// under 300 ms on SQLite, under 200 ms on PostgreSQL.
const countBenchCases = 1_000_000

// BenchmarkProtectionCounts measures the counts of one government with a
// million incidents spread over 2019–2025 in its 29 districts (one or two
// forms each, a fifth with two victims), the counts table filled from the
// cases by RebuildProtectionCounts (its time is logged):
//
//   - district/year: victims and cases by district for 2024;
//
//   - district/all: the same over the seven years;
//
//   - district/range: 10 Feb 2024 to 20 Aug 2025, whose two cut months
//     are counted from the cases;
//
//   - district/filtered: 2024, sexual violence against girls 13–17;
//
//   - page: everything /protection/stats shows for a year (total, by
//     district, form, age and sex, month);
//
//   - from-cases: victims by district for 2024 counted from the cases and
//     victims without the counts table, for comparison;
//
//   - ceiling: a plain COUNT(*) of the government's cases.
//
// Each is measured three times in the run.
//
//	go test -run '^$' -bench BenchmarkProtectionCounts -timeout 90m ./internal/store/
func BenchmarkProtectionCounts(b *testing.B) {
	for _, e := range testdb.Engines() {
		d := testdb.Open(b, e)
		s := store.New(d, nil)
		if _, err := s.ImportRegions(ctx, store.System, testdb.BantenRegions(b)); err != nil {
			b.Fatal(err)
		}
		t, err := s.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
		if err != nil {
			b.Fatal(err)
		}
		want := countSeed(b, s, t.ID)
		start := time.Now()
		if err := s.RebuildProtectionCounts(ctx, store.System, t.ID); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: counts rebuilt from %d cases in %v", e, countBenchCases, time.Since(start).Round(time.Millisecond))
		if _, err := d.W.ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
		// Each measurement three times in one run (named …#01, #02): the
		// million cases are written once per engine.
		for range 3 {
			countBenchRuns(b, e, d, s, t.ID, want)
		}
	}
}

// countBenchRuns measures each operation once.
func countBenchRuns(b *testing.B, e db.Engine, d *db.DB, s *store.Store, tenantID int64, want int) {
	year := store.CountFilter{From: calendar.NewDate(2024, 1, 1), To: calendar.NewDate(2024, 12, 31)}
	byDistrict := func(b *testing.B, f store.CountFilter, check func([]store.CountRow) bool) {
		for b.Loop() {
			rows, err := s.ProtectionCounts(ctx, tenantID, f, store.ByDistrict)
			if err != nil || !check(rows) {
				b.Fatalf("%v %v", rows, err)
			}
		}
	}
	sum := func(rows []store.CountRow) int {
		n := 0
		for _, r := range rows {
			n += r.Victims
		}
		return n
	}
	b.Run(string(e)+"/district/year", func(b *testing.B) {
		byDistrict(b, year, func(rows []store.CountRow) bool { return len(rows) == 29 && sum(rows) == want })
	})
	b.Run(string(e)+"/district/all", func(b *testing.B) {
		byDistrict(b, store.CountFilter{From: calendar.NewDate(2019, 1, 1), To: calendar.NewDate(2025, 12, 31)},
			func(rows []store.CountRow) bool { return len(rows) == 29 && sum(rows) > countBenchCases })
	})
	b.Run(string(e)+"/district/range", func(b *testing.B) {
		byDistrict(b, store.CountFilter{From: calendar.NewDate(2024, 2, 10), To: calendar.NewDate(2025, 8, 20)},
			func(rows []store.CountRow) bool { return len(rows) == 29 })
	})
	b.Run(string(e)+"/district/filtered", func(b *testing.B) {
		f := year
		f.Form, f.Sex, f.AgeGroup = protection.Sexual, protection.Female, "13-17"
		byDistrict(b, f, func(rows []store.CountRow) bool { return len(rows) == 29 })
	})
	b.Run(string(e)+"/page", func(b *testing.B) {
		for b.Loop() {
			for _, dim := range []store.CountDimension{store.ByTotal, store.ByDistrict, store.ByForm, store.ByAgeSex, store.ByMonth} {
				if rows, err := s.ProtectionCounts(ctx, tenantID, year, dim); err != nil || len(rows) == 0 {
					b.Fatal(dim, err)
				}
			}
		}
	})
	b.Run(string(e)+"/from-cases", func(b *testing.B) {
		for b.Loop() {
			rows, err := d.R.QueryContext(ctx, `SELECT c.district_code, COUNT(*) FROM protection_cases c JOIN protection_victims v ON v.case_id = c.id
					WHERE c.tenant_id = $1 AND c.occurred_on BETWEEN $2 AND $3 GROUP BY c.district_code`, tenantID, year.From, year.To)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				var code string
				var v int
				rows.Scan(&code, &v)
				n += v
			}
			rows.Close()
			if n != want {
				b.Fatal(n, want)
			}
		}
	})
	b.Run(string(e)+"/ceiling", func(b *testing.B) {
		for b.Loop() {
			var n int
			if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM protection_cases WHERE tenant_id = $1`, tenantID).Scan(&n); err != nil || n != countBenchCases {
				b.Fatal(n, err)
			}
		}
	})
}

// countSeed writes a million recorded cases with their forms and victims
// straight into the tables (a shared sealed identity, placeholder
// details) and returns the number of victims of 2024.
func countSeed(b *testing.B, s *store.Store, tenantID int64) int {
	b.Helper()
	districts, err := s.RegionChildren(ctx, "36.04")
	if err != nil || len(districts) != 29 {
		b.Fatal(len(districts), err)
	}
	var villages []string
	for _, d := range districts {
		vs, err := s.RegionChildren(ctx, d.Code)
		if err != nil || len(vs) == 0 {
			b.Fatal(d.Code, err)
		}
		villages = append(villages, vs[0].Code)
	}
	now := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	var identity int64
	if err := s.DB().W.QueryRowContext(ctx, `INSERT INTO sealed_identities (tenant_id, public_id, role, subject_type, subject_id, created_at)
		VALUES ($1, 'bench', 'victim', 'protection_victim', 'bench', $2) RETURNING id`, tenantID, now).Scan(&identity); err != nil {
		b.Fatal(err)
	}
	rng := mrand.New(mrand.NewPCG(1, 14))
	first := calendar.NewDate(2019, 1, 1)
	days := first.DaysUntil(calendar.NewDate(2025, 12, 31)) + 1
	places := protection.Places
	groups := protection.AgeGroups
	want, victim := 0, 0
	const batch = 1000
	for startID := 1; startID <= countBenchCases; startID += batch * 20 {
		err := s.DB().Tx(ctx, func(tx *sql.Tx) error {
			for lo := startID; lo < startID+batch*20 && lo <= countBenchCases; lo += batch {
				var cases, forms, victims []any
				nc, nf, nv := 0, 0, 0
				for id := lo; id < lo+batch; id++ {
					day := first.AddDays(rng.IntN(days))
					v := villages[rng.IntN(len(villages))]
					cases = append(cases, id, tenantID, fmt.Sprintf("bench-%07d", id), fmt.Sprintf("PPA/%d/%07d", day.Year(), id), "walk_in", "open",
						now, day, protection.DistrictOf(v), v, string(places[rng.IntN(len(places))]), now, now)
					nc++
					f := rng.IntN(len(protection.Forms))
					forms = append(forms, id, tenantID, string(protection.Forms[f]))
					nf++
					if rng.IntN(3) == 0 {
						forms = append(forms, id, tenantID, string(protection.Forms[(f+1+rng.IntN(len(protection.Forms)-1))%len(protection.Forms)]))
						nf++
					}
					for range 1 + rng.IntN(5)/4 {
						victim++
						sex := "P"
						if rng.IntN(4) == 0 {
							sex = "L"
						}
						victims = append(victims, tenantID, id, fmt.Sprintf("bench-v-%07d", victim), identity, sex, string(groups[rng.IntN(len(groups))]), []byte{0}, now)
						nv++
						if day.Year() == 2024 {
							want++
						}
					}
				}
				for _, q := range []struct {
					sql  string
					n    int
					cols int
					args []any
				}{
					{`INSERT INTO protection_cases (id, tenant_id, public_id, number, opened_via, status, opened_at, occurred_on, district_code, village_code, place_kind, reported_at, updated_at) VALUES `, nc, 13, cases},
					{`INSERT INTO protection_case_forms (case_id, tenant_id, form) VALUES `, nf, 3, forms},
					{`INSERT INTO protection_victims (tenant_id, case_id, public_id, identity_id, sex, age_group, details_enc, created_at) VALUES `, nv, 8, victims},
				} {
					if _, err := tx.ExecContext(ctx, q.sql+s.DB().Rows(q.n, q.cols), q.args...); err != nil {
						return fmt.Errorf("%s: %w", strings.Fields(q.sql)[2], err)
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return want
}
