// Package testdb gives tests real, migrated databases: an SQLite file in a
// temporary directory always, and a fresh schema on the PostgreSQL named by
// SIGAP_TEST_POSTGRES when it is set. Tests that run on Each run on both.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"sigap/internal/db"
	"sigap/internal/refdata"
)

// EnvPostgres names the variable that holds the PostgreSQL test URL.
const EnvPostgres = "SIGAP_TEST_POSTGRES"

// Engines returns the engines this test run covers.
func Engines() []db.Engine {
	if os.Getenv(EnvPostgres) != "" {
		return []db.Engine{db.SQLite, db.Postgres}
	}
	return []db.Engine{db.SQLite}
}

// Each runs fn as a subtest on every engine with a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) { fn(t, Open(t, e)) })
	}
}

// Open returns a fresh, migrated database of engine e, removed after the test.
func Open(t testing.TB, e db.Engine) *db.DB {
	t.Helper()
	d := OpenEmpty(t, e)
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", e, err)
	}
	return d
}

// OpenEmpty returns a fresh database of engine e without any schema.
func OpenEmpty(t testing.TB, e db.Engine) *db.DB {
	t.Helper()
	ctx := context.Background()
	if e == db.SQLite {
		d, err := db.Open(ctx, db.Options{DataDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	u := PostgresURL(t)
	d, err := db.Open(ctx, db.Options{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// PostgresURL creates a schema of its own for the test on the server named by
// SIGAP_TEST_POSTGRES and returns a URL whose connections use it. The schema
// is dropped when the test ends.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skip(EnvPostgres + " is not set")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema on %s: %v", EnvPostgres, err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err == nil {
			admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			admin.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

var (
	regionsOnce sync.Once
	regionsAll  []refdata.Region
	regionsErr  error
)

// NationalRegions returns the parsed embedded regions table, parsed once per
// test binary.
func NationalRegions(t testing.TB) []refdata.Region {
	t.Helper()
	regionsOnce.Do(func() { regionsAll, regionsErr = refdata.ParseRegions(refdata.NationalRegions()) })
	if regionsErr != nil {
		t.Fatal(regionsErr)
	}
	return regionsAll
}

// BantenRegions returns the province of Banten and everything in it: enough
// for tests about Kabupaten and Kota Serang, and quick to import.
func BantenRegions(t testing.TB) []refdata.Region {
	var out []refdata.Region
	for _, r := range NationalRegions(t) {
		if r.Code == "36" || strings.HasPrefix(r.Code, "36.") {
			out = append(out, r)
		}
	}
	return out
}
