package db

import (
	"io/fs"
	"testing"
)

// Both engines must move in step: the same versions, the same file names.
func TestMigrationFoldersMatch(t *testing.T) {
	names := func(e Engine) []string {
		entries, err := fs.ReadDir(MigrationFiles(e), ".")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	s, p := names(SQLite), names(Postgres)
	if len(s) == 0 || len(s) != len(p) {
		t.Fatalf("sqlite has %v, postgres has %v", s, p)
	}
	for i := range s {
		if s[i] != p[i] {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, s[i], p[i])
		}
	}
}
