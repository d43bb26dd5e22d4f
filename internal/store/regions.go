package store

import (
	"context"
	"database/sql"
	"strconv"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/refdata"
)

// regionBatch rows go in one INSERT: round trips are what cost on
// PostgreSQL, and 500×4 parameters stay far below both engines' limits.
const regionBatch = 500

// ImportRegions inserts or updates every region in one transaction, so a
// failure leaves the table as it was. Rows are expected parents first, as
// refdata.ParseRegions returns them. It returns the number of rows written.
func (s *Store) ImportRegions(ctx context.Context, a Actor, regions []refdata.Region) (int, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(regions); start += regionBatch {
			chunk := regions[start:min(start+regionBatch, len(regions))]
			args := make([]any, 0, len(chunk)*4)
			for _, r := range chunk {
				args = append(args, r.Code, r.Name, string(r.Level), sql.NullString{String: r.ParentCode, Valid: r.ParentCode != ""})
			}
			q := `INSERT INTO regions (code, name, level, parent_code) VALUES ` + s.db.Rows(len(chunk), 4) + `
			      ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = excluded.parent_code`
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, 0, a, "regions.import", "regions", strconv.Itoa(len(regions)))
	})
	if err != nil {
		return 0, apperr.Wrap(err, "import regions")
	}
	s.mu.Lock()
	s.regionSummaries = nil
	s.mu.Unlock()
	if s.db.Engine == db.Postgres {
		// Fresh statistics now, not when autovacuum gets round to it: the
		// planner otherwise scans the whole table for a region's children.
		if _, err := s.db.W.ExecContext(ctx, `ANALYZE regions`); err != nil {
			return 0, apperr.Wrap(err, "analyze regions")
		}
	}
	return len(regions), nil
}

// RegionCounts returns how many regions of each level are stored.
func (s *Store) RegionCounts(ctx context.Context) (map[refdata.Level]int, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT level, COUNT(*) FROM regions GROUP BY level`)
	if err != nil {
		return nil, apperr.Wrap(err, "count regions")
	}
	defer rows.Close()
	out := map[refdata.Level]int{}
	for rows.Next() {
		var l string
		var n int
		if err := rows.Scan(&l, &n); err != nil {
			return nil, err
		}
		out[refdata.Level(l)] = n
	}
	return out, rows.Err()
}

// Region returns one region by code.
func (s *Store) Region(ctx context.Context, code string) (refdata.Region, error) {
	var r refdata.Region
	var level string
	var parent sql.NullString
	err := s.db.R.QueryRowContext(ctx, `SELECT code, name, level, parent_code FROM regions WHERE code = $1`, code).
		Scan(&r.Code, &r.Name, &level, &parent)
	r.Level, r.ParentCode = refdata.Level(level), parent.String
	return r, notFound(err, "region.not_found", "region")
}

// RegionChildren returns the regions directly under parent ("" for
// provinces), ordered by code.
func (s *Store) RegionChildren(ctx context.Context, parent string) ([]refdata.Region, error) {
	q, args := `SELECT code, name, level, parent_code FROM regions WHERE parent_code = $1 ORDER BY code`, []any{parent}
	if parent == "" {
		q, args = `SELECT code, name, level, parent_code FROM regions WHERE parent_code IS NULL ORDER BY code`, nil
	}
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "region children")
	}
	defer rows.Close()
	var out []refdata.Region
	for rows.Next() {
		var r refdata.Region
		var level string
		var p sql.NullString
		if err := rows.Scan(&r.Code, &r.Name, &level, &p); err != nil {
			return nil, err
		}
		r.Level, r.ParentCode = refdata.Level(level), p.String
		out = append(out, r)
	}
	return out, rows.Err()
}

// InRegion reports whether code lies in the subtree of root (or is root).
// Kemendagri codes nest by prefix, which this relies on.
func InRegion(code, root string) bool {
	return code == root || len(code) > len(root) && code[:len(root)] == root && code[len(root)] == '.'
}

// RegionSummary counts the regions below root, level by level: for a
// regency its districts and villages. It walks the parent index rather
// than matching code prefixes, which PostgreSQL's collations do not order
// reliably.
func (s *Store) RegionSummary(ctx context.Context, root string) (map[refdata.Level]int, error) {
	// Regions change only on import, so a summary is computed once per
	// process (an import through this process clears the cache).
	s.mu.Lock()
	cached, ok := s.regionSummaries[root]
	s.mu.Unlock()
	if ok {
		return cached, nil
	}
	out := map[refdata.Level]int{}
	inner := `$1`
	for range 3 {
		inner = `SELECT code FROM regions WHERE parent_code IN (` + inner + `)`
		var level sql.NullString
		var n int
		err := s.db.R.QueryRowContext(ctx, `SELECT MIN(level), COUNT(*) FROM regions WHERE code IN (`+inner+`)`, root).Scan(&level, &n)
		if err != nil {
			return nil, apperr.Wrap(err, "region summary")
		}
		if n == 0 {
			break
		}
		out[refdata.Level(level.String)] = n
	}
	s.mu.Lock()
	if s.regionSummaries == nil {
		s.regionSummaries = map[string]map[refdata.Level]int{}
	}
	s.regionSummaries[root] = out
	s.mu.Unlock()
	return out, nil
}
