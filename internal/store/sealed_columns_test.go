package store_test

import (
	"testing"

	"sigap/internal/db"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// Every sealed column of the schema (named *_enc) is resealed when a
// government's data key is rotated: a column added without a line in the
// store's list would stay under the old key.
func TestEverySealedColumnIsResealed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		q := `SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name LIKE '%\_enc' ESCAPE '\'`
		if d.Engine == db.SQLite {
			q = `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name LIKE '%\_enc' ESCAPE '\'`
		}
		rows, err := d.R.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		listed := store.SealedColumns()
		found := 0
		for rows.Next() {
			var col string
			if err := rows.Scan(&col); err != nil {
				t.Fatal(err)
			}
			found++
			if !listed[col] {
				t.Errorf("%s is sealed but key rotation does not reseal it", col)
			}
		}
		if found < 10 {
			t.Fatalf("found %d sealed columns: the schema query is broken", found)
		}
	})
}
