package db

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// IsUniqueViolation reports whether err is a unique or primary key
// constraint failure on either engine.
func IsUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		// SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
		return lite.Code() == 2067 || lite.Code() == 1555
	}
	return false
}

// IsForeignKeyViolation reports whether err is a foreign key failure.
func IsForeignKeyViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23503"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return lite.Code() == 787 // SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

// IsBadText reports whether err is PostgreSQL refusing a text value that
// is not valid UTF-8 or holds a NUL (SQLite stores such bytes). Input is
// checked before it reaches a query; this is the net for a field that is
// not, so that the caller hears of bad input rather than a system error.
func IsBadText(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == "22021" || pg.Code == "22P05")
}

// Params returns "$from, $from+1, …" for n placeholders, for IN lists and
// multi-row inserts; both engines bind $N by number.
func Params(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}

// Rows returns the VALUES list of a multi-row insert: rows tuples of cols
// placeholders each, numbered from 1.
func Rows(rows, cols int) string {
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		b.WriteString(Params(1+r*cols, cols))
		b.WriteByte(')')
	}
	return b.String()
}

// Args collects query arguments and hands out their $N placeholders, for
// queries whose WHERE clause depends on the filters given.
type Args []any

// Add appends v and returns its placeholder.
func (a *Args) Add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// ForUpdate is the row-locking clause for a SELECT inside a write
// transaction: PostgreSQL locks the rows; SQLite has a single writer whose
// immediate transactions already exclude every other.
func (d *DB) ForUpdate() string {
	if d.Engine == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// Rows is the VALUES list of a multi-row insert for this engine. SQLite
// looks up every $N by a linear search when it parses and binds, which
// makes a statement of thousands of them quadratic; plain ? placeholders,
// bound in order, cost nothing. Arguments go in row order on both engines.
func (d *DB) Rows(rows, cols int) string {
	if d.Engine == Postgres {
		return Rows(rows, cols)
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

// Params is the package's Params for this engine: on SQLite plain ?
// placeholders, for the same reason as Rows. A statement using them must
// take its arguments in the order its placeholders are written, and use
// no $N.
func (d *DB) Params(from, n int) string {
	if d.Engine == Postgres {
		return Params(from, n)
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// StringAgg joins the values of expr in a group with commas.
func (d *DB) StringAgg(expr string) string {
	if d.Engine == Postgres {
		return "string_agg(" + expr + ", ',')"
	}
	return "group_concat(" + expr + ", ',')"
}
