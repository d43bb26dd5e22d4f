package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"sigap/internal/apperr"
)

// Sign-in lockout: after freeAttempts failures an account locks, first for
// a minute, then twice as long at each further failure, up to maxLock. The
// count is kept per username whether the account exists or not, so the
// lockout itself tells nobody which accounts exist.
const (
	freeAttempts = 5
	maxLock      = time.Hour
	forgetAfter  = 24 * time.Hour // failures older than this no longer count
)

// SignInLockedUntil returns when a username may try again (zero: now).
func (s *Store) SignInLockedUntil(ctx context.Context, username string) (time.Time, error) {
	var until sql.NullTime
	err := s.db.R.QueryRowContext(ctx, `SELECT locked_until FROM signin_failures WHERE username = $1`, username).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !until.Valid) {
		return time.Time{}, nil
	}
	return until.Time, apperr.Wrap(err, "sign-in lock")
}

// RecordSignInFailure counts a failed attempt and returns the lock it
// causes (zero when none).
func (s *Store) RecordSignInFailure(ctx context.Context, username string) (time.Time, error) {
	now := s.Now()
	var lock time.Time
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var failures int
		var last time.Time
		err := tx.QueryRowContext(ctx, `SELECT failures, last_at FROM signin_failures WHERE username = $1`+s.db.ForUpdate(), username).Scan(&failures, &last)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && now.Sub(last) > forgetAfter) {
			failures = 0
		} else if err != nil {
			return err
		}
		failures++
		var until any
		if failures >= freeAttempts {
			d := time.Minute << min(failures-freeAttempts, 10)
			lock = now.Add(min(d, maxLock))
			until = lock
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO signin_failures (username, failures, last_at, locked_until) VALUES ($1, $2, $3, $4)
			ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at, locked_until = excluded.locked_until`,
			username, failures, now, until)
		return err
	})
	return lock, apperr.Wrap(err, "record sign-in failure")
}

// ClearSignInFailures forgets the failures of a username after a sign-in
// succeeds.
func (s *Store) ClearSignInFailures(ctx context.Context, username string) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM signin_failures WHERE username = $1`, username)
	return apperr.Wrap(err, "clear sign-in failures")
}
