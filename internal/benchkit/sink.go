package benchkit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"sigap/internal/calendar"
	"sigap/internal/db"
)

// table is a batch of rows for one table, written in one go: COPY on
// PostgreSQL, multi-row INSERTs inside one transaction on SQLite.
type table struct {
	name string
	cols []string
	rows [][]any
}

func newTable(name string, cols ...string) *table { return &table{name: name, cols: cols} }

func (t *table) add(vals ...any) {
	if len(vals) != len(t.cols) {
		panic(fmt.Sprintf("benchkit: %s wants %d values, got %d", t.name, len(t.cols), len(vals)))
	}
	t.rows = append(t.rows, vals)
}

// writer writes tables in bulk on one engine.
type writer struct {
	d    *db.DB
	rows int64 // written so far, for the log
}

// write writes the tables in order (parents before children) and empties
// them. On SQLite all of them go in one transaction.
func (w *writer) write(ctx context.Context, ts ...*table) error {
	if w.d.Engine == db.Postgres {
		conn, err := w.d.W.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		return conn.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			for _, t := range ts {
				if len(t.rows) == 0 {
					continue
				}
				for _, r := range t.rows {
					for i, v := range r {
						r[i] = pgValue(v)
					}
				}
				n, err := pc.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(t.rows))
				if err != nil {
					return fmt.Errorf("copy into %s: %w", t.name, err)
				}
				w.rows += n
				t.rows = t.rows[:0]
			}
			return nil
		})
	}
	return w.d.Tx(ctx, func(tx *sql.Tx) error {
		for _, t := range ts {
			per := max(1, min(500, 30000/len(t.cols)))
			head := `INSERT INTO ` + t.name + ` (` + strings.Join(t.cols, ", ") + `) VALUES `
			for len(t.rows) > 0 {
				chunk := t.rows[:min(per, len(t.rows))]
				t.rows = t.rows[len(chunk):]
				args := make([]any, 0, len(chunk)*len(t.cols))
				for _, r := range chunk {
					args = append(args, r...)
				}
				if _, err := tx.ExecContext(ctx, head+w.d.Rows(len(chunk), len(t.cols)), args...); err != nil {
					return fmt.Errorf("insert into %s: %w", t.name, err)
				}
				w.rows += int64(len(chunk))
			}
			t.rows = nil
		}
		return nil
	})
}

// pgValue turns the values the store binds on SQLite into what COPY
// encodes: dates as dates.
func pgValue(v any) any {
	switch x := v.(type) {
	case calendar.Date:
		if x.IsZero() {
			return nil
		}
		return time.Date(x.Year(), time.Month(x.Month()), x.Day(), 0, 0, 0, 0, time.UTC)
	case sql.NullInt64:
		if !x.Valid {
			return nil
		}
		return x.Int64
	}
	return v
}
