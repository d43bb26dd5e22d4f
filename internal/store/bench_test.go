package store_test

import (
	"database/sql"
	"strings"
	"testing"

	"sigap/internal/db"
	"sigap/internal/refdata"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// BenchmarkImportRegions imports the national regions table (91,599 rows)
// into a fresh database on each engine (target: under 5 s). The
// sub-benchmarks of an engine run side by side, so that their ratio holds
// on a noisy machine:
//
//   - import: store.ImportRegions, as `sigap import regions` and the demo do;
//   - ceiling: the same rows in 500-row multi-row INSERTs in one
//     transaction, into a table without key, index or ON CONFLICT, with the
//     engine's cheapest placeholders (? on SQLite, $N on PostgreSQL);
//   - sqlite/same-sql-anon: the import's own statement (regions, ON
//     CONFLICT) with ? instead of $N placeholders. It isolates what $N costs
//     on SQLite: SQLite treats $N as named parameters and looks each one up
//     in a list, at parse and again at bind, quadratic in the 2,000
//     parameters of a 500-row statement.
//
// Parsing the table is not timed (refdata's BenchmarkParseRegions), nor is
// making the database.
//
//	SIGAP_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	go test -run '^$' -bench BenchmarkImportRegions -benchtime 3x -count 3 ./internal/store/
func BenchmarkImportRegions(b *testing.B) {
	regions := testdb.NationalRegions(b)
	for _, e := range testdb.Engines() {
		b.Run(string(e)+"/import", func(b *testing.B) {
			benchImport(b, e, len(regions), func(d *db.DB) error {
				_, err := store.New(d, nil).ImportRegions(b.Context(), store.System, regions)
				return err
			})
		})
		b.Run(string(e)+"/ceiling", func(b *testing.B) {
			benchImport(b, e, len(regions), func(d *db.DB) error {
				if _, err := d.W.ExecContext(b.Context(), `CREATE TABLE bench_raw (code TEXT, name TEXT, level TEXT, parent_code TEXT)`); err != nil {
					return err
				}
				return insertBatches(b, d, regions, `INSERT INTO bench_raw (code, name, level, parent_code) VALUES `, "")
			})
		})
		if e == db.SQLite {
			b.Run(string(e)+"/same-sql-anon", func(b *testing.B) {
				benchImport(b, e, len(regions), func(d *db.DB) error {
					return insertBatches(b, d, regions, `INSERT INTO regions (code, name, level, parent_code) VALUES `,
						` ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = excluded.parent_code`)
				})
			})
		}
	}
}

// insertBatches writes regions in 500-row statements prefix+VALUES+suffix
// in one transaction, with ? placeholders on SQLite and $N on PostgreSQL.
func insertBatches(b *testing.B, d *db.DB, regions []refdata.Region, prefix, suffix string) error {
	return d.Tx(b.Context(), func(tx *sql.Tx) error {
		const batch = 500
		for start := 0; start < len(regions); start += batch {
			chunk := regions[start:min(start+batch, len(regions))]
			args := make([]any, 0, len(chunk)*4)
			for _, r := range chunk {
				args = append(args, r.Code, r.Name, string(r.Level), sql.NullString{String: r.ParentCode, Valid: r.ParentCode != ""})
			}
			values := db.Rows(len(chunk), 4)
			if d.Engine == db.SQLite {
				values = strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(chunk)), ", ")
			}
			if _, err := tx.ExecContext(b.Context(), prefix+values+suffix, args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// benchImport times fn on a fresh migrated database per iteration and
// reports rows/s. The timer stops while a database is made and closed.
func benchImport(b *testing.B, e db.Engine, rows int, fn func(*db.DB) error) {
	for b.Loop() {
		b.StopTimer()
		d := testdb.Open(b, e)
		b.StartTimer()
		if err := fn(d); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		d.Close() // Cleanup closes it again, harmlessly; the files go at the end
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkRegionSummary is what the admin home page asks on every request
// (Kabupaten Serang, 36.04, on the national table), beside one range query
// on the code prefix that gives the same counts, as the ceiling. On
// PostgreSQL it runs once before and once after ANALYZE:
//
//	go test -run '^$' -bench BenchmarkRegionSummary -count 3 ./internal/store/
func BenchmarkRegionSummary(b *testing.B) {
	regions := testdb.NationalRegions(b)
	for _, e := range testdb.Engines() {
		d := testdb.Open(b, e)
		s := store.New(d, nil)
		if _, err := s.ImportRegions(b.Context(), store.System, regions); err != nil {
			b.Fatal(err)
		}
		want, err := s.RegionSummary(b.Context(), "36.04")
		if err != nil || want[refdata.LevelVillage] == 0 {
			b.Fatalf("RegionSummary: %v, %v", want, err)
		}
		summary := func(b *testing.B) {
			for b.Loop() {
				if _, err := s.RegionSummary(b.Context(), "36.04"); err != nil {
					b.Fatal(err)
				}
			}
		}
		if e == db.Postgres {
			// Straight after the import the table has no statistics until
			// autovacuum analyzes it (within about a minute by default).
			b.Run(string(e)+"/RegionSummary-before-analyze", summary)
			if _, err := d.W.ExecContext(b.Context(), `ANALYZE regions`); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(string(e)+"/RegionSummary", summary)
		b.Run(string(e)+"/ceiling", func(b *testing.B) {
			for b.Loop() {
				rows, err := d.R.QueryContext(b.Context(), `SELECT level, COUNT(*) FROM regions WHERE code > $1 AND code < $2 GROUP BY level`, "36.04.", "36.04/")
				if err != nil {
					b.Fatal(err)
				}
				got := map[refdata.Level]int{}
				for rows.Next() {
					var l string
					var n int
					if err := rows.Scan(&l, &n); err != nil {
						b.Fatal(err)
					}
					got[refdata.Level(l)] = n
				}
				rows.Close()
				if got[refdata.LevelVillage] != want[refdata.LevelVillage] || got[refdata.LevelDistrict] != want[refdata.LevelDistrict] {
					b.Fatalf("range query counts %v, RegionSummary %v", got, want)
				}
			}
		})
	}
}
