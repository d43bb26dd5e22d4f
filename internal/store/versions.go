package store

import (
	"context"
	"database/sql"

	"sigap/internal/apperr"
)

// The kinds of record that carry an optimistic version.
const (
	VersionReport     = "report"
	VersionCase       = "discipline_case"
	VersionProtection = "protection_case"
)

var versionTables = map[string]string{VersionReport: "reports", VersionCase: "discipline_cases", VersionProtection: "protection_cases"}

type versionKey struct{ kind, publicID string }

// ExpectVersion returns ctx carrying the version of one record that the
// caller's form was read at. The change of that record made with ctx is
// refused (Conflict, "record.changed") when the record has moved on since:
// someone else changed it in between, on this instance or another. It
// travels in the context so that every change of the record checks it
// under the row's lock, whichever store method makes the change.
func ExpectVersion(ctx context.Context, kind, publicID string, version int64) context.Context {
	if version <= 0 || versionTables[kind] == "" {
		return ctx
	}
	return context.WithValue(ctx, versionKey{kind, publicID}, version)
}

// bumpVersion, inside a change of a record (its row already locked or
// locked by this update), moves its version on by one, first checking the
// version the caller expects when there is one.
func (s *Store) bumpVersion(ctx context.Context, tx *sql.Tx, kind string, id int64, publicID string) error {
	q, args := `UPDATE `+versionTables[kind]+` SET version = version + 1 WHERE id = $1`, []any{id}
	if want, ok := ctx.Value(versionKey{kind, publicID}).(int64); ok {
		q, args = q+` AND version = $2`, append(args, want)
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return apperr.Wrap(err, "version")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return apperr.New(apperr.Conflict, "record.changed")
	}
	return nil
}
