package store_test

import (
	"database/sql"
	"testing"

	"sigap/internal/db"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// BenchmarkImportRegions imports the national regions table (91,599 rows)
// into a fresh database on each engine (target: under 5 s). Each engine has
// two sub-benchmarks run side by side, so that the ratio holds on a noisy
// machine:
//
//   - import: store.ImportRegions, what `sigap import regions` and the demo do;
//   - ceiling: the same rows in the same 500-row multi-row INSERTs and one
//     transaction, into a table without key, index or ON CONFLICT.
//
// Parsing is not timed (see refdata's BenchmarkParseRegions), nor is making
// the database.
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
				return d.Tx(b.Context(), func(tx *sql.Tx) error {
					const batch = 500
					for start := 0; start < len(regions); start += batch {
						chunk := regions[start:min(start+batch, len(regions))]
						args := make([]any, 0, len(chunk)*4)
						for _, r := range chunk {
							args = append(args, r.Code, r.Name, string(r.Level), sql.NullString{String: r.ParentCode, Valid: r.ParentCode != ""})
						}
						if _, err := tx.ExecContext(b.Context(), `INSERT INTO bench_raw (code, name, level, parent_code) VALUES `+db.Rows(len(chunk), 4), args...); err != nil {
							return err
						}
					}
					return nil
				})
			})
		})
	}
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
		d.Close() // Cleanup closes it again, harmlessly; temp files go at the end
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
