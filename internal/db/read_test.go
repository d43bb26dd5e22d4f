package db_test

import (
	"context"
	"net/url"
	"testing"

	"sigap/internal/db"
	"sigap/internal/testdb"
)

// With SIGAP_DATABASE_READ_URL the statistics read from the replica and
// everything else from the primary; without it, Stats is the read handle.
func TestStatsReadFromReplica(t *testing.T) {
	ctx := context.Background()
	primary, replica := testdb.PostgresURL(t), testdb.PostgresURL(t)
	schema := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		return u.Query().Get("search_path")
	}
	d, err := db.Open(ctx, db.Options{URL: primary, ReadURL: replica})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var onStats, onR string
	if err := d.Stats.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&onStats); err != nil {
		t.Fatal(err)
	}
	if err := d.R.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&onR); err != nil {
		t.Fatal(err)
	}
	if onStats != schema(replica) || onR != schema(primary) {
		t.Errorf("statistics read %s, others %s; want %s and %s", onStats, onR, schema(replica), schema(primary))
	}

	plain, err := db.Open(ctx, db.Options{URL: primary})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if plain.Stats != plain.R {
		t.Error("without a replica the statistics must read the main database")
	}
	if _, err := db.Open(ctx, db.Options{URL: primary, ReadURL: "postgres://nobody@127.0.0.1:1/none?connect_timeout=1"}); err == nil {
		t.Error("an unreachable replica must stop the start")
	}
}
