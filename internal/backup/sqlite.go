package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/pressly/goose/v3"

	"sigap/internal/db"
)

// integrityCheck runs PRAGMA integrity_check and returns its findings.
func integrityCheck(ctx context.Context, h *sql.DB) error {
	rows, err := h.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("PRAGMA integrity_check found problems: %s", strings.Join(problems, "; "))
	}
	return nil
}

// schemaVersion returns the newest applied migration recorded in goose's
// table: for each version, its latest row says whether it is applied.
func schemaVersion(ctx context.Context, h *sql.DB) (int64, error) {
	rows, err := h.QueryContext(ctx, `SELECT version_id, is_applied FROM goose_db_version ORDER BY id`)
	if err != nil {
		return 0, fmt.Errorf("reading the schema version (goose_db_version): %w; is this a sigap database?", err)
	}
	defer rows.Close()
	applied := map[int64]bool{}
	for rows.Next() {
		var v int64
		var ok bool
		if err := rows.Scan(&v, &ok); err != nil {
			return 0, err
		}
		applied[v] = ok
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var top int64
	for v, ok := range applied {
		if ok && v > top {
			top = v
		}
	}
	return top, nil
}

// tables lists the tables of a database, without SQLite's own.
func tables(ctx context.Context, h *sql.DB) ([]string, error) {
	rows, err := h.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// rowCounts counts the rows of every table.
func rowCounts(ctx context.Context, h *sql.DB) (map[string]int64, error) {
	names, err := tables(ctx, h)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(names))
	for _, n := range names {
		var c int64
		if err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+strings.ReplaceAll(n, `"`, `""`)+`"`).Scan(&c); err != nil {
			return nil, fmt.Errorf("counting %s: %w", n, err)
		}
		out[n] = c
	}
	return out, nil
}

// KnownSchemaVersion returns the newest migration this binary carries for
// SQLite: a backup with a newer schema was made by a newer sigap.
func KnownSchemaVersion() (int64, error) {
	ents, err := fs.ReadDir(db.MigrationFiles(db.SQLite), ".")
	if err != nil {
		return 0, err
	}
	var top int64
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		v, err := goose.NumericComponent(e.Name())
		if err != nil {
			return 0, err
		}
		top = max(top, v)
	}
	if top == 0 {
		return 0, errors.New("this sigap carries no migrations")
	}
	return top, nil
}
